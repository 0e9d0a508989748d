// The verifiable math goldens through the real CLI: `trenchcoat score --data … --level segment` gives verl's values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readGoldens } from '../scorers/verifiable/goldens.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = path.join(REPO_ROOT, 'src/cli/main.ts');
const SLICE = 300;

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Writes the first SLICE goldens as JSONL, scores them with `specs`, and returns the segment values per spec. */
function scoreSlice(file: string, specs: string[]): { cases: Record<string, unknown>[]; values: Record<string, number>[]; stdout: string } {
  const cases = readGoldens<Record<string, unknown>>(file).slice(0, SLICE);
  const dir = mkdtempSync(path.join(tmpdir(), 'tc-verimath-'));
  try {
    const data = path.join(dir, 'rollouts.jsonl');
    writeFileSync(data, cases.map((c, i) => JSON.stringify({ id: `r${i + 1}`, output: c.output, gt: c.gt })).join('\n') + '\n');
    const out = path.join(dir, 'seg.jsonl');
    const args = ['score', '--data', data, '--ref-field', 'gt', ...specs.flatMap((s) => ['-s', s]), '--level', 'segment', '--no-cache'];
    const r = cli([...args, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const values = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
    const printed = cli(args);
    assert.equal(printed.code, 0, printed.stderr);
    return { cases, values, stdout: printed.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('score --level segment reproduces verl gsm8k on a golden slice (strict and flexible)', () => {
  const { cases, values, stdout } = scoreSlice('gsm8k.jsonl.gz', ['gsm8k', 'gsm8k:method=flexible']);
  assert.equal(values.length, SLICE);
  cases.forEach((c, i) => {
    assert.equal(values[i].id, `r${i + 1}`);
    assert.equal(values[i]['gsm8k'], (c.strict as { score: number }).score, `r${i + 1} strict`);
    assert.equal(values[i]['gsm8k:method=flexible'], (c.flexible as { score: number }).score, `r${i + 1} flexible`);
  });
  const lines = stdout.split('\n');
  assert.equal(lines[0], 'id\tgsm8k\tgsm8k:method=flexible');
  const first = cases[0] as { strict: { score: number }; flexible: { score: number } };
  assert.equal(lines[1], `r1\t${first.strict.score.toFixed(4)}\t${first.flexible.score.toFixed(4)}`);
});

test('score --level segment reproduces verl math_reward and math_dapo on golden slices', () => {
  const m = scoreSlice('math-boxed.jsonl.gz', ['math-boxed']);
  m.cases.forEach((c, i) => assert.equal(m.values[i]['math-boxed'], c.score, `math-boxed r${i + 1}`));
  const d = scoreSlice('math-dapo.jsonl.gz', ['math-dapo', 'math-dapo:strict-box=true']);
  d.cases.forEach((c, i) => {
    assert.equal(d.values[i]['math-dapo'], c.score, `math-dapo r${i + 1}`);
    assert.equal(d.values[i]['math-dapo:strict-box=true'], (c.strict_box as { score: number }).score, `strict-box r${i + 1}`);
  });
  assert.match(d.stdout, /math-dapo\|strict-box:no\|ref:verl@b178a3c\|version:trenchcoat-/);
});
