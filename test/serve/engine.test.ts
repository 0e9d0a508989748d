// The engine: which scorer is the reward (--reward NAME | FILE), where scorers run (pool, batcher, direct).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { RewardEngine, UnknownScorerError, type EngineOptions } from '../../src/serve/engine.js';
import { ServeMetrics } from '../../src/serve/metrics.js';
import { createScorer, findScorerFactory } from '../../src/scorers/registry.js';

const base = (o: Partial<EngineOptions>): EngineOptions => ({ specs: [], workers: 0, batch: { maxBatch: 8, maxWaitMs: 1 }, scorerTimeoutMs: 5000, metrics: new ServeMetrics(false), ...o });
const items = [
  { id: 'a', output: 'the cat sat on the mat', references: ['the cat is on the mat'] },
  { id: 'b', output: 'a dog', references: ['the dog barks'] },
];

test('--reward NAME: by the spec as given, the canonical spec or the id; default the first; unknown names the served ones', async () => {
  for (const [reward, expected] of [[undefined, 'chrf'], ['bleu:tokenize=intl', 'bleu:tokenize=intl'], ['bleu', 'bleu:tokenize=intl']] as const) {
    const e = await RewardEngine.create(base({ specs: ['chrf', 'bleu:tokenize=intl'], reward }));
    assert.equal(e.reward.name, expected);
    await e.close();
  }
  await assert.rejects(RewardEngine.create(base({ specs: ['chrf'], reward: 'ter' })), (err: unknown) => err instanceof UnknownScorerError && /unknown scorer "ter" \(served: chrf\)/.test((err as Error).message));
  await assert.rejects(RewardEngine.create(base({ specs: ['chrf', 'chrf'] })), /served twice/);
});

test('--reward FILE builds the composite scorer `reward:file=FILE` and serves it as the reward', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'serve-reward-file-'));
  try {
    const file = path.join(dir, 'reward.yaml');
    writeFileSync(file, 'combine: sum\ncomponents:\n  - name: c\n    spec: chrf\n    weight: 0.5\n');
    assert.ok(findScorerFactory('reward'), 'composite rewards are registered');
    const e = await RewardEngine.create(base({ specs: ['chrf'], reward: file }));
    assert.equal(e.reward.name, `reward:file=${file}`);
    // the composite's value is half of chrF's on the same item: the file was read, not just named
    const [scored] = await e.score(items.slice(0, 1), e.served);
    const chrf = await createScorer('chrf').score(items.slice(0, 1));
    const rewardIndex = e.served.findIndex((s) => s.name === e.reward.name);
    assert.ok(rewardIndex >= 0, 'the reward is among the served scorers');
    assert.equal(scored.scores[rewardIndex].value, 0.5 * (chrf[0].value as number));
    await e.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('worker pool and main thread give the same numbers; scorers run where they should', async () => {
  const pooled = await RewardEngine.create(base({ specs: ['chrf', 'bleu', 'length'], workers: 2 }));
  const direct = await RewardEngine.create(base({ specs: ['chrf', 'bleu', 'length'], workers: 0 }));
  try {
    assert.deepEqual(pooled.served.map((s) => s.runner), ['pool', 'pool', 'pool']);
    assert.deepEqual(direct.served.map((s) => s.runner), ['direct', 'direct', 'direct']);
    const a = await pooled.score(items, pooled.served);
    const b = await direct.score(items, direct.served);
    assert.deepEqual(a.map((o) => o.scores.map((s) => s.value)), b.map((o) => o.scores.map((s) => s.value)));
    assert.ok(a[0].scores[0].value !== null && a[0].scores[0].value > 0);
  } finally {
    await Promise.all([pooled.close(), direct.close()]);
  }
});
