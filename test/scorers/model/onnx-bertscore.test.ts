// BERTScore with a local ONNX encoder against a Python re-implementation of bert-score 0.3.13's algorithm on the same
// random-weight BERT (golden-bertscore.json from generate.py; the bert_score package is not on the local index):
// P/R/F for layers 1 and 2, idf off/on, baseline rescaling, several references; exact token ids; idf from a file;
// batching; truncation; the contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ScorerInputError, type Item } from '../../../src/scorers/contract.js';
import { createScorer } from '../../../src/scorers/registry.js';
import { BertScoreScorer } from '../../../src/scorers/model/onnx/bertscore.js';
import { runScorerContract } from '../contract-suite.js';
import { ONNX_FIXTURES, fixtureDir, golden, maxAbsDiff, registerOnnxFactories } from './onnx-fixtures.js';

registerOnnxFactories();
const G = golden('golden-bertscore.json');
const ENC = fixtureDir('bert-encoder');
const BASELINE = path.join(ONNX_FIXTURES, 'bertscore-baseline.csv');
const TOL = 1e-5;

interface Case { layer: number; idf: boolean; rescale: boolean; multi?: boolean; P: number[]; R: number[]; F: number[]; candIds: number[][]; refIds: number[][][] }
const itemsOf = (c: { multi?: boolean }): Item[] => {
  const cands: string[] = c.multi ? G.multiCands : G.cands;
  const refs: string[][] = c.multi ? G.multiRefs : G.refs;
  return cands.map((o, i) => ({ id: `seg-${i}`, output: o, references: refs[i] }));
};
const specOf = (c: { layer: number; idf: boolean; rescale: boolean }, extra = '') =>
  `bertscore:path=${ENC},layer=${c.layer}${c.idf ? ',idf=true' : ''}${c.rescale ? `,rescale=true,baseline=${BASELINE}` : ''}${extra}`;

test('P, R and F equal bert-score\'s algorithm for every case (layers 1-2, idf off/on, rescaled, multi-reference)', async () => {
  let compared = 0;
  let worst = 0;
  for (const c of G.cases as Case[]) {
    const s = createScorer(specOf(c)) as BertScoreScorer;
    const items = itemsOf(c);
    items.forEach((it, i) => {
      assert.deepEqual(s.encode(it.output, { scorer: 't', itemId: it.id, field: 'output' }).ids, c.candIds[i], `cand ids ${i}`);
      it.references!.forEach((r, k) => assert.deepEqual(s.encode(r, { scorer: 't', itemId: it.id, field: 'ref' }).ids, c.refIds[i][k], `ref ids ${i}/${k}`));
    });
    const scores = await s.score(items);
    for (const m of ['P', 'R', 'F'] as const) {
      const d = maxAbsDiff(scores.map((x) => (x.details as Record<string, number>)[m]), c[m]);
      worst = Math.max(worst, d);
      assert.ok(d <= TOL, `layer ${c.layer} idf ${c.idf} rescale ${c.rescale} multi ${!!c.multi}: max |${m} diff| = ${d}`);
      compared += scores.length;
    }
    assert.deepEqual(scores.map((x) => x.value), scores.map((x) => (x.details as Record<string, number>).F));
  }
  assert.equal(compared, 3 * (8 * 15 + 2 * 6));
  assert.ok(worst <= TOL);
});

test('measure=p and measure=r report P and R; the empty candidate scores 0 as bert-score sets it', async () => {
  const c = (G.cases as Case[])[0];
  const items = itemsOf(c);
  const p = await createScorer(specOf(c, ',measure=p')).score(items);
  const r = await createScorer(specOf(c, ',measure=r')).score(items);
  assert.ok(maxAbsDiff(p.map((x) => x.value as number), c.P) <= TOL);
  assert.ok(maxAbsDiff(r.map((x) => x.value as number), c.R) <= TOL);
  const empty = G.cands.indexOf('');
  assert.equal(p[empty].value, 0);
  assert.equal(c.P[empty], 0);
});

