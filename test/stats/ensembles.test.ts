// The one implementation of the ensemble rules shared by best-of-n (combineProxies, `bon --ensemble`) and composite
// rewards (`combine: mean|min|worst|uwo`), and uwo's two spreads: variance (Coste et al. 2024, bon's default) and
// standard deviation (issue 10's `mean − λ·std`, the composite default).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { BON_UWO_SPREAD, combineMemberScores, combineProxies, COMPOSITE_UWO_SPREAD } from '../../src/stats/ensembles.js';
import { CompositeReward } from '../../src/scorers/composite/composite-reward.js';
import { parseRewardDefinition } from '../../src/scorers/composite/reward-file.js';
import '../../src/scorers/builtin.js';

test('uwo: mean − λ·variance with spread=var, mean − λ·std with spread=std (population, ÷K), hand-checked', () => {
  // members 1, 3, 8: mean 4, population variance (9 + 1 + 16)/3 = 26/3
  assert.equal(combineMemberScores([1, 3, 8], 'uwo', 0.5, 'var'), 4 - 0.5 * (26 / 3));
  assert.equal(combineMemberScores([1, 3, 8], 'uwo', 0.5, 'std'), 4 - 0.5 * Math.sqrt(26 / 3));
  // (1, 3): variance 1 = std 1, so the spreads agree; λ = 0 is the mean
  assert.equal(combineMemberScores([1, 3], 'uwo', 2, 'var'), 0);
  assert.equal(combineMemberScores([1, 3], 'uwo', 2, 'std'), 0);
  assert.equal(combineMemberScores([1, 3, 8], 'uwo', 0, 'std'), 4);
  // (0, 0.2): std 0.1 > variance 0.01, so std penalises small disagreements more
  assert.equal(combineMemberScores([0, 0.2], 'uwo', 1, 'std'), 0.1 - Math.sqrt(0.01000000000000000021));
  assert.ok(combineMemberScores([0, 0.2], 'uwo', 1, 'std') < combineMemberScores([0, 0.2], 'uwo', 1, 'var'));
  assert.ok(Number.isNaN(combineMemberScores([1, NaN], 'uwo', 1, 'std')));
  assert.throws(() => combineMemberScores([1, 2], 'uwo', 1, 'sd' as never), /unknown uwo spread "sd"/);
  assert.equal(combineMemberScores([1, 3, 8], 'mean', 1, 'var'), 4);
  assert.equal(combineMemberScores([1, 3, 8], 'min', 1, 'var'), 1);
});

test("defaults: best-of-n uses Coste et al.'s variance, composite rewards the standard deviation", () => {
  assert.equal(BON_UWO_SPREAD, 'var');
  assert.equal(COMPOSITE_UWO_SPREAD, 'std');
  // combineProxies will not guess: uwo needs its spread stated
  assert.throws(() => combineProxies([[Float64Array.from([1])], [Float64Array.from([2])]], { rule: 'uwo' }), /uwo needs spread/);
});

test('both paths compute with the same function: bon (combineProxies) and a composite reward equal combineMemberScores bit for bit', async () => {
  const reward = (spread: 'std' | 'var', lambda: number, K: number) =>
    new CompositeReward(parseRewardDefinition({ combine: 'uwo', lambda, spread, components: Array.from({ length: K }, (_, k) => ({ name: `m${k}`, spec: `column:m${k}` })) }, 'r.yaml'));
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
      fc.double({ min: 0, max: 3, noNaN: true }),
      fc.constantFrom('std' as const, 'var' as const),
      async (rows, lambda, spread) => {
        const K = rows[0].length;
        const cands = rows.map((r) => Array.from({ length: K }, (_, k) => r[k % r.length]));
        const want = cands.map((v) => combineMemberScores(v, 'uwo', lambda, spread));
        const members = Array.from({ length: K }, (_, k) => [Float64Array.from(cands.map((c) => c[k]))]);
        const bon = Array.from(combineProxies(members, { rule: 'uwo', lambda, spread, standardize: false })[0]);
        assert.deepEqual(bon, want);
        const items = cands.map((c, i) => ({ id: String(i), output: 'x', meta: Object.fromEntries(c.map((x, k) => [`m${k}`, x])) }));
        const composite = (await reward(spread, lambda, K).score(items)).map((s) => s.value);
        assert.deepEqual(composite, want);
      },
    ),
    { numRuns: 150, seed: 20 },
  );
  // and neither module carries a formula of its own: both import the shared one
  const src = (p: string) => readFileSync(new URL(`../../src/${p}`, import.meta.url), 'utf8');
  assert.match(src('scorers/composite/composite-reward.ts'), /import \{ combineMemberScores \} from '\.\.\/\.\.\/stats\/ensembles\.js'/);
  assert.match(src('cli/bon.ts'), /combineProxies\(members, \{ rule, lambda, spread \}\)/);
});

test('the spread is named where the number is reported: the composite signature and the bon proxy name', () => {
  const sig = (spread?: string) =>
    new CompositeReward(parseRewardDefinition({ combine: 'uwo', ...(spread ? { spread } : {}), components: [{ name: 'a', spec: 'exact' }, { name: 'b', spec: 'think-format' }] }, 'r.yaml')).signature({ nrefs: 1 });
  assert.match(sig(), /\|combine:uwo\|lambda:1\|spread:std\|/);
  assert.match(sig('var'), /\|combine:uwo\|lambda:1\|spread:var\|/);
  assert.notEqual(sig('std'), sig('var'));
  assert.equal(sig(), sig('std'));
});
