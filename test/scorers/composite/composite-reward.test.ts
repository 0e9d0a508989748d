// Composite rewards: reward-file validation (errors name the path in the file), each combination rule, failures with
// and without on-failure, signatures, and property tests over random components.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import '../../../src/scorers/builtin.js';
import { createScorer, findScorerFactory, registerScorer } from '../../../src/scorers/registry.js';
import { BasePointwiseScorer, scoreStatus, type Item, type Score } from '../../../src/scorers/contract.js';
import { formatSignature } from '../../../src/scorers/spec.js';
import { CompositeReward } from '../../../src/scorers/composite/composite-reward.js';
import { parseRewardDefinition, RewardFileError } from '../../../src/scorers/composite/reward-file.js';
import { combineMemberScores } from '../../../src/stats/ensembles.js';
import { runScorerContract } from '../contract-suite.js';
import { startFakeServer } from '../../helpers/fake-servers.js';

/** `test-meta:FIELD`: the number in meta[FIELD]; null abstains; the string "FAIL" is a failure (details.error). */
class MetaValue extends BasePointwiseScorer {
  readonly id = 'test-meta';
  readonly family = 'precomputed' as const;
  readonly needs = {};
  readonly direction = 'higher' as const;
  readonly range = [-100, 100] as const;
  constructor(readonly field: string) {
    super();
  }
  spec() {
    return `test-meta:${this.field}`;
  }
  signature() {
    return formatSignature(`test-meta:${this.field}`, []);
  }
  protected scoreOne(item: Item): Score {
    const v = item.meta?.[this.field];
    if (v === 'FAIL') return { value: null, details: { error: 'boom' } };
    if (v === undefined) throw new Error(`test-meta: item ${item.id} was scored but has no ${this.field}`);
    return { value: v as number | null };
  }
}
if (!findScorerFactory('test-meta'))
  registerScorer({ name: 'test-meta', summary: 'test only', create: (o) => { const s = new MetaValue(o.positional(0, 'field')); o.done(1); return s; } });

const dir = mkdtempSync('/tmp/tc-reward-');
const write = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const reward = (doc: unknown) => new CompositeReward(parseRewardDefinition(doc, 'reward.yaml'));
const item = (meta: Record<string, unknown>, extra: Partial<Item> = {}): Item => ({ id: 'i', output: 'x', meta, ...extra });

// ------------------------------------------------------------ the file

test('reward file errors name the file and the path inside it', () => {
  const cases: [string, RegExp][] = [
    ['components:\n  - {name: a, spec: exact, weight: "1"}\n', /^.*bad\.yaml: components\[0\]\.weight: expected number$/],
    ['components:\n  - {name: a, spec: exact}\n  - {name: b, spec: exact, wieght: 2}\n', /bad\.yaml: components\[1\]: unknown field "wieght"/],
    ['combine: median\ncomponents:\n  - {name: a, spec: exact}\n', /bad\.yaml: combine: expected one of sum, min/],
    ['components:\n  - {name: a, spec: exact}\n  - {name: a, spec: f1}\n', /components\[1\]\.name: "a" is already the name of components\[0\]/],
    ['combine: gate\ncomponents:\n  - {name: a, spec: exact}\n', /bad\.yaml: combine: gate needs a gate section/],
    ['combine: min\ncomponents:\n  - {name: a, spec: exact, weight: 2}\n', /components\[0\]\.weight: weights apply only to combine: sum/],
    ['components: []\n', /components: a reward needs at least one component/],
    ['components:\n  - {name: a, spec: "nope:x=1"}\n', /components\[0\]\.spec: unknown scorer "nope"/],
    ['components:\n  - {name: a, spec: ter}\n', /components\[0\]: ter is lower-is-better; set negate: true/],
    ['components:\n  - {name: a, spec: exact, clip: [1, 0]}\n', /components\[0\]\.clip: clip is \[low, high\]/],
    ['components:\n  - {name: a, spec: exact, normalize: {mean: 0, std: 0}}\n', /components\[0\]\.normalize\.std: std must be > 0/],
    ['components:\n  - {name: a, spec: exact\n', /bad\.yaml:\d+: /],
    ['combine: mean\nspread: var\ncomponents:\n  - {name: a, spec: exact}\n', /bad\.yaml: spread: spread applies only to combine: uwo/],
    ['combine: uwo\nspread: variance\ncomponents:\n  - {name: a, spec: exact}\n', /bad\.yaml: spread: expected one of std, var/],
    ['combine: gate\ngate: {verifier: a, scorer: c}\ncomponents:\n  - {name: a, spec: exact}\n  - {name: b, spec: f1}\n', /gate\.scorer: no component is named "c"/],
  ];
  for (const [text, re] of cases) {
    const file = write('bad.yaml', text);
    assert.throws(() => createScorer(`reward:file=${file}`), (e: unknown) => e instanceof RewardFileError && re.test((e as Error).message), text);
  }
  assert.throws(() => createScorer(`reward:file=${dir}/missing.yaml`), /missing\.yaml: no such file/);
  assert.throws(() => createScorer(`reward:file=${dir}`), /is a folder, not a reward file/);
  assert.throws(() => createScorer('reward'), /file=PATH/);
});

