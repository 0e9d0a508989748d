// LLM judges against a local OpenAI-compatible server: the G-Eval expected score on hand-computed logprobs, the
// parsed fallback, pairwise both orders with ties and unparseable answers, listwise rankings, signatures and specs.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ScorerInputError, type Item } from '../../../src/scorers/contract.js';
import { isPairwiseScorer, isListwiseScorer, type PairwiseScorer, type ListwiseScorer } from '../../../src/scorers/pairwise.js';
import { SpecError } from '../../../src/scorers/spec.js';
import { createRemoteScorer, PointwiseJudge, type RemoteDeps } from '../../../src/scorers/model/index.js';
import { expectedScoreFromLogprobs, parsePairVerdict, parseRanking, parseScoreText } from '../../../src/scorers/model/http/parse-judge.js';
import { rubric1to10v1 } from '../../../src/scorers/model/templates/rubric.js';
import { runScorerContract } from '../contract-suite.js';
import { fakeJudgeReply, recordingSleep, startFakeServer, type FakeChatReply } from '../../helpers/fake-servers.js';

const ln = Math.log;
const deps: RemoteDeps = { sleep: recordingSleep().sleep };

const items: Item[] = [
  { id: 'q1', prompt: 'What is the capital of France?', output: 'Paris.' },
  { id: 'q2', prompt: 'Name a prime number above 10.', output: '11' },
  { id: 'q3', prompt: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Say hi.' }], output: 'Hi!' },
  { id: 'q4', prompt: 'Translate "Haus" to English.', output: 'house' },
  { id: 'q5', prompt: 'Is water wet?', output: 'It depends on the definition of wet.' },
];

// one server whose answers tests can script per user message; unscripted messages get the default fake judge
const scripted = new Map<string, FakeChatReply | ((text: string) => FakeChatReply)>();
const server = await startFakeServer({
  judge: (text) => {
    for (const [needle, reply] of scripted) if (text.includes(needle)) return typeof reply === 'function' ? reply(text) : reply;
    return fakeJudgeReply(text);
  },
});
after(() => server.close());
const base = `${server.url}/v1`;
const judge = (opts: string) => createRemoteScorer(`judge:model=judge-1,url=${base},${opts}`, deps);

runScorerContract({ create: (spec) => createRemoteScorer(spec, deps), spec: `judge:model=judge-1,url=${base}`, items });
runScorerContract({ create: (spec) => createRemoteScorer(spec, deps), spec: `judge:model=judge-1,url=${base},template=rubric-1to5@1,logprobs=false`, items });

test('G-Eval expected score on hand-computed logprobs: renormalised over valid score tokens', async () => {
  scripted.set('NEEDLE-GEVAL', {
    content: '4',
    tokens: [{ token: '4', logprob: ln(0.5), top: [['4', ln(0.5)], ['3', ln(0.3)], ['5', ln(0.1)], ['The', ln(0.1)]] }],
  });
  const [s] = await judge('template=rubric-1to5@1').score([{ id: 'g', prompt: 'NEEDLE-GEVAL', output: 'x' }]);
  // valid mass 0.9; E = (4·0.5 + 3·0.3 + 5·0.1) / 0.9 = 3.4 / 0.9
  assert.ok(Math.abs((s.value as number) - 3.4 / 0.9) < 1e-12, String(s.value));
  assert.equal(s.details?.method, 'logprobs');
  assert.ok(Math.abs((s.details?.mass as number) - 0.9) < 1e-12);
  const p = s.details?.probs as Record<string, number>;
  assert.ok(Math.abs(p['3'] - 1 / 3) < 1e-12 && Math.abs(p['4'] - 5 / 9) < 1e-12 && Math.abs(p['5'] - 1 / 9) < 1e-12);
  assert.equal(s.details?.raw, '4');
  assert.equal(s.details?.parsed, 4);
});

test('alternatives differing only in whitespace add up; the sampled token counts even if the server left it out of top_logprobs', () => {
  const tokens = [{ token: '4', logprob: ln(0.4), top: [{ token: ' 4', logprob: ln(0.2) }, { token: '2', logprob: ln(0.4) }] }];
  // "4" (0.4, sampled) + " 4" (0.2) = 0.6 on 4; 0.4 on 2: E = 2.4 + 0.8 = 3.2
  const e = expectedScoreFromLogprobs(tokens, { min: 1, max: 5 });
  assert.ok(e.value !== null && Math.abs(e.value - 3.2) < 1e-12);
});

test('1–10 with whole-number tokens: "1" is the score 1 once "10" is seen as a token', () => {
  const tokens = [{ token: '9', logprob: ln(0.5), top: [{ token: '9', logprob: ln(0.5) }, { token: '10', logprob: ln(0.3) }, { token: '1', logprob: ln(0.2) }] }];
  const e = expectedScoreFromLogprobs(tokens, { min: 1, max: 10 });
  assert.ok(e.value !== null && Math.abs(e.value - (9 * 0.5 + 10 * 0.3 + 1 * 0.2)) < 1e-12);
});

test('1–10 with a digit-splitting tokenizer: P(10) = P(1)·P(0 | 1) from the next position', async () => {
  scripted.set('NEEDLE-SPLIT', {
    content: '10',
    tokens: [
      { token: '1', logprob: ln(0.7), top: [['1', ln(0.7)], ['9', ln(0.3)]] },
      { token: '0', logprob: ln(0.8), top: [['0', ln(0.8)], ['\n', ln(0.2)]] },
    ],
  });
  const [s] = await judge('template=rubric-1to10@1').score([{ id: 's', prompt: 'NEEDLE-SPLIT', output: 'x' }]);
  // P(10) = 0.7·0.8 = 0.56, P(1) = 0.7·0.2 = 0.14, P(9) = 0.3: E = 5.6 + 0.14 + 2.7 = 8.44
  assert.ok(Math.abs((s.value as number) - 8.44) < 1e-12, String(s.value));
  assert.equal(s.details?.split, true);
});

test('1–10 where "1" may be 1 or the start of 10: no guess, the parsed integer is used and the reason kept', async () => {
  scripted.set('NEEDLE-AMBIG', {
    content: '7',
    tokens: [{ token: '7', logprob: ln(0.6), top: [['7', ln(0.6)], ['1', ln(0.2)], ['8', ln(0.2)]] }],
  });
  const [s] = await judge('template=rubric-1to10@1').score([{ id: 'a', prompt: 'NEEDLE-AMBIG', output: 'x' }]);
  assert.equal(s.value, 7);
  assert.equal(s.details?.method, 'parsed');
  assert.match(String(s.details?.logprobs), /ambiguous/);
  assert.equal(s.details?.error, undefined);
});

test('without logprobs the parsed integer is the score; an unparseable answer is null with the raw text and no error mark', async () => {
  scripted.set('NEEDLE-PROSE', { content: 'I would rather not grade this.' });
  scripted.set('NEEDLE-ELEVEN', { content: '11' });
  scripted.set('NEEDLE-SCORE', { content: 'Score: 8/10 because it is correct.' });
  const j = judge('logprobs=false');
  const [prose, eleven, eight] = await j.score([
    { id: 'p', prompt: 'NEEDLE-PROSE', output: 'x' },
    { id: 'e', prompt: 'NEEDLE-ELEVEN', output: 'x' },
    { id: 's', prompt: 'NEEDLE-SCORE', output: 'x' },
  ]);
  assert.equal(prose.value, null);
  assert.equal(prose.details?.raw, 'I would rather not grade this.');
  assert.equal(prose.details?.unparseable, true);
  assert.equal(prose.details?.error, undefined); // a result (cacheable), not a failure
  assert.equal(eleven.value, null); // off the 1–10 scale
  assert.equal(eight.value, 8);
  assert.equal(eight.details?.method, 'parsed');
  const body = server.stats.log.at(-1)!.body;
  assert.equal(body.logprobs, undefined);
});

test('parseScoreText takes the first number and insists on an integer on the scale', () => {
  const s = { min: 1, max: 10 };
  assert.equal(parseScoreText('7', s), 7);
  assert.equal(parseScoreText(' 7.0 ', s), 7);
  assert.equal(parseScoreText('7.5', s), null);
  assert.equal(parseScoreText('0', s), null);
  assert.equal(parseScoreText('ten', s), null);
});

test('the request carries model, template text, temperature, top_p, max_tokens, seed and logprobs as configured', async () => {
  const j = judge('temperature=0.7,top-p=0.9,max-tokens=5,seed=42,top-logprobs=5') as PointwiseJudge;
  await j.score([items[0]]);
  const body = server.stats.log.at(-1)!.body;
  assert.equal(body.model, 'judge-1');
  assert.equal(body.temperature, 0.7);
  assert.equal(body.top_p, 0.9);
  assert.equal(body.max_tokens, 5);
  assert.equal(body.seed, 42);
  assert.equal(body.logprobs, true);
  assert.equal(body.top_logprobs, 5);
  assert.deepEqual(body.messages, [{ role: 'user', content: j.renderItem(items[0]) }]);
  assert.ok(body.messages[0].content.includes('What is the capital of France?\n\n[Response]\nParis.'));
  await judge('seed=none').score([items[0]]);
  assert.equal('seed' in server.stats.log.at(-1)!.body, false);
});

test('signature names model, API, template@version#sha256-prefix and decoding; not the URL, key or transport options', () => {
  const a = judge('template=rubric-1to10@1');
  const hash = createHash('sha256').update(rubric1to10v1.text, 'utf8').digest('hex').slice(0, 12);
  assert.equal(
    a.signature(),
    `Judge|model:judge-1|api:openai-chat|mode:pointwise|tpl:rubric-1to10@1#${hash}|temp:0|top_p:1|max_tokens:16|seed:0|logprobs:yes|top_logprobs:20|version:trenchcoat-0.1.0`,
  );
  const elsewhere = createRemoteScorer('judge:model=judge-1,url=https://api.example.com/v1,concurrency=64,retries=2,timeout=5,budget-requests=10,api-key-env=OPENAI_API_KEY', deps);
  assert.equal(elsewhere.signature(), a.signature());
  assert.notEqual(judge('temperature=0.5').signature(), a.signature());
  assert.notEqual(judge('template=rubric-1to5@1').signature(), a.signature());
  assert.notEqual(judge('logprobs=false').signature(), a.signature());
  assert.notEqual(createRemoteScorer(`judge:model=judge-2,url=${base}`, deps).signature(), a.signature());
  assert.match(judge('mode=pairwise').signature(), /\|mode:pairwise\|tpl:pairwise-ab@1#[0-9a-f]{12}\|.*\|orders:both\|/);
  assert.match(judge('mode=pairwise,orders=one').signature(), /\|orders:one\|/);
});

test('spec round-trips, resolves a bare template name to its version, and rejects bad combinations', () => {
  const s = judge('template=rubric-1to5,concurrency=3');
  assert.equal(
    s.spec(),
    `judge:model=judge-1,mode=pointwise,template=rubric-1to5@1,temperature=0,top-p=1,max-tokens=16,seed=0,logprobs=true,top-logprobs=20,url=${base},concurrency=3`,
  );
  assert.equal(createRemoteScorer(s.spec(), deps).spec(), s.spec());
  assert.throws(() => judge('mode=pairwise,template=rubric-1to10@1'), SpecError);
  assert.throws(() => judge('orders=both'), SpecError);
  assert.throws(() => judge('template=rubric-1to10@9'), /unknown template/);
  assert.throws(() => judge('temprature=0'), /unknown option "temprature"/);
  assert.throws(() => createRemoteScorer('judge:model=m', deps), /needs url=/);
  assert.throws(() => createRemoteScorer('judge:url=http://x/v1', deps), /needs model=/);
  assert.throws(() => createRemoteScorer('judge:model=m,url=http://user:secret@x/v1', deps), /credentials/);
});

test('the spec forms from the issue parse, and resolve through the registry once modelFactories are registered', async () => {
  const { modelFactories } = await import('../../../src/scorers/model/index.js');
  const { createScorer, findScorerFactory, registerScorer } = await import('../../../src/scorers/registry.js');
  for (const f of modelFactories) if (!findScorerFactory(f.name)) registerScorer(f);
  const j = createScorer('judge:model=gpt-4o-mini,url=http://127.0.0.1:8000/v1,mode=pointwise,template=rubric-1to10@1,temperature=0,seed=0,logprobs=true,api-key-env=OPENAI_API_KEY');
  assert.equal(j.family, 'judge');
  assert.equal(j.mode, 'pointwise');
  assert.deepEqual(j.range, [1, 10]);
  assert.match(j.signature(), /^Judge\|model:gpt-4o-mini\|api:openai-chat\|mode:pointwise\|tpl:rubric-1to10@1#dad5f8246c5c\|/);
  const r = createScorer('reward-model:url=http://127.0.0.1:8001,api=vllm-classify,model=Skywork/Skywork-Reward-V2-Llama-3.1-8B');
  assert.equal(r.family, 'reward-model');
  assert.equal(r.signature(), 'RM|model:Skywork/Skywork-Reward-V2-Llama-3.1-8B|api:vllm-classify|chat:server|label:single|raw:yes|version:trenchcoat-0.1.0');
});

test('API key: read from the named environment variable, sent as a Bearer token, never in spec or signature', async () => {
  process.env.TRENCHCOAT_TEST_KEY = 'sk-test-123';
  try {
    const j = judge('api-key-env=TRENCHCOAT_TEST_KEY');
    await j.score([items[0]]);
    assert.equal(server.stats.log.at(-1)!.authorization, 'Bearer sk-test-123');
    assert.ok(!j.spec().includes('sk-test') && !j.signature().includes('sk-test'));
    assert.ok(j.spec().includes('api-key-env=TRENCHCOAT_TEST_KEY'));
  } finally {
    delete process.env.TRENCHCOAT_TEST_KEY;
  }
  const before = server.stats.requests;
  await assert.rejects(judge('api-key-env=TRENCHCOAT_TEST_KEY').score([items[0]]), /TRENCHCOAT_TEST_KEY.*not set/);
  assert.equal(server.stats.requests, before);
});

test('transport failures end as null with details.error after the retries', async () => {
  const down = await startFakeServer({ faults: (r) => (r.units[0].includes('NEEDLE-FAIL') ? { kind: 'status', status: 503 } : undefined) });
  try {
    const j = createRemoteScorer(`judge:model=judge-1,url=${down.url}/v1,retries=2`, deps);
    const out = await j.score([
      { id: 'ok', prompt: 'fine', output: 'x' },
      { id: 'bad', prompt: 'NEEDLE-FAIL', output: 'x' },
    ]);
    assert.equal(typeof out[0].value, 'number');
    assert.equal(out[1].value, null);
    assert.equal(out[1].details?.error, 'http-503');
    assert.equal(out[1].details?.attempts, 3);
  } finally {
    await down.close();
  }
});

// ---------------------------------------------------------------- pairwise

const pairJudge = (opts = '') => judge(`mode=pairwise${opts ? ',' + opts : ''}`) as PairwiseScorer;

test('pairwise: both orders run, verdicts kept per order in the pair\'s terms; pA = 1 / 0 / 0.5', async () => {
  const j = pairJudge();
  assert.ok(isPairwiseScorer(j));
  const before = server.stats.requests;
  // the default fake judge prefers the longer response, whatever its position: position-consistent
  const out = await j.comparePairs([
    { prompt: 'P1', a: 'a much longer answer', b: 'short' },
    { prompt: 'P2', a: 'short', b: 'a much longer answer' },
    { prompt: 'P3', a: 'same!', b: 'equal' },
  ]);
  assert.equal(server.stats.requests - before, 6);
  assert.deepEqual(out.map((o) => [o.pA, o.first, o.second]), [
    [1, 'a', 'a'],
    [0, 'b', 'b'],
    [0.5, 'tie', 'tie'],
  ]);
});

test('pairwise: a judge that always picks the first position is caught — first "a", second "b", pA 0.5', async () => {
  scripted.set('NEEDLE-FIRSTPICK', { content: 'A' });
  const [o] = await pairJudge().comparePairs([{ prompt: 'NEEDLE-FIRSTPICK', a: 'x', b: 'yy' }]);
  assert.equal(o.first, 'a');
  assert.equal(o.second, 'b');
  assert.equal(o.pA, 0.5);
  assert.equal(o.details?.rawFirst, 'A');
  assert.equal(o.details?.rawSecond, 'A');
});

test('pairwise: an unparseable order makes pA null (never the other order alone), with no error mark', async () => {
  // answers "B" when "first-shown" is shown as Response A, prose otherwise
  scripted.set('NEEDLE-HALF', (text) => ({ content: /\[Response A\]\nfirst-shown/.test(text) ? 'B' : 'They are both fine.' }));
  const [o] = await pairJudge().comparePairs([{ prompt: 'NEEDLE-HALF', a: 'first-shown', b: 'other' }]);
  assert.equal(o.first, 'b');
  assert.equal(o.second, null);
  assert.equal(o.pA, null);
  assert.equal(o.details?.unparseable, true);
  assert.equal(o.details?.error, undefined);
  scripted.set('NEEDLE-NEVER', { content: 'Both responses have merit.' });
  const [n] = await pairJudge().comparePairs([{ prompt: 'NEEDLE-NEVER', a: 'x', b: 'y' }]);
  assert.deepEqual([n.pA, n.first, n.second], [null, null, null]);
});

test('pairwise: verdict-token probabilities are mapped to the pair\'s terms in the swapped order', async () => {
  scripted.set('NEEDLE-PROBS', { content: 'A', tokens: [{ token: 'A', logprob: ln(0.7), top: [['A', ln(0.7)], ['B', ln(0.2)], ['tie', ln(0.1)]] }] });
  const [o] = await pairJudge().comparePairs([{ prompt: 'NEEDLE-PROBS', a: 'x', b: 'y' }]);
  const pf = o.details?.probsFirst as Record<string, number>;
  const ps = o.details?.probsSecond as Record<string, number>;
  assert.ok(Math.abs(pf.a - 0.7) < 1e-12 && Math.abs(pf.b - 0.2) < 1e-12 && Math.abs(pf.tie - 0.1) < 1e-12);
  assert.ok(Math.abs(ps.a - 0.2) < 1e-12 && Math.abs(ps.b - 0.7) < 1e-12 && Math.abs(ps.tie - 0.1) < 1e-12);
});

test('pairwise: orders=one sends one request per pair and leaves `second` undefined', async () => {
  const before = server.stats.requests;
  const out = await pairJudge('orders=one').comparePairs([
    { prompt: 'P', a: 'longer one', b: 'short' },
    { prompt: 'P', a: 'x', b: 'longer one' },
  ]);
  assert.equal(server.stats.requests - before, 2);
  assert.deepEqual(out.map((o) => [o.pA, o.first, o.second]), [
    [1, 'a', undefined],
    [0, 'b', undefined],
  ]);
  // and bothOrders can be asked per call
  const both = await pairJudge('orders=one').comparePairs([{ prompt: 'P', a: 'x', b: 'yy' }], { bothOrders: true });
  assert.equal(both[0].second, 'b');
});

test('pairwise: score(items) is refused with a ScorerInputError that points to comparePairs', async () => {
  await assert.rejects(pairJudge().score(items), (e: unknown) => e instanceof ScorerInputError && /comparePairs/.test(e.message));
});

test('pairwise verdict parsing accepts bare and decorated verdicts and refuses prose or disagreement', () => {
  const cases: [string, string | null][] = [
    ['A', 'A'], [' b.', 'B'], ['**Tie**', 'tie'], ['TIE', 'tie'], ['[[B]]', 'B'], ['Response A', 'A'], ['Output (b)', 'B'], ['"A"', 'A'],
    ['After weighing both, my verdict: [[A]]', 'A'], ['[[A]] then [[B]]', null], ['A or B', null], ['I think A is better', null], ['', null], ['C', null],
  ];
  for (const [text, want] of cases) assert.equal(parsePairVerdict(text), want, JSON.stringify(text));
});

// ---------------------------------------------------------------- listwise

test('listwise: rankings in both presentation orders, mapped back to candidate indices', async () => {
  const j = judge('mode=listwise') as ListwiseScorer;
  assert.ok(isListwiseScorer(j));
  const [consistent] = await j.rankLists([{ prompt: 'L1', candidates: ['aa', 'a', 'aaaa'] }]);
  // the fake judge ranks by length: candidate 2 (4 chars), 0 (2), 1 (1) — whatever the order shown
  assert.deepEqual(consistent.ranking, [2, 0, 1]);
  assert.deepEqual(consistent.reversed, [2, 0, 1]);
  scripted.set('NEEDLE-LIST', { content: '[1] > [2] > [3]' });
  const [biased] = await j.rankLists([{ prompt: 'NEEDLE-LIST', candidates: ['x', 'y', 'z'] }]);
  assert.deepEqual(biased.ranking, [0, 1, 2]);
  assert.deepEqual(biased.reversed, [2, 1, 0]);
  scripted.set('NEEDLE-PARTIAL', { content: '[2] > [1]' });
  const [partial] = await j.rankLists([{ prompt: 'NEEDLE-PARTIAL', candidates: ['x', 'y', 'z'] }]);
  assert.equal(partial.ranking, null);
  assert.equal(partial.details?.unparseable, true);
  await assert.rejects(j.score(items), ScorerInputError);
});

test('ranking parsing: brackets or bare ">" lists; must be a permutation of all candidates', () => {
  assert.deepEqual(parseRanking('[2] > [3] > [1]', 3), [1, 2, 0]);
  assert.deepEqual(parseRanking('Ranking: [ 3 ] > [1] > [2].', 3), [2, 0, 1]);
  assert.deepEqual(parseRanking('2 > 1', 2), [1, 0]);
  assert.equal(parseRanking('[1] > [1] > [2]', 3), null);
  assert.equal(parseRanking('[1] > [4] > [2]', 3), null);
  assert.equal(parseRanking('[1] > [2]', 3), null);
  assert.equal(parseRanking('the first one', 3), null);
});
