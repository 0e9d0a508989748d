// Pairwise accuracy (stats.Agreement) against reference counts, and pooling over several vectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReference, loadResults, loadSystemMeans, METRICS } from '../fixtures/metaeval/load.js';
import { pairwiseAgreement, pooledPairwiseAccuracy } from '../../src/stats/agreement.js';

test('= reference Agreement on 8 random matrices (null gold skipped, metric ties, NaN metrics)', () => {
  for (const m of loadReference().matrices) {
    const a = pairwiseAgreement(m.gold, m.metric);
    assert.deepEqual([a.agree, a.numPairs], m.agreement);
  }
});

test('pooling sums agreements and pairs: the WMT21 en-de metrics pooled as if five language pairs', () => {
  const means = loadSystemMeans();
  const results = loadResults();
  const pooled = pooledPairwiseAccuracy(METRICS.map((m) => ({ gold: means.gold, metric: means.metrics[m] })));
  const agree = METRICS.reduce((s, m) => s + results.system[m].pairwise_accuracy.agree, 0);
  assert.equal(pooled.agree, agree);
  assert.equal(pooled.numPairs, 5 * 28);
  assert.equal(pooled.accuracy, agree / 140);
});

test('ties: both tied agrees, one tied does not; no pair gives NaN accuracy', () => {
  assert.deepEqual(pairwiseAgreement([1, 1], [5, 5]), { agree: 1, numPairs: 1 });
  assert.deepEqual(pairwiseAgreement([1, 1], [5, 6]), { agree: 0, numPairs: 1 });
  assert.deepEqual(pairwiseAgreement([1, 2], [NaN, 6]), { agree: 0, numPairs: 1 });
  assert.ok(Number.isNaN(pooledPairwiseAccuracy([{ gold: [1], metric: [1] }]).accuracy));
});
