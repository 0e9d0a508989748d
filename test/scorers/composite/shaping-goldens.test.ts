// TRL / open-r1 shaping terms and TRL's think format against their own functions' outputs
// (test/fixtures/rewards/README.md): every case must be identical, not merely close.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import '../../../src/scorers/builtin.js';
import { createScorer } from '../../../src/scorers/registry.js';
import type { Item } from '../../../src/scorers/contract.js';

const G = JSON.parse(gunzipSync(readFileSync(new URL('../../fixtures/rewards/golden-trl-rewards.json.gz', import.meta.url))).toString('utf8'));

function mismatches(got: (number | null)[], want: number[]): string[] {
  const bad: string[] = [];
  want.forEach((w, i) => {
    if (!Object.is(got[i], w)) bad.push(`case ${i}: got ${got[i]} want ${w}`);
  });
  return bad;
}

test('think-format equals TRL think_format_reward on 2,400 outputs (nested, unclosed, leading whitespace, unicode)', async () => {
  const cases = G.think_format as { output: string; value: number }[];
  assert.ok(cases.length >= 2000);
  const items: Item[] = cases.map((c, i) => ({ id: String(i), output: c.output }));
  const got = (await createScorer('think-format').score(items)).map((s) => s.value);
  assert.deepEqual(mismatches(got, cases.map((c) => c.value)), []);
  // both outcomes are well represented, so the goldens can catch a rule that is always 0 or always 1
  const ones = cases.filter((c) => c.value === 1).length;
  assert.ok(ones > 300 && ones < cases.length - 300, `${ones} passing`);
});

test('overlong equals TRL get_soft_overlong_punishment on 2,000 (max, buffer, length), incl. buffer 0 and the edges', async () => {
  const cases = G.soft_overlong_trl as { max: number; buffer: number; length: number; value: number }[];
  const bad: string[] = [];
  for (const c of cases) {
    const s = createScorer(`overlong:max-length=${c.max},buffer=${c.buffer}`);
    const [got] = await s.score([{ id: 'x', output: '', meta: { completion_ids: c.length } }]);
    if (!Object.is(got.value, c.value)) bad.push(`${JSON.stringify(c)} got ${got.value}`);
  }
  assert.deepEqual(bad, []);
  assert.ok(cases.some((c) => c.value === -1) && cases.some((c) => c.value === 0) && cases.some((c) => c.value > -1 && c.value < 0));
});

test('repetition (unit=tokens) equals TRL get_repetition_penalty_reward on 2,000 id lists', async () => {
  const cases = G.repetition_trl as { ngram: number; max_penalty: number; ids: number[]; value: number }[];
  const bad: string[] = [];
  for (const c of cases) {
    const s = createScorer(`repetition:ngram=${c.ngram},max-penalty=${c.max_penalty}`);
    const [got] = await s.score([{ id: 'x', output: 'ignored', meta: { completion_ids: c.ids } }]);
    if (!Object.is(got.value, c.value)) bad.push(`${JSON.stringify(c)} got ${got.value}`);
  }
  assert.deepEqual(bad, []);
});

test('repetition (unit=words) equals open-r1 on 2,000 texts (Python lower() and split(), final sigma, U+3000, −0.0)', async () => {
  const cases = G.repetition_open_r1 as { ngram: number; max_penalty: number; output: string; value: number }[];
  const bad: string[] = [];
  for (const c of cases) {
    const s = createScorer(`repetition:ngram=${c.ngram},max-penalty=${c.max_penalty},unit=words`);
    const [got] = await s.score([{ id: 'x', output: c.output }]);
    if (!Object.is(got.value, c.value)) bad.push(`${JSON.stringify(c)} got ${got.value}`);
  }
  assert.deepEqual(bad, []);
});

test('cosine-length equals TRL _CosineScaledReward bit for bit on 2,000 (length, max_len, correctness, bounds)', async () => {
  const cases = G.cosine_trl as { max_len: number; min_value_wrong: number; max_value_wrong: number; min_value_correct: number; max_value_correct: number; length: number; correct: boolean; value: number }[];
  const got: (number | null)[] = [];
  for (const c of cases) {
    // the verifier is `exact` on a reference that the output equals exactly when the case is correct
    const s = createScorer(
      `cosine-length:verifier=exact,max-length=${c.max_len},min-wrong=${c.min_value_wrong},max-wrong=${c.max_value_wrong},min-correct=${c.min_value_correct},max-correct=${c.max_value_correct}`,
    );
    const [one] = await s.score([{ id: 'x', output: '42', references: [c.correct ? '42' : '41'], meta: { completion_ids: c.length } }]);
    got.push(one.value);
  }
  assert.deepEqual(mismatches(got, cases.map((c) => c.value)), []);
  // glibc's cos is not correctly rounded at 3550/4096·π: a correctly rounded cos would miss this case
  assert.ok(cases.some((c) => c.max_len === 4096 && c.length === 3550 && c.correct && c.value === 0.5216032380136872));
});

test('cosine-length with unit=chars,clamp=false equals open-r1 get_cosine_scaled_reward bit for bit on 1,000 texts', async () => {
  const cases = G.cosine_open_r1 as { max_len: number; output: string; correct: boolean; value: number }[];
  const got: (number | null)[] = [];
  for (const c of cases) {
    const s = createScorer(`cosine-length:verifier="regex:pattern=^",max-length=${c.max_len},unit=chars,clamp=false`);
    const item: Item = { id: 'x', output: c.output };
    const verdict = c.correct ? s : createScorer(`cosine-length:verifier="regex:pattern=^(?!)",max-length=${c.max_len},unit=chars,clamp=false`);
    const [one] = await verdict.score([item]);
    got.push(one.value);
  }
  assert.deepEqual(mismatches(got, cases.map((c) => c.value)), []);
});
