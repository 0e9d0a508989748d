// The Porter (1980) suffix-stripping stemmer as NLTK's `PorterStemmer()` runs it by default (mode NLTK_EXTENSIONS),
// which is what Google's rouge-score calls when `use_stemmer=True`. Written from the published algorithm
// (M. F. Porter, "An algorithm for suffix stripping", Program 14(3), 1980) plus the NLTK departures listed below,
// and checked word for word against nltk 3.10.3 (see test/fixtures/rouge/porter-pairs.tsv.gz).
//
// NLTK_EXTENSIONS departures from the paper, all reproduced here:
//  - a small table of irregular forms is looked up first (sky/skies, dying, lying, tying, news, innings, ...);
//  - words of one or two characters are returned unchanged;
//  - step 1a: a four-letter word in -ies keeps -ie ("dies" -> "die");
//  - step 1b: -ied becomes -ie in four-letter words and -i otherwise, before the -eed/-ed/-ing rules;
//  - step 1c: y -> i only after a consonant that is not the first letter ("enjoy" stays, "happy" -> "happi");
//  - condition *o also holds for a two-letter vowel-consonant stem;
//  - step 2: -alli -> -al is tried first and, if it fires, step 2 runs again on the result; -bli -> -ble replaces
//    the paper's -abli -> -able; extra rules -fulli -> -ful and -logi -> -log (whose condition counts the l);
//  - step 5b measures the word minus one l, not minus both.
//
// Rule lists follow the paper's convention that the FIRST suffix that matches decides: if its condition fails the
// word is left as it is and later (shorter) suffixes are not tried ("-ement" blocks "-ment" and "-ent").
//
// Input is expected to be a lowercase ASCII word (the rouge tokenizers only pass [a-z0-9]+). Other strings are
// handled like NLTK as long as they hold no astral (non-BMP) characters, which NLTK indexes by code point.

const IRREGULAR_FORMS: ReadonlyMap<string, string> = new Map([
  ['sky', 'sky'],
  ['skies', 'sky'],
  ['dying', 'die'],
  ['lying', 'lie'],
  ['tying', 'tie'],
  ['news', 'news'],
  ['innings', 'inning'],
  ['inning', 'inning'],
  ['outings', 'outing'],
  ['outing', 'outing'],
  ['cannings', 'canning'],
  ['canning', 'canning'],
  ['howe', 'howe'],
  ['proceed', 'proceed'],
  ['exceed', 'exceed'],
  ['succeed', 'succeed'],
]);

const CH_A = 97;
const CH_E = 101;
const CH_I = 105;
const CH_O = 111;
const CH_U = 117;
const CH_Y = 121;

function isPlainVowel(c: number): boolean {
  return c === CH_A || c === CH_E || c === CH_I || c === CH_O || c === CH_U;
}

/** Porter's consonant: not a, e, i, o, u, and a y only when the letter before it is a vowel (or it starts the word). */
function isConsonantAt(w: string, i: number): boolean {
  const c = w.charCodeAt(i);
  if (c !== CH_Y) return !isPlainVowel(c);
  // Walk back over a run of y's: each one flips the answer. Iterative, so "yyyy…" cannot recurse deeply.
  let j = i;
  while (j > 0 && w.charCodeAt(j) === CH_Y) j--;
  const base = !isPlainVowel(w.charCodeAt(j)); // a y at index 0 counts as a consonant
  return ((i - j) & 1) === 1 ? !base : base;
}

/** Porter's measure m of the prefix w[0, len): the number of vowel-run → consonant-run transitions. */
function measure(w: string, len: number): number {
  let m = 0;
  let prevConsonant = true;
  for (let i = 0; i < len; i++) {
    const c = w.charCodeAt(i);
    const consonant: boolean = c === CH_Y ? i === 0 || !prevConsonant : !isPlainVowel(c);
    if (consonant && !prevConsonant) m++;
    prevConsonant = consonant;
  }
  return m;
}

/** Condition *v*: the prefix w[0, len) contains a vowel. */
function hasVowel(w: string, len: number): boolean {
  let prevConsonant = true;
  for (let i = 0; i < len; i++) {
    const c = w.charCodeAt(i);
    const consonant: boolean = c === CH_Y ? i === 0 || !prevConsonant : !isPlainVowel(c);
    if (!consonant) return true;
    prevConsonant = consonant;
  }
  return false;
}

