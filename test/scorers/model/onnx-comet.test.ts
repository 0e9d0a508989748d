// The COMET-style estimator on ONNX against torch (golden-comet.json from generate.py): source, hypothesis and
// reference encoded separately with the XLM-R tokenizer (exact ids), segment scores within 1e-5, batching, the graph
// layout check and the contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Item } from '../../../src/scorers/contract.js';
import { createScorer } from '../../../src/scorers/registry.js';
import { encodeSingle } from '../../../src/scorers/model/onnx/encode.js';
import type { OnnxCometScorer } from '../../../src/scorers/model/onnx/comet.js';
import { runScorerContract } from '../contract-suite.js';
import { fixtureDir, golden, maxAbsDiff, registerOnnxFactories } from './onnx-fixtures.js';

registerOnnxFactories();
const G = golden('golden-comet.json');
const DIR = fixtureDir('xlmr-comet');
const items: Item[] = G.items;

test('source, hypothesis and reference ids equal transformers; scores equal torch within 1e-5', async () => {
  const s = createScorer(`onnx-comet:path=${DIR}`) as OnnxCometScorer;
  const enc = (t: string) => encodeSingle(s.tokenizer, t, s.policy, { scorer: 't', itemId: 'x', field: 'f' }).ids;
  items.forEach((it, i) => {
    assert.deepEqual(enc(it.prompt as string), G.srcIds[i]);
    assert.deepEqual(enc(it.output), G.mtIds[i]);
    assert.deepEqual(enc(it.references![0]), G.refIds[i]);
  });
  const scores = await s.score(items);
  const d = maxAbsDiff(scores.map((x) => x.value as number), G.scores);
  assert.ok(d <= 1e-5, `max |diff| ${d}`);
  const corpus = await s.corpusScore(items);
  assert.ok(Math.abs((corpus.value as number) - G.scores.reduce((a: number, b: number) => a + b, 0) / G.scores.length) <= 1e-5);
});

test('batch-size changes nothing (4 vs 1, within 1e-5); one reference per item is required', async () => {
  const a = await createScorer(`onnx-comet:path=${DIR},batch-size=4`).score(items);
  const b = await createScorer(`onnx-comet:path=${DIR},batch-size=1`).score(items);
  assert.ok(maxAbsDiff(a.map((x) => x.value as number), b.map((x) => x.value as number)) <= 1e-5);
  await assert.rejects(createScorer(`onnx-comet:path=${DIR}`).score([{ ...items[0], references: ['a', 'b'] }]), /has 2 references; COMET scores against exactly one/);
});

test('a config that disagrees with the graph about references is an error naming both', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'comet-'));
  try {
    for (const f of ['model.onnx', 'tokenizer.json', 'tokenizer_config.json']) cpSync(path.join(DIR, f), path.join(dir, f));
    const cfg = JSON.parse(readFileSync(path.join(DIR, 'config.json'), 'utf8'));
    cfg.comet_style.inputs = ['src', 'mt'];
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify(cfg));
    const s = createScorer(`onnx-comet:path=${dir}`);
    assert.deepEqual(s.needs, { prompt: true });
    await assert.rejects(s.score(items.slice(0, 1)), /takes ref_input_ids but config\.json \(comet_style\.inputs\) says the model is reference-free/);
    cpSync(path.join(fixtureDir('bert-rm'), 'model.onnx'), path.join(dir, 'model.onnx'));
    cfg.comet_style.inputs = ['src', 'mt', 'ref'];
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify(cfg));
    await assert.rejects(createScorer(`onnx-comet:path=${dir}`).score(items.slice(0, 1)), /lacks input "src_input_ids".*it has inputs \[input_ids, attention_mask, token_type_ids\]/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

runScorerContract({ create: createScorer, spec: `onnx-comet:path=${DIR},batch-size=1`, items: items.slice(0, 5) });
