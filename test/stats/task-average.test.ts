// WMT23 / WMT24 task sets and task averaging against mt-metrics-eval tasks.py (WMT23, WMT24, TaskSetResults
// .AverageCorrs / .AverageRanks / .AssignWeights / .AverageCorrMatrix), run on synthetic per-task results with
// synthetic permutation draws (fixtures/significance/reference-runs.json `task_sets`, generator in that folder).
// The averaging is deterministic arithmetic that we repeat in the reference's order: compared exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURE_DIR } from '../fixtures/metaeval/load.js';
import {
  assignTaskWeights,
  averageScoreSignificance,
  averageTaskRanks,
  averageTaskScores,
  taskScoreRange,
  wmt23Tasks,
  wmt24Tasks,
  type TaskOutcome,
  type TaskSet,
} from '../../src/stats/task-average.js';

const runs = JSON.parse(readFileSync(path.resolve(FIXTURE_DIR, '../significance/reference-runs.json'), 'utf8'));

interface SyntheticTask {
  name: string;
  attr_vals: Record<string, string>;
  range: [number, number];
  corrs: Record<string, number>;
  order: string[];
  draws: Record<string, [number, number][]>;
}

function outcomes(set: TaskSet, synthetic: SyntheticTask[]): TaskOutcome[] {
  return set.tasks.map((task, t) => {
    const s = synthetic[t];
    return {
      task,
      corrs: s.corrs,
      ranks: Object.fromEntries(s.order.map((m, i) => [m, i + 1])),
      draws: Object.entries(s.draws).map(([key, rows]) => {
        const [first, second] = key.split('|');
        return { first, second, firstValues: rows.map((r) => r[0]), secondValues: rows.map((r) => r[1]) };
      }),
    };
  });
}

for (const [name, make] of [['wmt23', wmt23Tasks], ['wmt24', wmt24Tasks]] as const) {
  const ref = runs.task_sets[name];
  const set = make();

  test(`${name}: tasks, attributes, weights and score ranges as tasks.py defines them`, () => {
    assert.equal(set.tasks.length, ref.tasks.length);
    assert.deepEqual(set.weights, ref.weights);
    set.tasks.forEach((t, i) => {
      const a = ref.tasks[i].attr_vals;
      assert.equal(t.testSet, a.test_set, `task ${i} test_set`);
      assert.equal(t.lang, a.lang, `task ${i} lang`);
      assert.equal(t.level, a.level, `task ${i} level`);
      assert.equal(t.corrFcn, a.corr_fcn, `task ${i} corr_fcn`);
      assert.equal(t.avgBy, a.avg_by, `task ${i} avg_by`);
      assert.equal(t.permTest, a.perm_test, `task ${i} perm_test`);
      assert.equal(t.human ? 'True' : 'False', a.human, `task ${i} human`);
      assert.equal(Object.keys(t.corrFcnArgs).length > 0, a.corr_fcn_args !== '{}', `task ${i} corr_fcn_args`);
      if (t.corrFcnArgs.sample_rate !== undefined) assert.equal(a.corr_fcn_args, `{'sample_rate':${Number(t.corrFcnArgs.sample_rate).toFixed(1)}}`);
      assert.deepEqual(taskScoreRange(t), ref.tasks[i].range, `task ${i} range`);
    });
  });

  test(`${name}: AverageCorrs, AverageRanks, AssignWeights(lang, level)`, () => {
    const outs = outcomes(set, ref.tasks);
    assert.deepEqual(averageTaskScores(outs, set.weights), ref.average_corrs);
    assert.deepEqual(averageTaskRanks(outs, set.weights), ref.average_ranks);
    assert.deepEqual(assignTaskWeights(set.tasks, ['lang', 'level']), ref.assign_weights_lang_level);
  });

  test(`${name}: AverageCorrMatrix — pooled draws, significance matrix and clusters`, () => {
    const outs = outcomes(set, ref.tasks);
    const r = averageScoreSignificance(outs, set.weights, 0.05);
    assert.deepEqual(r.ranked.map((x) => [x.name, x.score, x.rank]), ref.avg_corr_matrix.corrs_and_ranks);
    assert.deepEqual(r.sig.map((row) => Array.from(row)), ref.avg_corr_matrix.sig_matrix);
  });
}

test('scores rescale to [0, 1]: KendallWithTiesOpt with variant 23 and KendallVariants count as correlations', () => {
  const base = wmt24Tasks(['en-de']).tasks[1];
  assert.deepEqual(taskScoreRange(base), [0, 1]);
  assert.deepEqual(taskScoreRange({ ...base, corrFcnArgs: { variant: '23', sample_rate: 1 } }), [-1, 1]);
  assert.deepEqual(taskScoreRange({ ...base, corrFcn: 'KendallVariants', corrFcnArgs: { variant: 'acc23' } }), [-1, 1]);
  // A metric missing from one task gets no average.
  const [t1, t2] = wmt24Tasks(['en-de']).tasks;
  const avg = averageTaskScores([
    { task: t1, corrs: { a: 0.5, b: 0.7 } },
    { task: t2, corrs: { a: 0.6 } },
  ]);
  assert.deepEqual(avg, [['a', 0.5 * 0.5 + 0.6 * 0.5]]);
});