/** Condition *d: the prefix ends with two equal consonants. */
function endsDoubleConsonant(w: string, len: number): boolean {
  return len >= 2 && w.charCodeAt(len - 1) === w.charCodeAt(len - 2) && isConsonantAt(w, len - 1);
}

/** Condition *o: the prefix ends consonant-vowel-consonant, the last not w, x or y; NLTK also accepts a two-letter vowel-consonant prefix. */
function endsCvc(w: string, len: number): boolean {
  if (len >= 3) {
    const last = w[len - 1];
    if (
      isConsonantAt(w, len - 3) &&
      !isConsonantAt(w, len - 2) &&
      isConsonantAt(w, len - 1) &&
      last !== 'w' &&
      last !== 'x' &&
      last !== 'y'
    ) {
      return true;
    }
  }
  return len === 2 && !isConsonantAt(w, 0) && isConsonantAt(w, 1);
}

/** A suffix rule: when `w` ends with `suffix`, `test(w, stemLength)` decides whether the stem gets `replacement`. */
type SuffixRule = readonly [suffix: string, replacement: string, test: (w: string, stemLength: number) => boolean];

const mPositive = (w: string, n: number): boolean => measure(w, n) > 0;
const mAboveOne = (w: string, n: number): boolean => measure(w, n) > 1;

/** The first rule whose suffix matches decides; a failed condition leaves the word unchanged. */
function applyFirstMatchingRule(w: string, rules: readonly SuffixRule[]): string {
  for (const [suffix, replacement, test] of rules) {
    if (!w.endsWith(suffix)) continue;
    const stemLength = w.length - suffix.length;
    return test(w, stemLength) ? w.slice(0, stemLength) + replacement : w;
  }
  return w;
}

function step1a(w: string): string {
  if (w.length === 4 && w.endsWith('ies')) return w.slice(0, 1) + 'ie'; // NLTK: "dies" -> "die", "ties" -> "tie"
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ies')) return w.slice(0, -2);
  if (w.endsWith('ss')) return w;
  if (w.endsWith('s')) return w.slice(0, -1);
  return w;
}

function step1b(w: string): string {
  if (w.endsWith('ied')) return w.slice(0, -3) + (w.length === 4 ? 'ie' : 'i'); // NLTK: "died" -> "die", "spied" -> "spi"
  if (w.endsWith('eed')) return measure(w, w.length - 3) > 0 ? w.slice(0, -1) : w; // (m>0) EED -> EE, else stop
  let stem: string;
  if (w.endsWith('ed') && hasVowel(w, w.length - 2)) stem = w.slice(0, -2);
  else if (w.endsWith('ing') && hasVowel(w, w.length - 3)) stem = w.slice(0, -3);
  else return w;
  return tidyAfterEdIng(stem);
}

/** Step 1b's second part, run only when -ed or -ing was removed: restore an e, undouble, or add e to short cvc stems. */
function tidyAfterEdIng(stem: string): string {
  if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return stem + 'e';
  const n = stem.length;
  if (endsDoubleConsonant(stem, n)) {
    const last = stem[n - 1];
    return last === 'l' || last === 's' || last === 'z' ? stem : stem.slice(0, -1);
  }
  return measure(stem, n) === 1 && endsCvc(stem, n) ? stem + 'e' : stem;
}

function step1c(w: string): string {
  // NLTK's rule: y -> i after a consonant that is not the whole stem (the paper asked only for a vowel in the stem).
  if (w.endsWith('y') && w.length > 2 && isConsonantAt(w, w.length - 2)) return w.slice(0, -1) + 'i';
  return w;
}