test('JSON reward files work; {dir} in a spec is the reward file folder; a file that includes itself is refused', async () => {
  write('schema.json', '{"type":"object"}');
  const json = write('r.json', JSON.stringify({ components: [{ name: 'j', spec: 'json:schema={dir}/schema.json' }] }));
  const [s] = await createScorer(`reward:file=${json}`).score([{ id: '1', output: '{}' }]);
  assert.equal(s.value, 1);
  const self = write('self.yaml', `components:\n  - {name: me, spec: "reward:file=${path.join(dir, 'self.yaml')}"}\n`);
  assert.throws(() => createScorer(`reward:file=${self}`), /includes itself/);
});

// ------------------------------------------------------------ rules

test('sum: Σ weight·(transformed value); transforms run normalize → negate → scale → offset → clip', async () => {
  const r = reward({
    components: [
      { name: 'a', spec: 'test-meta:a', weight: 2, normalize: { mean: 1, std: 2 }, negate: true, scale: 3, offset: 0.5, clip: [-4, 4] },
      { name: 'b', spec: 'test-meta:b', weight: -1 },
    ],
  });
  const [s1, s2] = await r.score([item({ a: 2, b: 1 }), item({ a: -9, b: 0 })]);
  // a=2: (2−1)/2=0.5 → −0.5 → −1.5 → −1 → clip −1; 2·(−1) − 1 = −3
  assert.equal(s1.value, -3);
  // a=−9: −5 → 5 → 15 → 15.5 → clip 4; 2·4 − 0 = 8
  assert.equal(s2.value, 8);
  assert.deepEqual(s2.details?.components, { a: 4, b: 0 });
});

test('min/worst, max, mean and uwo use the best-of-n ensemble rule on the transformed values', async () => {
  const vals = [0.5, -2, 3];
  const comps = vals.map((_, k) => ({ name: `c${k}`, spec: `test-meta:c${k}` }));
  const it = item(Object.fromEntries(vals.map((v, k) => [`c${k}`, v])));
  const one = async (doc: object) => (await reward({ ...doc, components: comps }).score([it]))[0].value;
  assert.equal(await one({ combine: 'min' }), -2);
  assert.equal(await one({ combine: 'worst' }), -2);
  assert.equal(await one({ combine: 'max' }), 3);
  assert.equal(await one({ combine: 'mean' }), combineMemberScores(vals, 'mean', 1, 'std'));
  // uwo defaults to mean − λ·std (issue 10); spread: var is Coste et al.'s mean − λ·variance (best-of-n's default)
  assert.equal(await one({ combine: 'uwo', lambda: 0.5 }), combineMemberScores(vals, 'uwo', 0.5, 'std'));
  assert.equal(await one({ combine: 'uwo', lambda: 0.5, spread: 'var' }), combineMemberScores(vals, 'uwo', 0.5, 'var'));
  // mean 0.5, population variance (0 + 6.25 + 6.25)/3
  assert.equal(await one({ combine: 'uwo', lambda: 0.5 }), 0.5 - 0.5 * Math.sqrt(12.5 / 3));
  assert.equal(await one({ combine: 'uwo', lambda: 0.5, spread: 'std' }), 0.5 - 0.5 * Math.sqrt(12.5 / 3));
  assert.equal(await one({ combine: 'uwo', lambda: 0.5, spread: 'var' }), 0.5 - 0.5 * (12.5 / 3));
});

