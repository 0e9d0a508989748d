// integrations/verl_reward.py and integrations/trl_reward.py, run by python3 against a live server: the rewards they
// return equal the server's /v1/score (and so `trenchcoat score`), chat-format completions included; failures raise.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { postJson, ROOT, startTestServer, TOKEN, type TestServer } from './helpers.js';

const run = promisify(execFile);
let server: TestServer;
before(async () => {
  server = await startTestServer({ specs: ['chrf', 'bleu', 'length'], reward: 'chrf', workers: 1 });
});
after(async () => {
  await server.drain(2000);
});

async function python(code: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return run('python3', ['-c', code], {
    cwd: path.join(ROOT, 'integrations'),
    env: { ...process.env, TRENCHCOAT_URL: server.url, TRENCHCOAT_TOKEN: TOKEN, TRENCHCOAT_RETRIES: '1', ...env },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e) => ({ code: e.code, stdout: String(e.stdout), stderr: String(e.stderr) }),
  );
}

const samples = [
  { prompt: 'Translate: Der Hund bellt.', output: 'The dog is barking.', ref: 'The dog barks.' },
  { prompt: 'Translate: Es regnet.', output: 'It rains heavily today', ref: 'It is raining.' },
];

async function served(name: string): Promise<number[]> {
  const r = await postJson(`${server.url}/v1/score`, { items: samples.map((s) => ({ prompt: s.prompt, output: s.output, references: [s.ref] })) });
  return r.json.results.map((x: any) => x.scores[name].value);
}

test('verl compute_score: a float equal to the served chrF; TRENCHCOAT_DICT=1 gives {"score", every other scorer}', async () => {
  const code = `
import json, verl_reward
out = [verl_reward.compute_score("wmt", s["output"], s["ref"], extra_info={"question": s["prompt"]}) for s in ${JSON.stringify(samples)}]
print(json.dumps(out))`;
  const r = await python(code);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), await served('chrf'));
  const d = await python(code, { TRENCHCOAT_DICT: '1' });
  const dicts = JSON.parse(d.stdout);
  const bleu = await served('bleu');
  const chrf = await served('chrf');
  dicts.forEach((x: any, i: number) => assert.deepEqual(x, { score: chrf[i], bleu: bleu[i], length: samples[i].output.length }));
});

test('TRL reward_funcs: one batch call, strings and chat completions, references from the dataset column', async () => {
  const code = `
import json, trl_reward
S = ${JSON.stringify(samples)}
plain = trl_reward.trenchcoat_reward([s["prompt"] for s in S], [s["output"] for s in S], reference=[s["ref"] for s in S])
chat = trl_reward.trenchcoat_reward([[{"role": "user", "content": s["prompt"]}] for s in S],
                                    [[{"role": "assistant", "content": s["output"]}] for s in S], reference=[s["ref"] for s in S])
print(json.dumps([plain, chat, trl_reward.reward_func is trl_reward.trenchcoat_reward]))`;
  const r = await python(code);
  assert.equal(r.code, 0, r.stderr);
  const [plain, chat, alias] = JSON.parse(r.stdout);
  const expected = await served('chrf');
  assert.deepEqual(plain, expected);
  assert.deepEqual(chat, expected);
  assert.equal(alias, true);
});

test('errors are raised, never turned into a reward: 400 (missing reference), 401 (bad token), server down', async () => {
  const missing = await python(`import trl_reward; trl_reward.trenchcoat_reward(["p"], ["o"])`);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /HTTP 400: .*has no references/);
  const bad = await python(`import verl_reward; verl_reward.compute_score("x", "o", "r")`, { TRENCHCOAT_TOKEN: 'wrong-token-wrong-token' });
  assert.match(bad.stderr, /HTTP 401/);
  const down = await python(`import verl_reward; verl_reward.compute_score("x", "o", "r")`, { TRENCHCOAT_URL: 'http://127.0.0.1:9' });
  assert.match(down.stderr, /no answer after 1 attempts/);
  const kind = await python(`import verl_reward; verl_reward.compute_score("x", "o", 42)`);
  assert.match(kind.stderr, /ground_truth must be a string or a list of strings, not 'int'/);
});