const STEP2_RULES: readonly SuffixRule[] = [
  ['ational', 'ate', mPositive],
  ['tional', 'tion', mPositive],
  ['enci', 'ence', mPositive],
  ['anci', 'ance', mPositive],
  ['izer', 'ize', mPositive],
  ['bli', 'ble', mPositive],
  ['alli', 'al', mPositive],
  ['entli', 'ent', mPositive],
  ['eli', 'e', mPositive],
  ['ousli', 'ous', mPositive],
  ['ization', 'ize', mPositive],
  ['ation', 'ate', mPositive],
  ['ator', 'ate', mPositive],
  ['alism', 'al', mPositive],
  ['iveness', 'ive', mPositive],
  ['fulness', 'ful', mPositive],
  ['ousness', 'ous', mPositive],
  ['aliti', 'al', mPositive],
  ['iviti', 'ive', mPositive],
  ['biliti', 'ble', mPositive],
  ['fulli', 'ful', mPositive],
  // NLTK keeps the l with the stem when measuring, so short stems such as "geologi" qualify.
  ['logi', 'log', (w, n) => measure(w, n + 1) > 0],
];

function step2(w: string): string {
  // NLTK tries -alli -> -al before the list and then runs step 2 again on the shortened word.
  while (w.endsWith('alli') && measure(w, w.length - 4) > 0) w = w.slice(0, -2);
  return applyFirstMatchingRule(w, STEP2_RULES);
}

const STEP3_RULES: readonly SuffixRule[] = [
  ['icate', 'ic', mPositive],
  ['ative', '', mPositive],
  ['alize', 'al', mPositive],
  ['iciti', 'ic', mPositive],
  ['ical', 'ic', mPositive],
  ['ful', '', mPositive],
  ['ness', '', mPositive],
];

const STEP4_RULES: readonly SuffixRule[] = [
  ['al', '', mAboveOne],
  ['ance', '', mAboveOne],
  ['ence', '', mAboveOne],
  ['er', '', mAboveOne],
  ['ic', '', mAboveOne],
  ['able', '', mAboveOne],
  ['ible', '', mAboveOne],
  ['ant', '', mAboveOne],
  ['ement', '', mAboveOne],
  ['ment', '', mAboveOne],
  ['ent', '', mAboveOne],
  ['ion', '', (w, n) => measure(w, n) > 1 && (w[n - 1] === 's' || w[n - 1] === 't')],
  ['ou', '', mAboveOne],
  ['ism', '', mAboveOne],
  ['ate', '', mAboveOne],
  ['iti', '', mAboveOne],
  ['ous', '', mAboveOne],
  ['ive', '', mAboveOne],
  ['ize', '', mAboveOne],
];

function step5a(w: string): string {
  // Two rules on the same suffix, and unlike elsewhere both conditions are tried: (m>1) E -> ; (m=1 and not *o) E -> .
  if (!w.endsWith('e')) return w;
  const n = w.length - 1;
  const m = measure(w, n);
  if (m > 1 || (m === 1 && !endsCvc(w, n))) return w.slice(0, n);
  return w;
}

function step5b(w: string): string {
  // NLTK measures the word minus ONE l (the paper's stem would drop both).
  if (w.endsWith('ll') && measure(w, w.length - 1) > 1) return w.slice(0, -1);
  return w;
}

function _shortInCodePoints(word: string): boolean {
  if (word.length <= 2) return true;
  if (word.length > 4) return false;
  // NLTK counts code points; an astral character is two UTF-16 units here.
  let n = 0;
  for (const _ of word) n++;
  return n <= 2;
}

/** NLTK `PorterStemmer().stem(word)` (mode NLTK_EXTENSIONS, `to_lowercase=True`). */
export function porterStem(word: string): string {
  const w = word.toLowerCase();
  const irregular = IRREGULAR_FORMS.get(w);
  if (irregular !== undefined) return irregular;
  if (_shortInCodePoints(word)) return w;
  let s = step1a(w);
  s = step1b(s);
  s = step1c(s);
  s = step2(s);
  s = applyFirstMatchingRule(s, STEP3_RULES);
  s = applyFirstMatchingRule(s, STEP4_RULES);
  s = step5a(s);
  return step5b(s);
}

/**
 * A memoising wrapper: real text repeats words constantly, and the stem of a word never changes. The cache is
 * dropped wholesale when it grows past `maxEntries` so memory stays bounded on endless streams.
 */
export class CachedPorterStemmer {
  private readonly cache = new Map<string, string>();
  constructor(private readonly maxEntries = 200_000) {}
  stem(word: string): string {
    let s = this.cache.get(word);
    if (s === undefined) {
      if (this.cache.size >= this.maxEntries) this.cache.clear();
      s = porterStem(word);
      this.cache.set(word, s);
    }
    return s;
  }
}
