// `repetition:ngram=3,max-penalty=-1,unit=tokens|words`: the n-gram repetition penalty of Yeo et al. 2025
// ("Demystifying Long Chain-of-Thought Reasoning", App. C.2): (1 − #distinct n-grams / #n-grams) · max-penalty, 0 when
// the completion has fewer than n units.
//   unit=tokens — TRL's `get_repetition_penalty_reward` (trl/rewards/other_rewards.py at f2cd577): n-grams of the
//                 completion token ids, read from `meta[tokens-field]` (default `completion_ids`); no repeat gives 0.0.
//   unit=words  — open-r1's `get_repetition_penalty_reward` (src/open_r1/rewards.py at huggingface/open-r1
//                 1416fa0cf21595d2083b399a2a0bbddd7f6e9563, language "en"): n-grams of `text.lower().split()` (Python's
//                 lowercasing and whitespace), an empty output gives 0.0; a repeat-free output gives 0 · max-penalty,
//                 which is −0.0 in Python and here.
// Both pinned by 2,000 goldens each.
import { BasePointwiseScorer, type Item, type Needs, type Score, type SignatureContext } from '../contract.js';
import type { ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec } from '../spec.js';
import { pySplit, pythonLower } from '../lexical/text.js';
import { completionTokenIds, DEFAULT_TOKENS_FIELD } from './completion-length.js';

export type RepetitionUnit = 'tokens' | 'words';

/** 1 − distinct/total over the n-grams of `units`; null when there are fewer than n units. */
export function repeatedNgramFraction(units: readonly (number | string)[], n: number): number | null {
  if (units.length < n) return null;
  const total = units.length - n + 1;
  // Distinct n-grams are counted by interning, not by string keys: each unit gets a small integer id (a Map, whose
  // keys compare by SameValueZero as Python's tuple items do for ints and strs), then each (id of the first k units,
  // id of unit k+1) pair gets the id of the first k+1 units. Equal ids ⇔ equal n-grams.
  const uid = new Int32Array(units.length);
  let distinct: number;
  if (units.every((x) => typeof x === 'number' && (x | 0) === x)) {
    // token ids that fit in 32 bits (all real vocabularies): intern (id, 0) pairs in the typed-array table
    for (let i = 0; i < units.length; i++) uid[i] = units[i] as number;
    distinct = _internPairs(uid, new Int32Array(units.length), 0, units.length);
  } else {
    const unitIds = new Map<number | string, number>();
    for (let i = 0; i < units.length; i++) {
      let id = unitIds.get(units[i]);
      if (id === undefined) unitIds.set(units[i], (id = unitIds.size));
      uid[i] = id;
    }
    distinct = unitIds.size;
  }
  const gram = uid.slice(0, total);
  for (let k = 1; k < n; k++) distinct = _internPairs(gram, uid, k, total);
  return 1 - distinct / total;
}

let _pairA = new Int32Array(0);
let _pairB = new Int32Array(0);
let _pairId = new Int32Array(0);

/** gram[i] ← id of the pair (gram[i], uid[i + k]) for i < total, ids dense from 0; returns how many distinct pairs. */
function _internPairs(gram: Int32Array, uid: Int32Array, k: number, total: number): number {
  let size = 16;
  while (size < 2 * total) size *= 2;
  if (_pairId.length < size) {
    _pairA = new Int32Array(size);
    _pairB = new Int32Array(size);
    _pairId = new Int32Array(size);
  }
  _pairId.fill(-1, 0, size);
  const mask = size - 1;
  let next = 0;
  for (let i = 0; i < total; i++) {
    const a = gram[i], b = uid[i + k];
    // open addressing, linear probing; the table is at most half full
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) & mask;
    for (;;) {
      const id = _pairId[h];
      if (id === -1) {
        _pairA[h] = a;
        _pairB[h] = b;
        _pairId[h] = next;
        gram[i] = next++;
        break;
      }
      if (_pairA[h] === a && _pairB[h] === b) {
        gram[i] = id;
        break;
      }
      h = (h + 1) & mask;
    }
  }
  return next;
}

export class RepetitionScorer extends BasePointwiseScorer {
  readonly id = 'repetition';
  readonly family = 'verifiable' as const;
  readonly needs: Needs = {};
  readonly direction = 'higher' as const;
  readonly range: readonly [number, number];
  constructor(
    readonly ngram = 3,
    readonly maxPenalty = -1,
    readonly unit: RepetitionUnit = 'tokens',
    readonly tokensField = DEFAULT_TOKENS_FIELD,
  ) {
    super();
    this.range = [maxPenalty, 0];
  }
  spec(): string {
    const o: [string, string][] = [];
    if (this.ngram !== 3) o.push(['ngram', String(this.ngram)]);
    if (this.maxPenalty !== -1) o.push(['max-penalty', String(this.maxPenalty)]);
    if (this.unit !== 'tokens') o.push(['unit', this.unit]);
    if (this.tokensField !== DEFAULT_TOKENS_FIELD) o.push(['tokens-field', this.tokensField]);
    return formatSpec('repetition', [], o);
  }
  signature(_ctx?: SignatureContext): string {
    const unit = this.unit === 'tokens' ? `tokens(${this.tokensField})` : 'words(py-lower-split)';
    return formatSignature('Repetition', [['n', this.ngram], ['max', this.maxPenalty], ['unit', unit]]);
  }
  protected scoreOne(item: Item): Score {
    if (this.unit === 'tokens') {
      const f = repeatedNgramFraction(completionTokenIds(item, this.tokensField, 'repetition'), this.ngram);
      // TRL: `scaling * max_penalty if scaling else 0.0`
      return { value: f ? f * this.maxPenalty : 0 };
    }
    if (item.output === '') return { value: 0 };
    const f = repeatedNgramFraction(pySplit(pythonLower(item.output)), this.ngram);
    return { value: f === null ? 0 : f * this.maxPenalty };
  }
}

export const repetitionFactory: ScorerFactory = {
  name: 'repetition',
  aliases: ['repetition-penalty'],
  summary: 'n-gram repetition penalty (TRL on token ids, or open-r1 on lowercased words), from 0 down to max-penalty',
  options: 'ngram=3, max-penalty=-1 (≤ 0), unit=tokens|words, tokens-field=completion_ids',
  optionDocs: {
    ngram: 'n of the n-grams counted',
    'max-penalty': 'the value when every n-gram repeats (≤ 0); the penalty is (1 − distinct/total) · max-penalty',
    unit: 'tokens: n-grams of the token ids in meta[tokens-field] (TRL); words: of the lowercased whitespace-split text (open-r1)',
    'tokens-field': 'with unit=tokens, the item field holding the completion token ids or their count',
  },
  create(o) {
    const s = new RepetitionScorer(
      o.number('ngram', 3, { integer: true, min: 1 }),
      o.number('max-penalty', -1, { max: 0 }),
      o.string('unit', 'tokens', ['tokens', 'words'] as const),
      o.string('tokens-field', DEFAULT_TOKENS_FIELD),
    );
    o.done();
    return s;
  },
};
