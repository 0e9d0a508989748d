// The verl math rewards on hand-checked cases (each named after the reference quirk it pins), their options,
// signatures and input checks, and the shared scorer contract. The full golden comparison is goldens.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../../src/scorers/builtin.js';
import { createScorer } from '../../../src/scorers/registry.js';
import type { Item } from '../../../src/scorers/contract.js';
import { extractGsm8kAnswer } from '../../../src/scorers/verifiable/gsm8k.js';
import { extractBoxedAnswer } from '../../../src/scorers/verifiable/math-boxed.js';
import { isEquivMath, stripStringMath } from '../../../src/scorers/verifiable/hendrycks-math.js';
import { lastAnswerLine, normalizeFinalAnswer } from '../../../src/scorers/verifiable/minerva.js';
import { lastCodePoints, pyIsDigit } from '../../../src/scorers/verifiable/python-str.js';
import { runScorerContract } from '../contract-suite.js';

const one = async (spec: string, output: string, gt: string) => (await createScorer(spec).score([{ id: 'x', output, references: [gt] }]))[0];

test('Python slicing by code point: the last n code points, astral characters counting one', () => {
  assert.equal(lastCodePoints('ab😀c', 2), '😀c');
  assert.equal(lastCodePoints('ab😀c', 3), 'b😀c');
  assert.equal(lastCodePoints('abc', 10), 'abc');
  assert.equal(lastCodePoints('\udc00x', 2), '\udc00x'); // a lone surrogate is one code point, as in Python
  assert.ok(pyIsDigit('²٣３') && !pyIsDigit('') && !pyIsDigit('½') && !pyIsDigit('1,2'));
});

test('gsm8k strict takes the last "#### N" and drops commas; flexible takes the last number-like run', () => {
  assert.equal(extractGsm8kAnswer('x #### 5\n#### 1,234.', 'strict'), '1234.');
  assert.equal(extractGsm8kAnswer('####5', 'strict'), null); // the space after #### is required
  assert.equal(extractGsm8kAnswer('#### $12', 'strict'), null);
  assert.equal(extractGsm8kAnswer('it costs $1,234 in total.', 'flexible'), '1,234'); // flexible keeps commas
  assert.equal(extractGsm8kAnswer('so 7 . .', 'flexible'), '7');
  // no run but '.': upstream's loop variable is left at the first run it saw
  assert.equal(extractGsm8kAnswer('. , .', 'flexible'), ',');
  assert.equal(extractGsm8kAnswer('end .', 'flexible'), '.');
  assert.equal(extractGsm8kAnswer('no digits', 'flexible'), null);
});

test('gsm8k looks only at the last 300 code points, however many UTF-16 units they take', async () => {
  const answer = '#### 42';
  assert.equal((await one('gsm8k', answer + 'x'.repeat(293), '42')).value, 1); // 300 code points: whole answer seen
  assert.equal((await one('gsm8k', answer + 'x'.repeat(294), '42')).value, 0); // '#' cut: no match
  // 293 emoji are 586 UTF-16 units but 293 code points: the answer is still inside the window
  const r = await one('gsm8k', answer + '😀'.repeat(293), '42');
  assert.deepEqual([r.value, r.details?.pred], [1, '42']);
});

test('gsm8k options: format-score for a wrong extracted answer, score for a right one, 0 for none', async () => {
  assert.equal((await one('gsm8k:format-score=0.1,score=2', '#### 41', '42')).value, 0.1);
  assert.equal((await one('gsm8k:format-score=0.1,score=2', '#### 42', '42')).value, 2);
  assert.equal((await one('gsm8k:format-score=0.1,score=2', 'forty-two', '42')).value, 0);
  assert.deepEqual(createScorer('gsm8k:format-score=-1,score=2').range, [-1, 2]);
  assert.throws(() => createScorer('gsm8k:method=loose'), /expected one of strict, flexible/);
  assert.throws(() => createScorer('gsm8k:score=abc'), /not a number/);
});

test('math-boxed: last \\boxed{} (balanced braces), \\boxed with a space wins, \\fbox always scores 0', async () => {
  assert.equal(extractBoxedAnswer('\\boxed{1} then \\boxed{\\frac{1}{\\sqrt{2}}}.'), '\\frac{1}{\\sqrt{2}}');
  assert.equal(extractBoxedAnswer('\\boxed 5$ but later \\boxed{6}'), '5'); // any "\boxed " takes precedence
  assert.equal(extractBoxedAnswer('\\boxed{5'), null);
  assert.equal(extractBoxedAnswer('\\fbox{5}'), null); // upstream's remove_boxed asserts "\boxed{"
  assert.deepEqual(Object.values(await one('math-boxed', 'so \\fbox{5}', '5')), [0, { pred: null }]);
  assert.equal((await one('math-boxed', 'Thus $\\boxed{\\dfrac12}$.', '\\frac{1}{2}')).value, 1);
  assert.equal((await one('math-boxed', '\\boxed{0.5}', '\\frac{1}{2}')).value, 1);
  assert.equal((await one('math-boxed', '\\boxed{90^\\circ}', '90')).value, 1);
  assert.equal((await one('math-boxed', '\\boxed{\\left( 1, 2 \\right)}', '(1,2)')).value, 1);
  assert.equal((await one('math-boxed', '\\boxed{x = 5}', '5')).value, 1);
});

