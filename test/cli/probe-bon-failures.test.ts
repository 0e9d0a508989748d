// probe (length, hack, position) and bon --proxy-scorer with model scorers that fail, against a dead port and a real
// local server reached without /v1 (HTTP 404): failures are counted apart from abstentions in --json and under the
// table, the failed ids and the last error reach stderr, and the exit code is 1 unless --max-failures allows them
// (issue 8 §3) — the same report `score` and `meta-eval` give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeServer } from '../helpers/fake-servers.js';
import { freePort, startCli } from '../helpers/processes.js';

const HOME = mkdtempSync(path.join(tmpdir(), 'tc-probe-failures-home-'));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await startCli(args, { TRENCHCOAT_HOME: HOME }).done;
  return { ...r, code: r.code ?? -1 };
}

async function deadUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}/v1`;
}

const dir = mkdtempSync(path.join(tmpdir(), 'tc-probe-failures-'));
// 8 candidates in 2 prompt groups of 4, with a gold score (bon) and texts of different lengths (probe length)
const ITEMS = path.join(dir, 'items.jsonl');
writeFileSync(
  ITEMS,
  Array.from({ length: 8 }, (_, i) => JSON.stringify({ id: `q${i}`, prompt_id: `p${i % 2}`, prompt: `question ${i % 2}`, output: `answer ${'x'.repeat(i + 1)}`, gold: (i * 5) % 7 })).join('\n') + '\n',
);
const PAIRS = path.join(dir, 'pairs.jsonl');
writeFileSync(
  PAIRS,
  Array.from({ length: 4 }, (_, i) => JSON.stringify({ chosen: `\n\nHuman: question ${i}\n\nAssistant: a good answer ${i}`, rejected: `\n\nHuman: question ${i}\n\nAssistant: bad ${i}` })).join('\n') + '\n',
);

test('probe length (items), server down: exit 1, 8 failed and 0 abstained in --json, ECONNREFUSED on stderr; --max-failures 8 exits 0', async () => {
  const spec = `judge:model=j,url=${await deadUrl()},retries=0`;
  const r = await cli(['probe', 'length', '-d', ITEMS, '--group-field', 'prompt_id', '-s', spec, '--json']);
  assert.equal(r.code, 1, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.failures.length, 1);
  assert.match(j.failures[0].scorer, /^judge:model=j,mode=pointwise,/);
  assert.equal(j.failures[0].failed, 8);
  assert.equal(j.failures[0].abstained, 0);
  assert.equal(j.failures[0].total, 8);
  assert.match(r.stderr, /: 8 of 8 item\(s\) failed \(q0, q1, q2, q3, q4, … 3 more\)/);
  assert.match(r.stderr, /last error: .*ECONNREFUSED/i);
  assert.match(r.stderr, /error: 8 of 8 item\(s\) failed for judge:.*\(allowed: 0\)/);
  const ok = await cli(['probe', 'length', '-d', ITEMS, '--group-field', 'prompt_id', '-s', spec, '--max-failures', '8']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /: 8 of 8 scored item\(s\) failed, 0 abstained/);
});

test('probe hack and bon --proxy-scorer, a server answering 404 (a judge URL without /v1): exit 1 with the 404 and the failed ids', async () => {
  const server = await startFakeServer({ faults: () => ({ kind: 'status', status: 404, body: '{"detail":"Not Found"}' }) });
  try {
    const spec = `judge:model=j,url=${server.url},retries=0`;
    const hack = await cli(['probe', 'hack', '-d', ITEMS, '--prompt-field', 'prompt', '-s', spec, '-p', 'verbosity-padding', '--bootstrap', '10', '--json']);
    assert.equal(hack.code, 1, hack.stderr);
    const reports = JSON.parse(hack.stdout);
    assert.ok(reports[0].failures.failed >= 8, JSON.stringify(reports[0].failures));
    assert.equal(reports[0].failures.abstained, 0);
    assert.match(hack.stderr, /item\(s\) failed \(q0, /);
    assert.match(hack.stderr, /last error: http-404/);
    const bon = await cli(['bon', '-d', ITEMS, '--proxy-scorer', spec, '--prompt-field', 'prompt', '--json']);
    assert.equal(bon.code, 1, bon.stderr);
    assert.equal(bon.stdout, '');
    assert.match(bon.stderr, /: 8 of 8 item\(s\) failed \(q0, /);
    assert.match(bon.stderr, /last error: http-404/);
    assert.match(bon.stderr, /error: 8 of 8 item\(s\) failed for judge:/);
  } finally {
    await server.close();
  }
});

test('bon --proxy-scorer, a judge failing on 2 of 8 candidates: the curve is printed, 2 failed in --json, exit 1; --max-failures 2 exits 0', async () => {
  // the judge sees the output text: "answer x" and "answer xx" (q0, q1) get a non-retryable 400
  const server = await startFakeServer({ faults: (req) => (req.units.some((u) => /answer x{1,2}(?!x)/.test(u)) ? { kind: 'status', status: 400, body: '{"error":"bad"}' } : undefined) });
  try {
    const spec = `judge:model=j,url=${server.url},retries=0`;
    const r = await cli(['bon', '-d', ITEMS, '--proxy-scorer', spec, '--prompt-field', 'prompt', '--json']);
    assert.equal(r.code, 1, r.stderr);
    const b = JSON.parse(r.stdout);
    assert.deepEqual([b.failures[0].failed, b.failures[0].abstained, b.failures[0].total], [2, 0, 8]);
    assert.deepEqual([...b.failures[0].failedIds].sort(), ['q0', 'q1']);
    assert.match(r.stderr, /: 2 of 8 item\(s\) failed/);
    const ok = await cli(['bon', '-d', ITEMS, '--proxy-scorer', spec, '--prompt-field', 'prompt', '--max-failures', '2']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /: 2 of 8 scored item\(s\) failed, 0 abstained \(their candidates are not ranked by that proxy\)/);
  } finally {
    await server.close();
  }
});

test('probe position with a pairwise judge, server down: exit 1, failures counted in --json', async () => {
  const spec = `judge:model=j,mode=pairwise,url=${await deadUrl()},retries=0`;
  const r = await cli(['probe', 'position', '-j', PAIRS, '-s', spec, '--bootstrap', '10', '--json']);
  assert.equal(r.code, 1, r.stderr);
  const j = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
  assert.equal(j.failures[0].failed, j.failures[0].total);
  assert.ok(j.failures[0].failed >= 4);
  assert.match(r.stderr, /last error: .*ECONNREFUSED/i);
});

test('bon --proxy-scorer column:NAME reads NAME at FILE:LINE like --proxy-field (a string is an error, not a proxy)', async () => {
  const file = path.join(dir, 'bon-col.jsonl');
  writeFileSync(
    file,
    Array.from({ length: 6 }, (_, i) => JSON.stringify({ prompt_id: `p${i % 2}`, output: 'x', gold: i, rm: i === 4 ? '0.5' : i / 10 })).join('\n') + '\n',
  );
  const r = await cli(['bon', '-d', file, '--proxy-scorer', 'column:rm']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`^error: ${file}:5: field "rm": expected a number, got string "0.5"`));
});

test('probe position --decisions: a winner that is not 1/2/a/b is an error at FILE:LINE; rows without a gold winner are counted', async () => {
  const file = path.join(dir, 'decisions.jsonl');
  const rows = [
    { label: 1, original: 1, swapped: 1 },
    { label: 2, original: 2, swapped: 1 },
    { label: null, original: 1, swapped: 2 },
    { label: 'b', original: 'b', swapped: null },
  ];
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const ok = await cli(['probe', 'position', '--decisions', file, '--bootstrap', '10', '--json']);
  assert.equal(ok.code, 0, ok.stderr);
  const j = JSON.parse(ok.stdout);
  assert.equal(j.n, 3);
  assert.deepEqual(j.missing, { count: 1, policy: 'skip', first: [`${file}:3 field "label"`] });
  writeFileSync(file, [...rows, { label: 1, original: 'left', swapped: 1 }].map((r) => JSON.stringify(r)).join('\n') + '\n');
  const bad = await cli(['probe', 'position', '--decisions', file, '--bootstrap', '10']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, new RegExp(`^error: ${file}:5: field "original": expected a winner 1 or 2 \\(or a / b; null for no decision\\), got string "left"`));
});