test('fallback: the first component with a value; abstentions and failures pass on to the next', async () => {
  const r = reward({ combine: 'fallback', components: [{ name: 'rm', spec: 'test-meta:rm' }, { name: 'rule', spec: 'test-meta:rule' }] });
  const got = await r.score([item({ rm: 0.7, rule: 1 }), item({ rm: null, rule: 1 }), item({ rm: 'FAIL', rule: 0 }), item({ rm: null, rule: null }), item({ rm: 'FAIL', rule: null })]);
  assert.deepEqual(got.map((g) => g.value), [0.7, 1, 0, null, null]);
  assert.deepEqual(got.slice(0, 3).map((g) => g.details?.chosen), ['rm', 'rule', 'rule']);
  assert.deepEqual(got.slice(3).map(scoreStatus), ['abstained', 'failed']);
});

test('gate score-passing: failing items get fail-value and are never sent to the scorer; tie-break adds tie-weight·scorer', async () => {
  const doc = (gate: object) => ({ combine: 'gate', gate: { verifier: 'ok', scorer: 'rm', ...gate }, components: [{ name: 'ok', spec: 'test-meta:ok' }, { name: 'rm', spec: 'test-meta:rm' }] });
  // the failing item has no `rm` field: scoring it would throw
  const items = [item({ ok: 1, rm: 0.3 }), item({ ok: 0 }), item({ ok: -1 })];
  assert.deepEqual((await reward(doc({ 'fail-value': -1 })).score(items)).map((s) => s.value), [0.3, -1, -1]);
  assert.deepEqual((await reward(doc({ threshold: -1 })).score([item({ ok: 1, rm: 0.3 }), item({ ok: -1, rm: 5 })])).map((s) => s.value), [0.3, 5]);
  const tie = reward(doc({ mode: 'tie-break', 'tie-weight': 0.01 }));
  const got = await tie.score([item({ ok: 1, rm: 0.3 }), item({ ok: 1, rm: -0.2 }), item({ ok: 0, rm: 0.9 })]);
  assert.deepEqual(got.map((s) => s.value), [1 + 0.01 * 0.3, 1 + 0.01 * -0.2, 0 + 0.01 * 0.9]);
  assert.throws(() => reward(doc({ mode: 'tie-break', 'fail-value': 0 })), /fail-value applies only to mode: score-passing/);
});

test('a failing component: without on-failure the item fails (details.error names it); with it, the value is used and marked', async () => {
  const comps = (f?: number) => [{ name: 'rule', spec: 'test-meta:rule' }, { name: 'rm', spec: 'test-meta:rm', weight: 0.5, ...(f === undefined ? {} : { 'on-failure': f }) }];
  const items = [item({ rule: 1, rm: 2 }), item({ rule: 1, rm: 'FAIL' }), item({ rule: 0, rm: null })];
  const plain = await reward({ components: comps() }).score(items);
  assert.deepEqual(plain.map(scoreStatus), ['ok', 'failed', 'abstained']);
  assert.match(String(plain[1].details?.error), /rm: boom/);
  const sub = reward({ components: comps(-3) });
  const got = await sub.score(items);
  assert.deepEqual(got.map((s) => s.value), [2, 1 - 1.5, null]);
  assert.deepEqual(got[1].details?.substituted, ['rm']);
  assert.equal(got[0].details?.substituted, undefined);
  const corpus = await sub.corpusScore(items);
  assert.deepEqual([corpus.value, corpus.details?.n, corpus.details?.substituted, corpus.details?.failed, corpus.details?.abstained], [(2 - 0.5) / 2, 2, 1, 0, 1]);
  const corpusPlain = await reward({ components: comps() }).corpusScore(items);
  assert.deepEqual([corpusPlain.details?.failed, corpusPlain.details?.abstained], [1, 1]);
});