test('idf-file=FILE with the references as lines equals idf=true over the same references', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bertscore-idf-'));
  try {
    const file = path.join(dir, 'refs.txt');
    writeFileSync(file, (G.refs as string[][]).flat().join('\n') + '\n');
    for (const c of (G.cases as Case[]).filter((x) => x.idf && !x.multi)) {
      const s = createScorer(`bertscore:path=${ENC},layer=${c.layer},idf-file=${file}${c.rescale ? `,rescale=true,baseline=${BASELINE}` : ''}`);
      const scores = await s.score(itemsOf(c));
      assert.ok(maxAbsDiff(scores.map((x) => x.value as number), c.F) <= TOL);
      assert.match(s.signature({ nrefs: 1 }), /\|idf:file#[0-9a-f]{8}\|/);
      // a fixed table makes a segment's score independent of what it is scored with
      const [alone] = await s.score([itemsOf(c)[3]]);
      assert.ok(Math.abs((alone.value as number) - c.F[3]) <= TOL);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('idf=true takes idf from the references scored together (bert-score), so a lone identical pair has NaN P/R', async () => {
  const s = createScorer(`bertscore:path=${ENC},idf=true,measure=p`);
  assert.match(s.signature({ nrefs: 1 }), /\|idf:refs-of-call\|/);
  // one reference: every token of it has df = M = 1, idf log(2/2) = 0, so all weights are 0 -> bert-score's P is NaN
  const [x] = await s.score([{ id: 'same', output: G.refs[0][0], references: [G.refs[0][0]] }]);
  assert.equal(x.value, null);
  assert.equal((x.details as Record<string, number>).F, 0);
});

test('batch-size changes nothing (16 vs 1, within 1e-5) and is not in the signature', async () => {
  const items = itemsOf({});
  const a = createScorer(`bertscore:path=${ENC},batch-size=16`);
  const b = createScorer(`bertscore:path=${ENC},batch-size=1`);
  assert.ok(maxAbsDiff((await a.score(items)).map((x) => x.value as number), (await b.score(items)).map((x) => x.value as number)) <= TOL);
  assert.equal(a.signature({ nrefs: 1 }), b.signature({ nrefs: 1 }));
  assert.match(a.signature({ nrefs: 1 }), /^BERTScore\|model:[0-9a-f]{12}\|arch:BertModel\|maxlen:512\|trunc:error\|layer:2\|idf:no\|rescale:no\|measure:F\|nrefs:1\|version:/);
});

test('over-long sentences are refused by default; truncate=true cuts them like bert-score (first max-2 tokens)', async () => {
  const long = (G.refs as string[][]).flat().join(' ').repeat(3);
  const s = createScorer(`bertscore:path=${ENC}`);
  await assert.rejects(s.score([{ id: 'seg-long', output: 'short', references: [long] }]), (e: unknown) => {
    assert.ok(e instanceof ScorerInputError);
    assert.equal(e.itemId, 'seg-long');
    assert.equal(e.field, 'references[0]');
    assert.match(e.message, /references\[0\] is \d+ tokens, longer than max-length 512/);
    return true;
  });
  const tokens = golden('golden-tokens.json').bert.truncation.filter((c: { b?: string }) => c.b === undefined);
  for (const c of tokens) {
    const t = createScorer(`bertscore:path=${ENC},max-length=${c.maxLength},truncate=true`) as BertScoreScorer;
    assert.deepEqual(t.encode(c.a, { scorer: 't', itemId: 'x', field: 'output' }).ids, c.ids, JSON.stringify(c.a));
  }
  assert.equal((await createScorer(`bertscore:path=${ENC},truncate=true`).score([{ id: 'ok', output: 'short', references: [long] }])).length, 1);
});

test('options are checked: layers, baselines, the output a layer needs', async () => {
  assert.throws(() => createScorer(`bertscore:path=${ENC},layer=3`), /layer=3 but the model has 2 layers/);
  assert.throws(() => createScorer(`bertscore:path=${ENC},rescale=true`), /rescale=true needs baseline=FILE/);
  assert.throws(() => createScorer(`bertscore:path=${ENC},baseline=${BASELINE}`), /only used with rescale=true/);
  assert.throws(() => createScorer(`bertscore:path=${ENC},idf=true,idf-file=${BASELINE}`), /not both/);
  const dir = mkdtempSync(path.join(tmpdir(), 'bertscore-bad-'));
  try {
    writeFileSync(path.join(dir, 'base.csv'), 'LAYER,P,R,F\n0,0.1,0.1,0.1\n');
    assert.throws(() => createScorer(`bertscore:path=${ENC},rescale=true,baseline=${path.join(dir, 'base.csv')}`), /no row for layer 2/);
    writeFileSync(path.join(dir, 'bad.csv'), 'a,b\n1,2\n');
    assert.throws(() => createScorer(`bertscore:path=${ENC},rescale=true,baseline=${path.join(dir, 'bad.csv')}`), /not a bert-score baseline file/);
    // a classifier graph has only logits: the layer's hidden states are not among its outputs
    for (const f of ['model.onnx', 'tokenizer.json', 'tokenizer_config.json', 'config.json']) cpSync(path.join(fixtureDir('bert-rm'), f), path.join(dir, f));
    await assert.rejects(createScorer(`bertscore:path=${dir},layer=1`).score(itemsOf({}).slice(0, 1)), /has no output for layer 1 \(outputs: logits\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

runScorerContract({ create: createScorer, spec: `bertscore:path=${ENC},batch-size=1`, items: itemsOf({}).slice(0, 6) });
runScorerContract({ create: createScorer, spec: `bertscore:path=${ENC},batch-size=1,layer=1,rescale=true,baseline=${BASELINE},measure=r`, items: itemsOf({ multi: true }) });
