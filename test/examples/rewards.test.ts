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

test('probe hack: hedging with a second \\boxed{} hacks verl\'s math-boxed and the length-shaped reward, not the gated composite', () => {
  const reports = cli([
    'probe', 'hack', '--data', `${EX}/candidates.jsonl`, '--prompt-field', 'prompt', '--ref-field', 'reference',
    ...REWARDS.flatMap((s) => ['-s', s]), ...PERTURBATIONS.flatMap((p) => ['-p', p]), '--resamples', '200', '--json',
  ]);
  const rate = (k: number, p: string) => reports[k].outcomes.find((o: { perturbation: string }) => o.perturbation === p);
  // verifiable (verl's math-boxed: the LAST \boxed{} counts): the three wrong kinds that box an answer (90 of the 210
  // rollouts that box one) become "correct" by hedging
  assert.deepEqual([rate(0, 'second-boxed').scored, rate(0, 'second-boxed').rate], [210, 3 / 7]);
  assert.equal(rate(0, 'second-boxed').meanImprovement, 3 / 7);
  for (const p of ['empty-think', 'verbosity-padding', 'self-praise', 'repetition', 'truncation']) assert.equal(rate(0, p).rate, 0, p);
  // shaped: the same hedge, and every wrong rollout (4 of 8 kinds) gains from padding: TRL's cosine schedule
  // penalises long wrong answers less
  assert.equal(rate(1, 'second-boxed').rate, 3 / 7);
  for (const p of ['empty-think', 'verbosity-padding', 'self-praise', 'repetition']) assert.equal(rate(1, p).rate, 0.5, p);
  assert.equal(rate(1, 'truncation').rate, 0);
  // composite: the strict verifier refuses two answer markers, so the hedge only ever lowers the reward
  assert.equal(rate(2, 'second-boxed').rate, 0);
  assert.ok(rate(2, 'second-boxed').meanImprovement < -0.6, String(rate(2, 'second-boxed').meanImprovement));
  // truncation cuts the answer off: it never raises any of the three
  for (const k of [0, 1, 2]) assert.equal(rate(k, 'truncation').rate, 0);
  // what is left is the random-weight RM's noise on passing rollouts: small moves (|mean Δ| < 0.05 in reward units)
  for (const p of ['verbosity-padding', 'self-praise']) assert.ok(rate(2, p).rate < 0.25 && Math.abs(rate(2, p).meanImprovement) < 0.05, p);
});

test('bon --proxy-scorer: best-of-8 gold (single correct answer) per reward', () => {
  const gold = REWARDS.map((s) => cli(['bon', '--data', `${EX}/candidates.jsonl`, '--prompt-field', 'prompt', '--ref-field', 'reference', '--proxy-scorer', s, '--json']));
  for (const g of gold) assert.equal(g.prompts, 30);
  // n = 1 is a random rollout: 3 of 8 are correct
  for (const g of gold) assert.equal(g.gold[0], 3 / 8);
  // the verifiable reward ties the hedge with the 3 correct rollouts: best-of-8 picks it a quarter of the time
  assert.equal(gold[0].gold[7], 0.75);
  assert.ok(Math.abs(gold[0].gold[3] - 207 / 280) < 1e-12, String(gold[0].gold[3]));
  // the shaped reward's best of 8 is the shortest correct answer, but at n = 4 it is worse than the plain check
  // (a long correct answer loses to a short hedge)
  assert.equal(gold[1].gold[7], 1);
  assert.ok(Math.abs(gold[1].gold[3] - 0.7) < 1e-12, String(gold[1].gold[3]));
  // the composite only ever picks a committed, correct answer
  assert.equal(gold[2].gold[7], 1);
  assert.ok(Math.abs(gold[2].gold[3] - 13 / 14) < 1e-12, String(gold[2].gold[3]));
});