test('a reward model server that fails (HTTP 503) and one that hangs past timeout: failed, or on-failure when stated', async () => {
  const server = await startFakeServer({
    faults: (r) => (r.units.some((u) => u.includes('NEEDLE-503')) ? { kind: 'status', status: 503 } : r.units.some((u) => u.includes('NEEDLE-HANG')) ? { kind: 'hang' } : undefined),
  });
  try {
    const rm = `rm:api=openrlhf,model=m,url=${server.url},retries=0,batch-size=1`;
    const f = write('rm.yaml', `components:\n  - {name: ok, spec: exact}\n  - {name: rm, spec: "${rm}", on-failure: -5, timeout: 1}\n`);
    const g = write('rm-plain.yaml', `components:\n  - {name: ok, spec: exact}\n  - {name: rm, spec: "${rm}", timeout: 1}\n`);
    const items: Item[] = [
      { id: 'a', prompt: 'p', output: 'fine', references: ['fine'] },
      { id: 'b', prompt: 'p', output: 'NEEDLE-503', references: ['x'] },
    ];
    const withSub = await createScorer(`reward:file=${f}`).score(items);
    assert.equal(scoreStatus(withSub[0]), 'ok');
    assert.deepEqual([withSub[1].value, withSub[1].details?.substituted], [-5, ['rm']]);
    const plain = await createScorer(`reward:file=${g}`).score(items);
    assert.deepEqual(plain.map(scoreStatus), ['ok', 'failed']);
    const hang = await createScorer(`reward:file=${f}`).score([{ id: 'c', prompt: 'p', output: 'NEEDLE-HANG', references: ['x'] }]);
    assert.deepEqual([hang[0].value, hang[0].details?.substituted], [-5, ['rm']]);
  } finally {
    await server.close();
  }
});

// ------------------------------------------------------------ contract and signatures

const contractFile = write(
  'contract.yaml',
  'combine: sum\ncomponents:\n  - {name: correct, spec: exact, weight: 1}\n  - {name: format, spec: think-format, weight: 0.2}\n  - {name: length, spec: "overlong:max-length=40,buffer=20,unit=chars", weight: 0.5}\n',
);
runScorerContract({
  create: createScorer,
  spec: `reward:file=${contractFile}`,
  items: [
    { id: 'a', output: '<think>2+2</think>4', references: ['4'] },
    { id: 'b', output: '4', references: ['4'] },
    { id: 'c', output: 'a very long answer that goes on and on and on and on', references: ['5'] },
    { id: 'd', output: '<think>x</think>5', references: ['4'] },
  ],
});
for (const spec of ['overlong:max-length=10,buffer=5,unit=chars', 'repetition:unit=words,ngram=2', 'cosine-length:verifier=exact,max-length=20,unit=chars'])
  runScorerContract({
    create: createScorer,
    spec,
    items: [
      { id: 'a', output: 'the the the the', references: ['the the the the'] },
      { id: 'b', output: 'four', references: ['4'] },
      { id: 'c', output: 'x '.repeat(30), references: ['x'] },
      { id: 'd', output: '', references: [''] },
    ],
  });

const arbComponent = fc.record(
  {
    weight: fc.double({ min: -3, max: 3, noNaN: true }),
    normalize: fc.record({ mean: fc.double({ min: -2, max: 2, noNaN: true }), std: fc.double({ min: 0.1, max: 3, noNaN: true }) }),
    negate: fc.boolean(),
    scale: fc.double({ min: -3, max: 3, noNaN: true }),
    offset: fc.double({ min: -3, max: 3, noNaN: true }),
    clip: fc.tuple(fc.double({ min: -5, max: 0, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true })),
    'on-failure': fc.double({ min: -5, max: 5, noNaN: true }),
  },
  { requiredKeys: [] },
);

test('property: sum equals Σ w·transform(v) computed by hand; every value lies in the declared range', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(arbComponent, fc.double({ min: -100, max: 100, noNaN: true })), { minLength: 1, maxLength: 4 }), async (cs) => {
      const r = reward({ components: cs.map(([c], k) => ({ name: `c${k}`, spec: `test-meta:c${k}`, ...c })) });
      const [s] = await r.score([item(Object.fromEntries(cs.map(([, v], k) => [`c${k}`, v])))]);
      let want = 0;
      for (const [c, v] of cs) {
        let x = v;
        if (c.normalize) x = (x - c.normalize.mean) / c.normalize.std;
        if (c.negate) x = -x;
        if (c.scale !== undefined) x *= c.scale;
        if (c.offset !== undefined) x += c.offset;
        if (c.clip) x = Math.min(Math.max(x, c.clip[0]), c.clip[1]);
        want += (c.weight ?? 1) * x;
      }
      assert.equal(s.value, want);
      assert.ok(s.value! >= r.range[0] - 1e-9 && s.value! <= r.range[1] + 1e-9, `${s.value} outside ${r.range}`);
    }),
    { numRuns: 300, seed: 10 },
  );
});

