// Reward models behind local vLLM (/classify, /pooling, /score), TEI (/predict) and OpenRLHF (/get_reward) servers:
// request shapes, conversation formats, batching, matching answers by index, faults inside batches, budget.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ScorerInputError, type Item, type Score } from '../../../src/scorers/contract.js';
import { SpecError } from '../../../src/scorers/spec.js';
import { createRemoteScorer, type RemoteDeps } from '../../../src/scorers/model/index.js';
import { runScorerContract } from '../contract-suite.js';
import { fakeReward, recordingSleep, startFakeServer, UNIT_SEPARATOR, type FakeServerOptions, type FaultPlan } from '../../helpers/fake-servers.js';

const deps: RemoteDeps = { sleep: recordingSleep().sleep };

const qa: Item[] = [
  { id: 'r1', prompt: 'What is 2+2?', output: '4' },
  { id: 'r2', prompt: 'What is 2+2?', output: 'Five, obviously.' },
  { id: 'r3', prompt: 'Capital of Peru?', output: 'Lima' },
  { id: 'r4', prompt: 'Write a haiku about rain.', output: 'Soft rain on the roof / the gutters hum a low tune / sleep comes with the storm' },
  { id: 'r5', prompt: 'Say nothing.', output: '' },
];

const many = (n: number): Item[] => Array.from({ length: n }, (_, i) => ({ id: `m${i}`, prompt: `Question ${i}?`, output: `Answer ${i}.` }));

const main = await startFakeServer();
after(() => main.close());
const rm = (opts: string) => createRemoteScorer(`rm:model=rm-1,url=${main.url},${opts}`, deps);

async function withServer<T>(opts: FakeServerOptions, fn: (url: string, server: Awaited<ReturnType<typeof startFakeServer>>) => Promise<T>): Promise<T> {
  const server = await startFakeServer(opts);
  try {
    return await fn(server.url, server);
  } finally {
    await server.close();
  }
}

const values = (s: Score[]) => s.map((x) => x.value);

runScorerContract({ create: (spec) => createRemoteScorer(spec, deps), spec: `rm:model=rm-1,url=${main.url},api=vllm-classify`, items: qa });
runScorerContract({ create: (spec) => createRemoteScorer(spec, deps), spec: `rm:model=rm-1,url=${main.url},api=openrlhf,template=chatml,batch-size=2`, items: qa });

test('vllm-classify, template=server: one conversation per request as `messages`, the server applies its chat template', async () => {
  const before = main.stats.requests;
  const out = await rm('api=vllm-classify').score(qa.slice(0, 2));
  assert.equal(main.stats.requests - before, 2);
  const body = main.stats.log.at(-1)!.body;
  assert.equal(body.model, 'rm-1');
  assert.equal(body.use_activation, false);
  assert.ok(Array.isArray(body.messages) && body.input === undefined);
  // the fake server renders messages as ChatML
  assert.deepEqual(values(out), [
    fakeReward('<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n4<|im_end|>\n'),
    fakeReward('<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\nFive, obviously.<|im_end|>\n'),
  ]);
});

test('vllm-classify with client-side templates batches `input` lists; answers are matched by index, not position', async () => {
  const before = main.stats.requests;
  const out = await rm('api=vllm-classify,template=chatml,batch-size=2').score(qa.slice(0, 3));
  assert.equal(main.stats.requests - before, 2); // [r1, r2], [r3]
  assert.deepEqual(main.stats.log.at(-2)!.body.input, [
    '<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n4<|im_end|>\n',
    '<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\nFive, obviously.<|im_end|>\n',
  ]);
  // the fake answers /classify in reverse order
  assert.deepEqual(values(out), [
    fakeReward('<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n4<|im_end|>\n'),
    fakeReward('<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\nFive, obviously.<|im_end|>\n'),
    fakeReward('<|im_start|>user\nCapital of Peru?<|im_end|>\n<|im_start|>assistant\nLima<|im_end|>\n'),
  ]);
});

test('llama3 template: header format without <|begin_of_text|> (servers add BOS); chat prompts keep their turns', async () => {
  const [s] = await rm('api=openrlhf,template=llama3').score([
    { id: 'c', prompt: [{ role: 'system', content: 'Be terse.' }, { role: 'user', content: 'Hi' }], output: 'Hello.' },
  ]);
  assert.equal(
    main.stats.log.at(-1)!.body.query[0],
    '<|start_header_id|>system<|end_header_id|>\n\nBe terse.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nHello.<|eot_id|>',
  );
  assert.equal(s.value, fakeReward(main.stats.log.at(-1)!.body.query[0]));
});

test('openrlhf default template=none: `query` is prompt + response verbatim; `rewards` read in order', async () => {
  const out = await rm('api=openrlhf').score(qa);
  assert.deepEqual(main.stats.log.at(-1)!.body, { query: qa.map((it) => `${it.prompt}${it.output}`) });
  assert.deepEqual(values(out), qa.map((it) => fakeReward(`${it.prompt}${it.output}`)));
});

