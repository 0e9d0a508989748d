// Bradley–Terry against Python references computed side by side (scratch scripts, not needed to run) on the
// AlpacaEval battle fixture (17,484 battles, 19 models, 54 ties; test/fixtures/prefs/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BradleyTerryError, bradleyTerry, tabulateBattles, type Battle } from '../../src/prefs/index.js';
import { alpacaBattles } from '../fixtures/prefs/load.js';

// [model, sklearn unpenalised, sklearn C = 1, …] ratings (400·coef + 1000). FastChat's classic compute_mle_elo fit:
// battles duplicated, a tie = one A-win row + one B-win row, X = ±ln 10, LogisticRegression(fit_intercept=False),
// scikit-learn 1.9.1. Solved with solver='newton-cg', tol=1e-12 so the reference is converged: FastChat's own
// settings (lbfgs, tol=1e-8) stop early and differ from the optimum by up to 1.3e-4 rating points here (e.g.
// NullModel 1644.315137 instead of 1644.315113). Column 3 is C = 1, sklearn's default L2 penalty, which is our
// prior λ = 1/(2C) = 0.5.
const SKLEARN: [string, number, number][] = [
  ['gpt4_1106_preview', 1376.985966872, 1376.678076484],
  ['FuseChat-Gemma-2-9B-Instruct', 1542.374221203, 1541.77104428],
  ['FuseChat-Llama-3.1-8B-Instruct', 1485.832765277, 1485.294263251],
  ['NullModel', 1644.315112898, 1643.53552837],
  ['OpenHermes-2.5-Mistral-7B', 1004.171500207, 1004.007200209],
  ['Qwen-14B-Chat', 947.045309547, 946.974634368],
  ['alpaca-7b', 722.326721187, 722.781815951],
  ['alpaca-7b_concise', 640.61730777, 641.323261798],
  ['alpaca-7b_verbose', 738.782709344, 739.187419939],
  ['claude-2.1', 1085.087258001, 1084.822396917],
  ['claude-2.1_concise', 986.92047687, 986.777621318],
  ['falcon-7b-instruct', 711.284995732, 711.796417492],
  ['gemma-7b-it', 940.929159624, 940.85627139],
  ['gpt-3.5-turbo-1106', 955.865048444, 955.773866171],
  ['gpt-3.5-turbo-1106_concise', 910.483177851, 910.474464588],
  ['gpt-3.5-turbo-1106_verbose', 1046.927927697, 1046.703595923],
  ['gpt4_gamed', 684.019230744, 684.602083018],
  ['text_davinci_001', 669.596462333, 670.210939155],
  ['vicuna-13b', 906.434648398, 906.429099378],
];

// [model, q2.5, q97.5, sd] of a FastChat-style bootstrap in NumPy: unique (a, b, outcome) counts redrawn from
// Multinomial(n, counts/n), refitted, 1000 rounds, np.random.default_rng(7). Our generator differs from NumPy's, so
// this compares distributions: bounds within half a bootstrap sd (≈ 4 Monte-Carlo standard errors), sd within 12%.
const NUMPY_BOOTSTRAP: [string, number, number, number][] = [
  ['gpt4_1106_preview', 1365.964, 1391.408, 6.304],
  ['FuseChat-Gemma-2-9B-Instruct', 1516.579, 1573.1, 14.205],
  ['FuseChat-Llama-3.1-8B-Instruct', 1460.372, 1512.414, 13.176],
  ['NullModel', 1616.293, 1676.146, 15.515],
  ['OpenHermes-2.5-Mistral-7B', 978.006, 1035.084, 14.818],
  ['Qwen-14B-Chat', 918.246, 975.964, 14.749],
  ['alpaca-7b', 681.631, 756.155, 18.85],
  ['alpaca-7b_concise', 594.249, 682.219, 22.397],
  ['alpaca-7b_verbose', 698.441, 775.296, 19.611],
  ['claude-2.1', 1060.189, 1111.374, 13.479],
  ['claude-2.1_concise', 958.553, 1016.308, 15.006],
  ['falcon-7b-instruct', 671.788, 747.128, 19.383],
  ['gemma-7b-it', 910.801, 970.518, 15.434],
  ['gpt-3.5-turbo-1106', 925.392, 986.437, 15.412],
  ['gpt-3.5-turbo-1106_concise', 877.978, 940.928, 15.928],
  ['gpt-3.5-turbo-1106_verbose', 1021.792, 1076.607, 13.879],
  ['gpt4_gamed', 634.357, 724.429, 23.228],
  ['text_davinci_001', 625.603, 709.494, 21.941],
  ['vicuna-13b', 875.745, 937.256, 16.165],
];

