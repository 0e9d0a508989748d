// `trenchcoat report RUN_ID`: a recorded run's stored result becomes the same page as its saved --json result, with the
// run's own command line in the header (what RESULT.json pages cannot know).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../fixtures/wmt21/load.js';

const MAIN = path.join(REPO_ROOT, 'src/cli/main.ts');
const BATTLES = path.join(REPO_ROOT, 'test/fixtures/prefs/alpaca-battles.jsonl.gz');
const dir = mkdtempSync(path.join(tmpdir(), 'tc-report-run-'));
const HOME = path.join(dir, 'home');

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, TRENCHCOAT_HOME: HOME },
    maxBuffer: 64 << 20,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

test('report RUN_ID renders the stored result of a recorded prefs bt run, with its argv', () => {
  const args = ['prefs', 'bt', '--data', BATTLES, '--bootstrap', '20', '--json'];
  const run = cli(args);
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  const listed = cli(['runs', '--limit', '1', '--json']);
  assert.equal(listed.code, 0, listed.stderr);
  const [rec] = JSON.parse(listed.stdout);
  assert.equal(rec.command, 'prefs bt');
  const out = path.join(dir, 'bt.html');
  const rep = cli(['report', rec.id, '-o', out]);
  assert.equal(rep.code, 0, rep.stderr);
  const html = readFileSync(out, 'utf8');
  assert.match(html, /<svg/);
  assert.ok(html.includes(rec.id), 'the page names the run it was drawn from');
  assert.ok(html.includes('--bootstrap'), 'the header carries the recorded command line');
  // the leaderboard's first model appears on the page
  const first = JSON.stringify(result).match(/"model":"([^"]+)"/)?.[1];
  assert.ok(first, 'the bt result names models');
  assert.ok(html.includes(first), `model ${first} on the page`);
});

test('report with an unknown run id is a clear error, not a stack trace', () => {
  cli(['runs', '--limit', '1']);
  const r = cli(['report', 'no-such-run', '-o', path.join(dir, 'x.html')]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /no-such-run/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});