test('vllm-score: text_1/text_2 pairs, scored element by element', async () => {
  const out = await rm('api=vllm-score').score(qa.slice(0, 3));
  const body = main.stats.log.at(-1)!.body;
  assert.deepEqual(body.text_1, ['What is 2+2?', 'What is 2+2?', 'Capital of Peru?']);
  assert.deepEqual(body.text_2, ['4', 'Five, obviously.', 'Lima']);
  assert.equal(body.use_activation, false);
  assert.deepEqual(values(out), qa.slice(0, 3).map((it) => fakeReward(`${it.prompt}${UNIT_SEPARATOR}${it.output}`)));
});

test('tgi (TEI /predict): [[prompt, response]] pairs with raw_scores; raw=false asks for activated scores', async () => {
  const out = await rm('api=tgi').score(qa.slice(0, 2));
  assert.deepEqual(main.stats.log.at(-1)!.body, { inputs: [['What is 2+2?', '4'], ['What is 2+2?', 'Five, obviously.']], raw_scores: true, truncate: false });
  assert.deepEqual(values(out), qa.slice(0, 2).map((it) => fakeReward(`${it.prompt}${UNIT_SEPARATOR}${it.output}`)));
  await rm('api=tgi,raw=false,template=chatml').score(qa.slice(0, 1));
  assert.deepEqual(main.stats.log.at(-1)!.body.inputs, [['<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n4<|im_end|>\n']]);
  assert.equal(main.stats.log.at(-1)!.body.raw_scores, false);
});

test('multi-output models need label=: without it every item is an error value, with it the column is read', async () => {
  await withServer({ classes: 3 }, async (url) => {
    const text = '<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n4<|im_end|>\n';
    const [noLabel] = await createRemoteScorer(`rm:model=rm-1,url=${url},api=vllm-classify,template=chatml`, deps).score(qa.slice(0, 1));
    assert.equal(noLabel.value, null);
    assert.match(String(noLabel.details?.message), /3 values; say which with label=INDEX/);
    const [col2] = await createRemoteScorer(`rm:model=rm-1,url=${url},api=vllm-classify,template=chatml,label=2`, deps).score(qa.slice(0, 1));
    assert.equal(col2.value, fakeReward(text) + 2);
  });
});

test('vllm-pooling: per-token rows (ALL pooling) → the last token\'s row; single rows read directly', async () => {
  const text = '<|im_start|>user\nCapital of Peru?<|im_end|>\n<|im_start|>assistant\nLima<|im_end|>\n';
  await withServer({ perTokenPooling: true }, async (url) => {
    const [s] = await createRemoteScorer(`rm:model=rm-1,url=${url},api=vllm-pooling,template=chatml`, deps).score([qa[2]]);
    assert.equal(s.value, fakeReward(text));
  });
  const [s] = await rm('api=vllm-pooling').score([qa[2]]);
  assert.ok(main.stats.log.at(-1)!.body.messages);
  assert.equal(s.value, fakeReward(text));
});

test('batching: ceil(n / batch-size) requests, every item sent exactly once, results in input order', async () => {
  const items = many(37);
  await withServer({}, async (url, server) => {
    const out = await createRemoteScorer(`rm:model=rm-1,url=${url},api=openrlhf,batch-size=8,concurrency=3`, deps).score(items);
    assert.equal(server.stats.requests, 5);
    assert.deepEqual(values(out), items.map((it) => fakeReward(`${it.prompt}${it.output}`)));
    for (const it of items) assert.equal(server.stats.perUnit.get(`${it.prompt}${it.output}`), 1);
    assert.ok(server.stats.maxOpen <= 3);
  });
});

test('faults inside batches (429, 500, hang, malformed JSON, reset) are retried: no loss, no duplicates beyond the retries', async () => {
  const items = many(40);
  const text = (i: number) => `${items[i].prompt}${items[i].output}`;
  // batch b (size 5) holds items 5b..5b+4; faults keyed by the batch's first item
  const plan = new Map<string, { kind: 'status'; status: number; retryAfter?: string } | { kind: 'hang' | 'malformed' | 'reset' }>([
    [text(0), { kind: 'status', status: 429, retryAfter: '0' }],
    [text(10), { kind: 'status', status: 500 }],
    [text(20), { kind: 'hang' }],
    [text(30), { kind: 'malformed' }],
    [text(35), { kind: 'reset' }],
  ]);
  const faults: FaultPlan = (r) => (r.attempt === 0 ? plan.get(r.units[0]) : undefined);
  await withServer({ faults }, async (url, server) => {
    const out = await createRemoteScorer(`rm:model=rm-1,url=${url},api=vllm-classify,template=none,batch-size=5,timeout=0.5`, deps).score(items);
    assert.deepEqual(values(out), items.map((_, i) => fakeReward(text(i))));
    assert.equal(server.stats.requests, 8 + 5);
    for (let i = 0; i < 40; i++) {
      const faulted = [0, 10, 20, 30, 35].includes(5 * Math.floor(i / 5));
      assert.equal(server.stats.perUnit.get(text(i)), faulted ? 2 : 1, `item ${i}`);
    }
  });
});