const battles = alpacaBattles();
const byModel = <T extends { model: string }>(rows: T[]) => new Map(rows.map((r) => [r.model, r]));

test('MLE equals sklearn LogisticRegression on FastChat\'s duplicated rows (19 models, max |Δ| < 1e-6)', () => {
  const r = byModel(bradleyTerry(battles).ratings);
  let worst = 0;
  for (const [model, rating] of SKLEARN) worst = Math.max(worst, Math.abs(r.get(model)!.rating - rating));
  assert.ok(worst < 1e-6, `max |diff| ${worst}`);
  // unanchored ratings average init
  const mean = [...r.values()].reduce((s, x) => s + x.rating, 0) / r.size;
  assert.ok(Math.abs(mean - 1000) < 1e-9);
});

test('prior λ = 0.5 equals sklearn\'s default C = 1 L2 penalty', () => {
  const r = byModel(bradleyTerry(battles, { prior: 0.5 }).ratings);
  let worst = 0;
  for (const [model, , rating] of SKLEARN) worst = Math.max(worst, Math.abs(r.get(model)!.rating - rating));
  assert.ok(worst < 1e-6, `max |diff| ${worst}`);
});

test('a tie counts as half a win: ties give the ratings of battles doubled with each tie split into one win each way', () => {
  const doubled: Battle[] = battles.flatMap((b): Battle[] =>
    b.outcome === 'tie' ? [{ ...b, outcome: 'a' }, { ...b, outcome: 'b' }] : [b, b],
  );
  const numeric = battles.map((b) => ({ ...b, outcome: b.outcome === 'tie' ? 0.5 : b.outcome }));
  const base = bradleyTerry(battles).ratings;
  const d = byModel(bradleyTerry(doubled).ratings);
  const n = byModel(bradleyTerry(numeric).ratings);
  for (const x of base) {
    assert.ok(Math.abs(x.rating - d.get(x.model)!.rating) < 1e-9);
    assert.equal(x.rating, n.get(x.model)!.rating);
  }
  // and dropping the 54 ties changes the fit (they are not ignored)
  const noTies = byModel(bradleyTerry(battles.filter((b) => b.outcome !== 'tie')).ratings);
  assert.ok(Math.abs(noTies.get('gpt4_1106_preview')!.rating - byModel(base).get('gpt4_1106_preview')!.rating) > 0.01);
});

test('multinomial bootstrap: reproducible for a seed, matches a NumPy bootstrap in distribution', () => {
  const a = bradleyTerry(battles, {}, { rounds: 1000, seed: 1 });
  const again = bradleyTerry(battles, {}, { rounds: 1000, seed: 1 });
  assert.deepEqual(again, a);
  const other = bradleyTerry(battles, {}, { rounds: 1000, seed: 2 });
  assert.notDeepEqual(other.ratings.map((r) => r.lower), a.ratings.map((r) => r.lower));
  const r = byModel(a.ratings);
  for (const [model, lo, hi, sd] of NUMPY_BOOTSTRAP) {
    const x = r.get(model)!;
    assert.ok(Math.abs(x.lower! - lo) < 0.5 * sd, `${model} lower ${x.lower} vs ${lo}`);
    assert.ok(Math.abs(x.upper! - hi) < 0.5 * sd, `${model} upper ${x.upper} vs ${hi}`);
    assert.ok(Math.abs(Math.sqrt(x.variance!) / sd - 1) < 0.12, `${model} sd ${Math.sqrt(x.variance!)} vs ${sd}`);
  }
});

