// Online Elo (FastChat compute_elo): a hand-computed sequence, and the 17,484-battle fixture replayed against a
// Python replay of the same recurrence (scratch script, float64, not needed to run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onlineElo } from '../../src/prefs/index.js';
import { alpacaBattles } from '../fixtures/prefs/load.js';

test('four battles by hand (K = 4): win, tie, win, loss', () => {
  // 1. A beats B at 1000/1000: E = ½, A 1002, B 998.
  // 2. A (1002) ties C (1000): E_A = 1/(1 + 10^(−2/400)) = 0.502878…, A 1001.988487…, C 1000.011513…
  // 3. B (998) beats C (1000.011513): B 1000.011579…, C 997.999934…
  // 4. C (997.999934, on the A side) loses to A (1001.988487): A 1003.965528…, C 996.022893…
  // Reference digits from a 40-digit decimal computation.
  const r = onlineElo([
    { modelA: 'A', modelB: 'B', outcome: 'a' },
    { modelA: 'A', modelB: 'C', outcome: 'tie' },
    { modelA: 'B', modelB: 'C', outcome: 'a' },
    { modelA: 'C', modelB: 'A', outcome: 'b' },
  ]);
  const get = (m: string) => r.ratings.find((x) => x.model === m)!.rating;
  assert.ok(Math.abs(get('A') - 1003.96552825085720939) < 1e-9);
  assert.ok(Math.abs(get('B') - 1000.01157906908490413) < 1e-9);
  assert.ok(Math.abs(get('C') - 996.022892680057886468) < 1e-9);
  assert.deepEqual(r.ratings.map((x) => x.model), ['A', 'B', 'C']);
  assert.deepEqual(r.ratings.map((x) => x.battles), [3, 2, 3]);
});

// [model, K = 4, K = 32] after replaying the fixture in file order.
const PYTHON: [string, number, number][] = [
  ['gpt4_1106_preview', 1491.9646216266044, 1624.7953866907726],
  ['FuseChat-Gemma-2-9B-Instruct', 1286.2115353275587, 1522.3245283885947],
  ['FuseChat-Llama-3.1-8B-Instruct', 1259.8865033061757, 1494.513133566608],
  ['NullModel', 1284.3063890148235, 1469.2276603603505],
  ['OpenHermes-2.5-Mistral-7B', 987.0930105569485, 1089.3784279320303],
  ['Qwen-14B-Chat', 954.3626864742092, 897.3103821925467],
  ['alpaca-7b', 781.4758381114102, 681.3065125693278],
  ['alpaca-7b_concise', 748.6652529579762, 631.461302259398],
  ['alpaca-7b_verbose', 809.1841245874067, 649.4589015204668],
  ['claude-2.1', 1107.4337446084958, 1132.4585310524922],
  ['claude-2.1_concise', 1030.0990975035413, 1024.2479711061121],
  ['falcon-7b-instruct', 805.9958740246321, 718.1237148185786],
  ['gemma-7b-it', 980.1051906735405, 919.7306108049016],
  ['gpt-3.5-turbo-1106', 986.6046102806579, 965.7116925312014],
  ['gpt-3.5-turbo-1106_concise', 930.8884454648257, 858.811695188423],
  ['gpt-3.5-turbo-1106_verbose', 1067.21870275027, 1046.0566203739386],
  ['gpt4_gamed', 761.9366493933917, 682.6935613373856],
  ['text_davinci_001', 752.410875918273, 639.6329214335248],
  ['vicuna-13b', 974.1568474192618, 952.7564458733542],
];

test('the fixture replayed with K = 4 and K = 32 equals the Python replay (19 models each, |Δ| < 1e-9)', () => {
  const battles = alpacaBattles();
  for (const [col, k] of [[1, 4], [2, 32]] as const) {
    const r = new Map(onlineElo(battles, { k }).ratings.map((x) => [x.model, x.rating]));
    for (const row of PYTHON) assert.ok(Math.abs(r.get(row[0])! - row[col]) < 1e-9, `${row[0]} K=${k}`);
  }
});

test('bootstrap: battles resampled and replayed; reproducible for a seed; the median is reported and ranked by', () => {
  const battles = alpacaBattles().slice(0, 3000);
  const a = onlineElo(battles, {}, { rounds: 40, seed: 9 });
  assert.deepEqual(onlineElo(battles, {}, { rounds: 40, seed: 9 }), a);
  for (let i = 1; i < a.ratings.length; i++) assert.ok(a.ratings[i - 1].median! >= a.ratings[i].median!);
  for (const x of a.ratings) assert.ok(x.lower! <= x.median! && x.median! <= x.upper!);
});