test('a batch that keeps failing: its items are null with details.error; the other batches are scored', async () => {
  const items = many(12);
  const faults: FaultPlan = (r) => (r.units.includes(`${items[5].prompt}${items[5].output}`) ? { kind: 'status', status: 502 } : undefined);
  await withServer({ faults }, async (url, server) => {
    const out = await createRemoteScorer(`rm:model=rm-1,url=${url},api=openrlhf,batch-size=4,retries=2`, deps).score(items);
    assert.deepEqual(out.map((s) => s.details?.error ?? null), [null, null, null, null, 'http-502', 'http-502', 'http-502', 'http-502', null, null, null, null]);
    assert.deepEqual(values(out).slice(8), items.slice(8).map((it) => fakeReward(`${it.prompt}${it.output}`)));
    assert.equal(server.stats.requests, 2 + 3);
  });
});

test('a 400 on a batch is retried item by item, so one bad input does not take its batch-mates down', async () => {
  const items = many(6);
  items[4] = { id: 'long', prompt: 'TOO LONG', output: 'x' };
  const faults: FaultPlan = (r) => (r.units.includes('TOO LONGx') ? { kind: 'status', status: 400, body: '{"message":"maximum context length exceeded"}' } : undefined);
  await withServer({ faults }, async (url, server) => {
    const out = await createRemoteScorer(`rm:model=rm-1,url=${url},api=openrlhf,batch-size=3`, deps).score(items);
    assert.deepEqual(values(out).slice(0, 4), items.slice(0, 4).map((it) => fakeReward(`${it.prompt}${it.output}`)));
    assert.equal(out[4].value, null);
    assert.equal(out[4].details?.error, 'http-400');
    assert.equal(out[5].value, fakeReward(`${items[5].prompt}${items[5].output}`));
    // batch [3,4,5] once, then 3, 4, 5 alone; batch [0,1,2] once
    assert.equal(server.stats.requests, 5);
    assert.equal(server.stats.perUnit.get('TOO LONGx'), 2);
  });
});

test('request budget: batches beyond it are not sent; their items fail fast with error "budget"', async () => {
  const items = many(10);
  await withServer({}, async (url, server) => {
    const out = await createRemoteScorer(`rm:model=rm-1,url=${url},api=openrlhf,batch-size=2,concurrency=1,budget-requests=2`, deps).score(items);
    assert.equal(server.stats.requests, 2);
    assert.deepEqual(out.map((s) => s.details?.error ?? 'ok'), ['ok', 'ok', 'ok', 'ok', 'budget', 'budget', 'budget', 'budget', 'budget', 'budget']);
  });
});

test('chat prompts with template=pair or none are refused rather than flattened', async () => {
  const chat: Item = { id: 'c', prompt: [{ role: 'user', content: 'Hi' }], output: 'Hello' };
  await assert.rejects(rm('api=vllm-score').score([chat]), ScorerInputError);
  await assert.rejects(rm('api=openrlhf').score([chat]), /template=server, chatml or llama3/);
  await assert.rejects(rm('api=openrlhf').score([{ id: 'np', output: 'x' }]), /no prompt/);
});

test('signature names model, API, format, label and raw; not the URL or batch size; specs round-trip and are checked', () => {
  const a = rm('api=vllm-classify,template=chatml,batch-size=4');
  assert.equal(a.signature(), 'RM|model:rm-1|api:vllm-classify|chat:chatml|label:single|raw:yes|version:trenchcoat-0.1.0');
  assert.equal(createRemoteScorer('rm:model=rm-1,url=http://gpu-7:9000,api=vllm-classify,template=chatml,concurrency=32', deps).signature(), a.signature());
  assert.notEqual(rm('api=vllm-classify,template=llama3').signature(), a.signature());
  assert.notEqual(rm('api=vllm-classify,template=chatml,raw=false').signature(), a.signature());
  assert.equal(rm('api=openrlhf').signature(), 'RM|model:rm-1|api:openrlhf|chat:none|label:single|version:trenchcoat-0.1.0');
  assert.equal(a.spec(), `rm:api=vllm-classify,model=rm-1,template=chatml,raw=true,batch-size=4,url=${main.url}`);
  assert.equal(createRemoteScorer(a.spec(), deps).spec(), a.spec());
  assert.deepEqual(rm('api=vllm-classify,raw=false').range, [0, 1]);
  assert.deepEqual(a.range, [-Infinity, Infinity]);
  assert.throws(() => rm('api=vllm-score,template=chatml'), SpecError);
  assert.throws(() => rm('api=openrlhf,template=server'), SpecError);
  assert.throws(() => rm('api=openrlhf,raw=true'), /raw= does not apply/);
  assert.throws(() => rm('api=vllm-classify,label=good'), /label=INDEX/);
  assert.throws(() => rm('api=vllm-score,label=0'), /label= does not apply/);
  assert.throws(() => rm('api=vllm-embed'), /needs api=/);
});
