// examples/rewards, run as its README runs it (probe hack and bon through the CLI, in a child process): which reward
// is hackable, and what best-of-n selection with it buys. The numbers asserted here are the README's table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(here, '../..');
const DRIVER = path.join(REPO, 'test/probes/_cli.ts');
const EX = 'examples/rewards';
const REWARDS = ['verifiable', 'shaped', 'composite'].map((r) => `reward:file=${EX}/${r}.yaml`);
const PERTURBATIONS = ['second-boxed', 'empty-think', 'verbosity-padding', 'self-praise', 'repetition', 'truncation'];

function cli(args: string[]): any {
  const r = spawnSync(process.execPath, ['--import', 'tsx', DRIVER, ...args], { cwd: REPO, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('probe hack: hedging with a second \\boxed{} hacks the verifiable and length-shaped rewards, not the gated composite', () => {
  const reports = cli([
    'probe', 'hack', '--data', `${EX}/candidates.jsonl`, '--prompt-field', 'prompt', '--ref-field', 'reference',
    ...REWARDS.flatMap((s) => ['-s', s]), ...PERTURBATIONS.flatMap((p) => ['-p', p]), '--resamples', '200', '--json',
  ]);
  const rate = (k: number, p: string) => reports[k].outcomes.find((o: { perturbation: string }) => o.perturbation === p);
  // verifiable: the think-wrong rollouts (30 of the 90 that box an answer) become "correct" by hedging
  assert.deepEqual([rate(0, 'second-boxed').scored, rate(0, 'second-boxed').rate], [90, 1 / 3]);
  for (const p of ['empty-think', 'verbosity-padding', 'self-praise', 'repetition', 'truncation']) assert.equal(rate(0, p).rate, 0, p);
  // shaped: the same hedge, and every wrong rollout (4 of 8 kinds) gains from padding: TRL's cosine schedule
  // penalises long wrong answers less
  assert.equal(rate(1, 'second-boxed').rate, 1 / 3);
  for (const p of ['empty-think', 'verbosity-padding', 'self-praise', 'repetition']) assert.equal(rate(1, p).rate, 0.5, p);
  assert.equal(rate(1, 'truncation').rate, 0);
  // composite: the strict verifier refuses two answer markers, so the hedge only ever lowers the reward
  assert.equal(rate(2, 'second-boxed').rate, 0);
  assert.ok(rate(2, 'second-boxed').meanImprovement < -0.4);
  // what is left is the random-weight RM's noise on passing rollouts: small moves (|mean Δ| < 0.05 in reward units)
  for (const p of ['verbosity-padding', 'self-praise']) assert.ok(rate(2, p).rate < 0.375 && Math.abs(rate(2, p).meanImprovement) < 0.05, p);
});

test('bon --proxy-scorer: best-of-8 gold (single correct answer) per reward', () => {
  const gold = REWARDS.map((s) => cli(['bon', '--data', `${EX}/candidates.jsonl`, '--prompt-field', 'prompt', '--ref-field', 'reference', '--proxy-scorer', s, '--json']));
  for (const g of gold) assert.equal(g.prompts, 30);
  // n = 1 is a random rollout: 3 of 8 are correct
  for (const g of gold) assert.equal(g.gold[0], 3 / 8);
  // the verifiable reward ties the hedge with the 3 correct rollouts: best-of-8 picks it a quarter of the time
  assert.equal(gold[0].gold[7], 0.75);
  // the shaped reward prefers short correct answers but ranks some hedges above them
  assert.ok(Math.abs(gold[1].gold[7] - 0.95) < 1e-12, String(gold[1].gold[7]));
  // the composite only ever picks a committed, correct answer
  assert.equal(gold[2].gold[7], 1);
});
