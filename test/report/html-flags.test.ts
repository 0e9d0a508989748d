// `--html FILE` never overwrites data: a page path that is the command's --out file (checked before any work) or one
// of its inputs (checked when the page is written) is a usage error, exit 2, and the file is left as it was.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../fixtures/wmt21/load.js';

const MAIN = path.join(REPO_ROOT, 'src/cli/main.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'tc-html-flags-'));

function cli(args: string[]): { code: number; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { code: r.status ?? -1, stderr: r.stderr };
}

test('prefs pairs --html refuses the --out path; probe lc --html refuses an input file', () => {
  const out = path.join(dir, 'pairs.jsonl');
  const pairs = cli(['prefs', 'pairs', '--data', path.join(REPO_ROOT, 'examples/mqm-ted-ende/ted-ende.jsonl'), '--item-field', 'seg_id', '--value-field', 'mqm', '--out', out, '--html', out]);
  assert.equal(pairs.code, 2, pairs.stderr);
  assert.match(pairs.stderr, /--html .*pairs\.jsonl is the --out file; choose another path/);
  assert.equal(existsSync(out), false, 'nothing written');
  const difficulty = path.join(dir, 'difficulty.csv');
  writeFileSync(difficulty, ',instruction_difficulty\n0,0.5\n');
  const lc = cli(['probe', 'lc', '--weights', path.join(REPO_ROOT, 'test/fixtures/probes/lc-weights-baseline_gpt4_1106_preview.csv'), '--difficulty', difficulty, '-m', 'gpt4_1106_preview', '--html', difficulty]);
  assert.equal(lc.code, 2, lc.stderr);
  assert.match(lc.stderr, /is an input file; choose another path/);
  assert.equal(readFileSync(difficulty, 'utf8'), ',instruction_difficulty\n0,0.5\n', 'the input is untouched');
});