test('property: min ≤ mean ≤ max, uwo ≤ mean, fallback = first value, failures use on-failure exactly when stated', async () => {
  const cell = fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }), fc.constant(null), fc.constant('FAIL'));
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(cell, fc.option(fc.double({ min: -5, max: 5, noNaN: true }), { nil: undefined })), { minLength: 1, maxLength: 4 }), async (cs) => {
      const comps = cs.map(([, f], k) => ({ name: `c${k}`, spec: `test-meta:c${k}`, ...(f === undefined ? {} : { 'on-failure': f }) }));
      const it = item(Object.fromEntries(cs.map(([v], k) => [`c${k}`, v])));
      const effective = cs.map(([v, f]) => (v === 'FAIL' ? (f === undefined ? 'FAIL' : f) : v));
      const v = async (combine: string, extra = {}) => (await reward({ combine, components: comps, ...extra }).score([it]))[0];
      const [mn, mx, mean, uwo, fb] = [await v('min'), await v('max'), await v('mean'), await v('uwo', { lambda: 1 }), await v('fallback')];
      if (effective.includes('FAIL')) for (const s of [mn, mx, mean, uwo]) assert.equal(scoreStatus(s), 'failed');
      else if (effective.includes(null)) for (const s of [mn, mx, mean, uwo]) assert.equal(scoreStatus(s), 'abstained');
      else {
        assert.ok(mn.value! <= mean.value! + 1e-9 && mean.value! <= mx.value! + 1e-9);
        assert.ok(uwo.value! <= mean.value! + 1e-12);
      }
      const first = effective.find((x) => typeof x === 'number');
      assert.equal(fb.value, first === undefined ? null : first);
      const subs = cs.flatMap(([x, f], k) => (x === 'FAIL' && f !== undefined ? [`c${k}`] : []));
      assert.deepEqual(mn.details?.substituted ?? [], subs);
    }),
    { numRuns: 300, seed: 11 },
  );
});