test('Hendrycks normalisation keeps the reference quirks', () => {
  assert.equal(stripStringMath('\\tfrac12'), '\\frac{1}{2}');
  assert.equal(stripStringMath('3/4'), '\\frac{3}{4}');
  assert.equal(stripStringMath('03/4'), '03/4'); // int() accepts it but "3/4" != "03/4"
  assert.equal(stripStringMath('5\\text{ cm}'), '5');
  assert.equal(stripStringMath('😀a=5'), '5'); // two code points before '=' (three UTF-16 units)
  assert.equal(stripStringMath('abc=5'), 'abc=5');
  assert.equal(stripStringMath('\\frac12\\frac3'), '\\frac12\\frac3'); // a short \frac leaves the whole string
  assert.equal(stripStringMath('1'.repeat(4301) + '/2'), '1'.repeat(4301) + '/2'); // CPython's int() digit limit
  // normalising raises (trailing \sqrt, two "\text{ "): is_equiv falls back to raw equality
  assert.throws(() => stripStringMath('2\\sqrt'));
  assert.equal(isEquivMath('2\\sqrt', '2\\sqrt'), true);
  assert.equal(isEquivMath('2\\sqrt', '2 \\sqrt'), false);
  assert.equal(isEquivMath('1\\text{ a}\\text{ b}', '1'), false);
});

test('math-dapo: last "Answer:" line, Minerva normalisation, +1/-1 with pred and acc', async () => {
  assert.deepEqual(await one('math-dapo', 'work...\nAnswer: $1,000$ dollars', '1000'), { value: 1, details: { pred: '1000', acc: true } });
  assert.deepEqual(await one('math-dapo', 'Answer: 3\nanſwer: \\boxed{34}', '34'), { value: 1, details: { pred: '34', acc: true } });
  assert.deepEqual(await one('math-dapo', 'no answer line', '34'), { value: -1, details: { pred: '[INVALID]', acc: false } });
  assert.equal(lastAnswerLine('Answer\u001c:\u001c7'), '7'); // Python's \s includes U+001C
  assert.equal(lastAnswerLine('Answer\ufeff: 7'), '[INVALID]'); // …but not U+FEFF, which JavaScript's \s has
  assert.equal(normalizeFinalAnswer('\\frac😀2'), '\\frac{😀}{2}');
  assert.equal(normalizeFinalAnswer('a$5\r$b'), '5'); // Python's . crosses \r (JavaScript's does not)
  assert.equal(normalizeFinalAnswer('1,²00'), '1²00'); // str.isdigit() accepts superscripts
  assert.equal(normalizeFinalAnswer('5 \ufeff'), '5\ufeff'); // str.strip() leaves U+FEFF
});

test('math-dapo strict-box compares the raw last \\boxed{} of the last 100 code points', async () => {
  assert.deepEqual(await one('math-dapo:strict-box=true', 'Answer: \\boxed{34}', '34'), { value: 1, details: { pred: '34', acc: true } });
  assert.deepEqual(await one('math-dapo:strict-box=true', '\\boxed{ 34}', '34'), { value: -1, details: { pred: ' 34', acc: false } });
  const far = await one('math-dapo:strict-box=true', '\\boxed{34}' + 'x'.repeat(100), '34');
  assert.deepEqual(far.details, { pred: null, acc: false });
});

test('signatures name every option and the pinned verl commit', () => {
  assert.match(createScorer('gsm8k').signature(), /^gsm8k\|method:strict\|format-score:0\|score:1\|ref:verl@b178a3c\|version:trenchcoat-/);
  assert.match(createScorer('gsm8k:method=flexible,score=2').signature(), /^gsm8k\|method:flexible\|format-score:0\|score:2\|ref:verl@b178a3c\|/);
  assert.match(createScorer('math-boxed').signature(), /^math-boxed\|ref:verl@b178a3c\|version:trenchcoat-/);
  assert.match(createScorer('math-dapo:strict-box=true').signature(), /^math-dapo\|strict-box:yes\|ref:verl@b178a3c\|version:/);
  assert.equal(createScorer('math-dapo:strict-box=true').spec(), 'math-dapo:strict-box=true');
  for (const id of ['gsm8k', 'math-boxed', 'math-dapo']) assert.equal(createScorer(id).family, 'verifiable');
});

test('an item with several references is refused, not reduced to the first', async () => {
  await assert.rejects(
    createScorer('gsm8k').score([{ id: 'q7', output: '#### 1', references: ['1', '2'] }]),
    /gsm8k: item q7 has 2 references; the verl reward compares with exactly one ground truth/,
  );
});

const gsmItems: Item[] = [
  { id: 'g1', output: 'She has 3 + 4 = 7 apples.\n#### 7', references: ['7'] },
  { id: 'g2', output: 'Total is 1,200 dollars.\n#### 1,200', references: ['1200'] },
  { id: 'g3', output: 'I think the answer is 12', references: ['12'] },
  { id: 'g4', output: '#### 5\n#### 6', references: ['5'] },
  { id: 'g5', output: '', references: ['0'] },
];
const mathItems: Item[] = [
  { id: 'm1', output: 'So the answer is $\\boxed{\\dfrac{1}{2}}$.', references: ['\\frac{1}{2}'] },
  { id: 'm2', output: 'Answer: 34\nso \\boxed{34}', references: ['34'] },
  { id: 'm3', output: 'The interval is \\boxed{[0,1)}', references: ['(0,1]'] },
  { id: 'm4', output: 'no box here; Answer: 7', references: ['7'] },
  { id: 'm5', output: '\\fbox{90^\\circ}', references: ['90'] },
];
runScorerContract({ create: createScorer, spec: 'gsm8k', items: gsmItems });
runScorerContract({ create: createScorer, spec: 'gsm8k:method=flexible,format-score=0.1', items: gsmItems });
runScorerContract({ create: createScorer, spec: 'math-boxed', items: mathItems });
runScorerContract({ create: createScorer, spec: 'math-dapo', items: mathItems });
runScorerContract({ create: createScorer, spec: 'math-dapo:strict-box=true', items: mathItems });
