// Served rewards are bit-identical to `trenchcoat score --level segment` for the same items and specs: lexical
// metrics (on the worker pool), a column, the tiny ONNX reward model and a judge on a fake OpenAI-compatible server.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { startFakeServer, type FakeServer } from '../helpers/fake-servers.js';
import { postJson, ROOT, startTestServer, type TestServer } from './helpers.js';

const run = promisify(execFile);
const N = 40;
const rows = readFileSync(path.join(ROOT, 'examples/mqm-ted-ende/ted-ende.jsonl'), 'utf8').trim().split('\n').slice(0, N).map((l) => JSON.parse(l));
const dir = mkdtempSync(path.join(tmpdir(), 'serve-parity-'));
const data = path.join(dir, 'items.jsonl');
writeFileSync(data, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');

let judgeServer: FakeServer;
let server: TestServer;
let specs: string[];
let cli: Map<string, (number | null)[]>;

before(async () => {
  judgeServer = await startFakeServer();
  specs = ['chrf', 'chrf++', 'bleu', 'ter', 'rouge-l', 'exact', 'length', 'column:mqm', `onnx-rm:path=${path.join(ROOT, 'test/fixtures/onnx/bert-rm')}`, `judge:model=judge-1,url=${judgeServer.url}/v1`];
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'score', '--data', data, '--ref-field', 'reference', '--prompt-field', 'source', '--level', 'segment', '--json', '--no-cache', ...specs.flatMap((s) => ['-s', s])],
    { cwd: ROOT, maxBuffer: 64 << 20 },
  );
  const out = JSON.parse(stdout);
  cli = new Map(out.results.map((r: any) => [r.spec, r.segments.map((s: any) => s.value)]));
  server = await startTestServer({ specs, reward: 'chrf', workers: 2 });
});

after(async () => {
  await server?.drain(1000);
  await judgeServer?.close();
  rmSync(dir, { recursive: true, force: true });
});

function cliValues(name: string): (number | null)[] {
  const v = cli.get(server.context.engine.select([name])[0].scorer.spec());
  assert.ok(v, `CLI has ${name}`);
  return v;
}

test('/v1/score: every scorer equals `score --level segment` bit for bit', async () => {
  const items = rows.map((r) => ({ id: r.id, prompt: r.source, output: r.output, references: [r.reference], meta: { mqm: r.mqm } }));
  const r = await postJson(`${server.url}/v1/score`, { items });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.results.length, N);
  for (const name of specs) {
    const served = r.json.results.map((x: any) => x.scores[name].value);
    assert.deepEqual(served, cliValues(name), name);
    assert.ok(served.every((v: unknown) => typeof v === 'number'), `${name} has a value for every item`);
  }
  assert.deepEqual(r.json.results.map((x: any) => x.reward), cliValues('chrf'));
  // judge and ONNX values are not all equal: the comparison above is not vacuous
  assert.ok(new Set(cliValues(specs[8])).size > N / 2);
  assert.ok(new Set(cliValues(specs[9])).size > 1);
});

test('/get_reward (OpenRLHF): rewards and extra_logs equal the CLI; response = query minus its prompt', async () => {
  const body = { query: rows.map((r) => r.source + r.output), prompts: rows.map((r) => r.source), labels: rows.map((r) => r.reference) };
  // column:mqm reads meta, which OpenRLHF cannot send: ask /get_reward of a server without it
  const rl = await startTestServer({ specs: specs.filter((s) => !s.startsWith('column:')), reward: 'chrf', workers: 1 });
  try {
    const r = await postJson(`${rl.url}/get_reward`, body);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.deepEqual(r.json.rewards, cliValues('chrf'));
    assert.deepEqual(r.json.scores, r.json.rewards);
    assert.deepEqual(Object.keys(r.json.extra_logs), specs.filter((s) => s !== 'chrf' && !s.startsWith('column:')));
    for (const [name, values] of Object.entries(r.json.extra_logs)) assert.deepEqual(values, cliValues(name), name);
  } finally {
    await rl.drain(1000);
  }
});

test('/v1/reward (slime): one sample, the reward as a JSON number equal to the CLI; --reward-dict gives the rest', async () => {
  const s = rows[3];
  const r = await postJson(`${server.url}/v1/reward`, { prompt: s.source, response: s.output, label: s.reference, metadata: { mqm: s.mqm } });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json, cliValues('chrf')[3]);
  const dict = await startTestServer({ specs: ['chrf', 'bleu'], reward: 'bleu', rewardDict: true, workers: 0 });
  try {
    const d = await postJson(`${dict.url}/v1/reward`, { prompt: s.source, response: s.output, label: s.reference });
    assert.deepEqual(d.json, { reward: cliValues('bleu')[3], extra_logs: { chrf: cliValues('chrf')[3] } });
  } finally {
    await dict.drain(1000);
  }
});

test('micro-batching: concurrent requests share ONNX batches and each gets exactly its own rewards', async () => {
  const onnx = specs[8];
  const items = rows.map((r) => ({ id: r.id, prompt: r.source, output: r.output, references: [r.reference] }));
  const answers = await Promise.all(items.map((it) => postJson(`${server.url}/v1/score`, { items: [it], scorers: [onnx] })));
  const served = answers.map((a) => a.json.results[0].scores[onnx].value);
  // one item per call, batched with others: equal to the CLI within float32 padding noise, and in the right order
  const ref = cliValues(onnx) as number[];
  served.forEach((v: number, i: number) => assert.ok(Math.abs(v - ref[i]) < 1e-4, `item ${i}: ${v} vs ${ref[i]}`));
  const batcher = server.context.engine.select([onnx])[0].batcher;
  assert.ok(batcher && batcher.batchSizes.some((n) => n > 1), `batches: ${batcher?.batchSizes}`);
});