test('property: the signature changes when any component field, the rule or a component scorer option changes', () => {
  const base = { combine: 'sum', components: [{ name: 'a', spec: 'exact', weight: 1 }, { name: 'b', spec: 'think-format', weight: 0.5, 'on-failure': 0 }] };
  const sig = (doc: object) => reward(doc).signature({ nrefs: 1 });
  const s0 = sig(base);
  const mutations: object[] = [
    { ...base, components: [{ ...base.components[0], weight: 2 }, base.components[1]] },
    { ...base, components: [{ ...base.components[0], spec: 'exact:normalize=lower' }, base.components[1]] },
    { ...base, components: [{ ...base.components[0], name: 'z' }, base.components[1]] },
    { ...base, components: [base.components[0], { ...base.components[1], 'on-failure': -1 }] },
    { ...base, components: [base.components[0], { ...base.components[1], timeout: 5 }] },
    { ...base, components: [{ ...base.components[0], clip: [0, 0.5] }, base.components[1]] },
    { ...base, components: [{ ...base.components[0], normalize: { mean: 0, std: 2 } }, base.components[1]] },
    { ...base, components: [{ ...base.components[0], scale: 2 }, base.components[1]] },
    { ...base, components: [{ ...base.components[0], offset: 1 }, base.components[1]] },
    { ...base, components: [{ ...base.components[0], negate: true }, base.components[1]] },
    { ...base, components: [base.components[1], base.components[0]] },
    { combine: 'max', components: base.components.map(({ weight, ...c }) => c) },
    { combine: 'uwo', components: base.components.map(({ weight, ...c }) => c) },
    { combine: 'uwo', lambda: 0.5, components: base.components.map(({ weight, ...c }) => c) },
    { combine: 'uwo', spread: 'var', components: base.components.map(({ weight, ...c }) => c) },
    { combine: 'gate', gate: { verifier: 'a', scorer: 'b' }, components: base.components.map(({ weight, ...c }) => c) },
    { combine: 'gate', gate: { verifier: 'a', scorer: 'b', threshold: 1 }, components: base.components.map(({ weight, ...c }) => c) },
    { combine: 'gate', gate: { verifier: 'a', scorer: 'b', 'fail-value': -1 }, components: base.components.map(({ weight, ...c }) => c) },
    { combine: 'gate', gate: { verifier: 'b', scorer: 'a' }, components: base.components.map(({ weight, ...c }) => c) },
    { combine: 'gate', gate: { verifier: 'a', scorer: 'b', mode: 'tie-break' }, components: base.components.map(({ weight, ...c }) => c) },
    { combine: 'gate', gate: { verifier: 'a', scorer: 'b', mode: 'tie-break', 'tie-weight': 0.1 }, components: base.components.map(({ weight, ...c }) => c) },
  ];
  const seen = new Set([s0]);
  for (const m of mutations) {
    const s = sig(m);
    assert.ok(!seen.has(s), `mutation ${JSON.stringify(m)} kept a signature already seen: ${s}`);
    seen.add(s);
  }
  assert.match(s0, /^Reward\|combine:sum\|a:\{EM\|nrefs:1\|norm:squad\}\|b:\{w=0\.5,on-failure=0;ThinkFormat/);
});



test('composites are never cached whole: their components read meta (token ids) that item keys omit, and substitutes must be retried', async () => {
  const { isCacheable } = await import('../../../src/store/cached-scorer.js');
  assert.equal(isCacheable(createScorer(`reward:file=${contractFile}`)), false);
  assert.equal(isCacheable(createScorer('cosine-length:verifier=exact,max-length=10')), false);
});

test('property: gate = scorer value when the verifier reaches the threshold, else fail-value; tie-break = v + w·s', async () => {
  const num = fc.double({ min: -10, max: 10, noNaN: true });
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(num, num), { minLength: 1, maxLength: 6 }), num, num, fc.double({ min: 0, max: 1, noNaN: true }), async (rows, threshold, failValue, tieWeight) => {
      const comps = [{ name: 'v', spec: 'test-meta:v' }, { name: 's', spec: 'test-meta:s' }];
      const items = rows.map(([v, s], i) => ({ id: String(i), output: 'x', meta: v >= threshold ? { v, s } : { v } }));
      const passing = await reward({ combine: 'gate', gate: { verifier: 'v', scorer: 's', threshold, 'fail-value': failValue }, components: comps }).score(items);
      assert.deepEqual(passing.map((p) => p.value), rows.map(([v, s]) => (v >= threshold ? s : failValue)));
      const tie = await reward({ combine: 'gate', gate: { verifier: 'v', scorer: 's', mode: 'tie-break', 'tie-weight': tieWeight }, components: comps }).score(rows.map(([v, s], i) => ({ id: String(i), output: 'x', meta: { v, s } })));
      assert.deepEqual(tie.map((p) => p.value), rows.map(([v, s]) => v + tieWeight * s));
    }),
    { numRuns: 200, seed: 12 },
  );
});

const normal = (max: number) => fc.double({ min: -max, max, noNaN: true }).filter((x) => x === 0 || Math.abs(x) > 1e-100);

test('property: weights are linear — doubling every weight doubles the reward, a zero weight ignores the value (not a failure)', async () => {
  const cell = fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }), fc.constant('FAIL'));
  await fc.assert(
    // magnitudes kept far from the subnormal range, where (2w)·v and 2·(w·v) round differently
    fc.asyncProperty(fc.array(fc.tuple(normal(3), normal(100)), { minLength: 1, maxLength: 4 }), cell, async (cs, zeroCell) => {
      const comps = (k: number) => cs.map(([w], j) => ({ name: `c${j}`, spec: `test-meta:c${j}`, weight: w * k }));
      const it = item({ ...Object.fromEntries(cs.map(([, v], j) => [`c${j}`, v])), z: zeroCell });
      const [once] = await reward({ components: comps(1) }).score([it]);
      const [twice] = await reward({ components: comps(2) }).score([it]);
      assert.equal(twice.value, 2 * once.value!);
      const [withZero] = await reward({ components: [...comps(1), { name: 'z', spec: 'test-meta:z', weight: 0 }] }).score([it]);
      if (zeroCell === 'FAIL') assert.equal(scoreStatus(withZero), 'failed');
      else assert.equal(withZero.value, once.value! + 0 * zeroCell);
    }),
    { numRuns: 200, seed: 13 },
  );
});