test('rank = 1 + number of models whose lower bound is above my upper bound (Arena rank UB)', () => {
  const r = bradleyTerry(battles, {}, { rounds: 200, seed: 5 }).ratings;
  for (const x of r) assert.equal(x.rank, 1 + r.filter((o) => o !== x && o.lower! > x.upper!).length);
  // overlapping intervals share ranks: ranks are not a permutation here
  assert.ok(new Set(r.map((x) => x.rank)).size < r.length);
  // without bootstrap: plain order
  const plain = bradleyTerry(battles).ratings;
  assert.deepEqual(plain.map((x) => x.rank), plain.map((_, i) => i + 1));
});

test('anchor: one model pinned, every rating shifted alike, in the estimate and in each bootstrap round', () => {
  const free = byModel(bradleyTerry(battles).ratings);
  const pinned = bradleyTerry(battles, { anchor: { model: 'claude-2.1', rating: 1114 } }, { rounds: 50, seed: 0 });
  const shift = 1114 - free.get('claude-2.1')!.rating;
  for (const x of pinned.ratings) assert.ok(Math.abs(x.rating - (free.get(x.model)!.rating + shift)) < 1e-9);
  const c = pinned.ratings.find((x) => x.model === 'claude-2.1')!;
  assert.equal(c.rating, 1114);
  assert.ok(Math.abs(c.lower! - 1114) < 1e-9 && Math.abs(c.upper! - 1114) < 1e-9);
});

test('a model that never loses has no finite MLE: a clear error, or a finite MAP with a prior', () => {
  const extra: Battle[] = [...battles, ...Array.from({ length: 5 }, () => ({ modelA: 'oracle', modelB: 'alpaca-7b', outcome: 'a' as const }))];
  assert.throws(() => bradleyTerry(extra), (e: unknown) => e instanceof BradleyTerryError && /oracle won every battle against the other 19 model/.test((e as Error).message));
  const map = bradleyTerry(extra, { prior: 0.01 });
  assert.equal(map.ratings[0].model, 'oracle');
  assert.ok(Number.isFinite(map.ratings[0].rating));
});

test('sufficient statistics: self-battles are left out, both orientations of a pair fold into one pair', () => {
  const t = tabulateBattles([
    { modelA: 'x', modelB: 'y', outcome: 'a' },
    { modelA: 'y', modelB: 'x', outcome: 'b' },
    { modelA: 'y', modelB: 'x', outcome: 'tie' },
    { modelA: 'x', modelB: 'x', outcome: 'a' },
  ]);
  assert.deepEqual(t.models, ['x', 'y']);
  assert.equal(t.pairI.length, 1);
  assert.equal(t.battles, 3);
  assert.equal(t.selfBattles, 1);
  // x won twice (once as A, once as B) and tied once: cells (score 1) ×2 and (score ½) ×1
  assert.deepEqual([...t.cellScore], [1, 0.5]);
  assert.deepEqual([...t.cellCount], [2, 1]);
  // x: 2.5 of 3 → θx − θy = log10(2.5/0.5) → 400·log10(5) points apart
  const r = byModel(bradleyTerry(t).ratings);
  assert.ok(Math.abs(r.get('x')!.rating - r.get('y')!.rating - 400 * Math.log10(5)) < 1e-9);
});

test('bootstrap rounds without a finite MLE: an error by default, skipped and counted on request', () => {
  // 'rare' has one win and one loss among 5 models: many resamples lose one of the two, and then it won or lost everything
  const few: Battle[] = [...battles.slice(0, 2000), { modelA: 'rare', modelB: 'NullModel', outcome: 'a' }, { modelA: 'rare', modelB: 'NullModel', outcome: 'b' }];
  assert.throws(() => bradleyTerry(few, {}, { rounds: 50, seed: 0 }), /bootstrap round \d+: no finite Bradley–Terry MLE: rare (won|lost) every battle against the other 4 model/);
  const r = bradleyTerry(few, {}, { rounds: 50, seed: 0, onDegenerate: 'skip' });
  assert.ok(r.bootstrap!.skipped > 0 && r.bootstrap!.skipped < 50);
  for (const x of r.ratings) assert.ok(Number.isFinite(x.lower!) && Number.isFinite(x.upper!));
});