test('property: gate outcomes — a failed verifier fails the item, an abstaining one abstains, the scorer only matters on passing items, on-failure substitutes', async () => {
  const cell = fc.oneof(fc.double({ min: -2, max: 2, noNaN: true }), fc.constant(null), fc.constant('FAIL'));
  await fc.assert(
    fc.asyncProperty(cell, cell, fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: undefined }), fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: undefined }), async (v, s, vSub, sSub) => {
      const comps = [
        { name: 'v', spec: 'test-meta:v', ...(vSub === undefined ? {} : { 'on-failure': vSub }) },
        { name: 's', spec: 'test-meta:s', ...(sSub === undefined ? {} : { 'on-failure': sSub }) },
      ];
      const [got] = await reward({ combine: 'gate', gate: { verifier: 'v', scorer: 's', threshold: 0, 'fail-value': -9 }, components: comps }).score([item({ v, s })]);
      const vEff = v === 'FAIL' ? (vSub ?? 'FAIL') : v;
      const sEff = s === 'FAIL' ? (sSub ?? 'FAIL') : s;
      if (vEff === 'FAIL') return assert.equal(scoreStatus(got), 'failed');
      if (vEff === null) return assert.equal(scoreStatus(got), 'abstained');
      if (vEff < 0) return assert.equal(got.value, -9);
      if (sEff === 'FAIL') return assert.equal(scoreStatus(got), 'failed');
      if (sEff === null) return assert.equal(scoreStatus(got), 'abstained');
      assert.equal(got.value, sEff);
      const subs = [...(v === 'FAIL' ? ['v'] : []), ...(s === 'FAIL' ? ['s'] : [])];
      assert.deepEqual(got.details?.substituted ?? [], subs);
    }),
    { numRuns: 400, seed: 14 },
  );
});

test('property: uwo (std and var) and every rule stay inside the declared range', async () => {
  const rules = ['sum', 'min', 'max', 'mean', 'worst', 'uwo'] as const;
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.tuple(fc.double({ min: -5, max: 0, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }))), { minLength: 1, maxLength: 4 }),
      fc.constantFrom(...rules),
      fc.constantFrom('std', 'var'),
      fc.double({ min: 0, max: 4, noNaN: true }),
      async (cs, combine, spread, lambda) => {
        const comps = cs.map(([, clip], k) => ({ name: `c${k}`, spec: `test-meta:c${k}`, clip }));
        const r = reward({ combine, components: comps, ...(combine === 'uwo' ? { spread, lambda } : {}) });
        const [s] = await r.score([item(Object.fromEntries(cs.map(([v], k) => [`c${k}`, v])))]);
        assert.ok(s.value! >= r.range[0] - 1e-9 && s.value! <= r.range[1] + 1e-9, `${combine}: ${s.value} outside ${r.range}`);
      },
    ),
    { numRuns: 400, seed: 15 },
  );
});

test('the signature changes when anything inside a component changes: a nested reward file, a verifier option, a schema file', () => {
  const inner = write('inner.yaml', 'combine: min\ncomponents:\n  - {name: a, spec: exact}\n  - {name: b, spec: think-format}\n');
  const outer = write('outer.yaml', `components:\n  - {name: strict, spec: "reward:file=${inner}"}\n  - {name: len, spec: "cosine-length:verifier=exact,max-length=100"}\n`);
  const sig = () => createScorer(`reward:file=${outer}`).signature({ nrefs: 1 });
  const s0 = sig();
  assert.equal(sig(), s0, 'the signature is deterministic');
  writeFileSync(inner, 'combine: max\ncomponents:\n  - {name: a, spec: exact}\n  - {name: b, spec: think-format}\n');
  const s1 = sig();
  assert.notEqual(s1, s0, 'editing the nested reward file');
  writeFileSync(outer, `components:\n  - {name: strict, spec: "reward:file=${inner}"}\n  - {name: len, spec: "cosine-length:verifier=\\"exact:normalize=lower\\",max-length=100"}\n`);
  const s2 = sig();
  assert.notEqual(s2, s1, 'changing the verifier option inside cosine-length');
  const schema = write('s.json', '{"type": "object"}');
  const withSchema = write('schema.yaml', `components:\n  - {name: j, spec: "json:schema=${schema}"}\n`);
  const j0 = createScorer(`reward:file=${withSchema}`).signature();
  writeFileSync(schema, '{"type": "array"}');
  assert.notEqual(createScorer(`reward:file=${withSchema}`).signature(), j0, 'editing the JSON Schema file the component reads');
});
