// Reward models and cross-encoders on ONNX against Python (golden-rm.json from generate.py: transformers' tokenization
// and torch logits of the same random-weight models): the chat-template path (BERT RM), the pair path (XLM-R
// classifier as an RM), the cross-encoder with references, truncate=true, the refusal of over-long input, batching,
// the spec/signature contract and folder errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ScorerInputError, type Item } from '../../../src/scorers/contract.js';
import { createScorer } from '../../../src/scorers/registry.js';
import { SpecError } from '../../../src/scorers/spec.js';
import { OnnxRewardModelScorer } from '../../../src/scorers/model/onnx/rm.js';
import { OnnxCrossEncoderScorer } from '../../../src/scorers/model/onnx/cross.js';
import { ModelFolderError } from '../../../src/scorers/model/onnx/folder.js';
import { runScorerContract } from '../contract-suite.js';
import { fixtureDir, golden, maxAbsDiff, registerOnnxFactories } from './onnx-fixtures.js';

registerOnnxFactories();
const G = golden('golden-rm.json');
const BERT_RM = fixtureDir('bert-rm');
const XLMR = fixtureDir('xlmr-cross');
const TOL = 1e-5;
/** The model input ids the scorer builds for an item (one per input). */
const inputIds = (scorer: unknown, item: Item): number[][] =>
  (scorer as { inputsOf(i: Item): { ids: number[] }[] }).inputsOf(item).map((e) => e.ids);
const common = (p: string, extra: Partial<{ batchSize: number; maxLength: number; truncate: boolean }> = {}) => ({ path: p, batchSize: 16, truncate: false, ...extra });

test('onnx-rm, chat template: rendering, token ids and rewards equal transformers + torch (BERT RM)', async () => {
  const rm = new OnnxRewardModelScorer(common(BERT_RM));
  assert.equal(rm.inputKind, 'chat');
  const items: Item[] = G.bertRm.items;
  for (let i = 0; i < items.length; i++) {
    const rendered = (rm as unknown as { template: { render(m: unknown): string } }).template.render(rm.messagesOf(items[i]));
    assert.equal(rendered, G.bertRm.rendered[i], `rendering of ${items[i].id}`);
    assert.deepEqual(inputIds(rm, items[i]), [G.bertRm.ids[i]], `ids of ${items[i].id}`);
  }
  const scores = await rm.score(items);
  const d = maxAbsDiff(scores.map((s) => s.value as number), G.bertRm.logits.map((l: number[]) => l[0]));
  assert.ok(d <= TOL, `max |reward - torch| = ${d}`);
  assert.equal(scores.length, 14);
});

test('onnx-rm, pair path with a chosen label: XLM-R classifier logits equal torch, label by name or index', async () => {
  const byName = new OnnxRewardModelScorer(common(XLMR), 'auto', 'entailment');
  const byIndex = new OnnxRewardModelScorer(common(XLMR), 'pair', '2');
  assert.equal(byName.inputKind, 'pair');
  const items: Item[] = G.xlmrPairRm.items;
  items.forEach((it, i) => assert.deepEqual(inputIds(byName, it), [G.xlmrPairRm.ids[i]], `ids of ${it.id}`));
  const a = await byName.score(items);
  const b = await byIndex.score(items);
  assert.ok(maxAbsDiff(a.map((s) => s.value as number), G.xlmrPairRm.logits.map((l: number[]) => l[2])) <= TOL);
  assert.deepEqual(a.map((s) => s.value), b.map((s) => s.value));
  // prob = softmax of the chosen label over the torch logits
  for (let i = 0; i < items.length; i++) {
    const l: number[] = G.xlmrPairRm.logits[i];
    const m = Math.max(...l);
    const p = Math.exp(l[2] - m) / l.reduce((s, x) => s + Math.exp(x - m), 0);
    assert.ok(Math.abs((a[i].prob as number) - p) <= TOL);
  }
});

test('onnx-cross against references: pair ids and logits equal transformers + torch; best reference counts', async () => {
  const cross = new OnnxCrossEncoderScorer(common(XLMR), 'reference', 'entailment');
  const items: Item[] = G.xlmrCross.items;
  items.forEach((it, i) => assert.deepEqual(inputIds(cross, it), [G.xlmrCross.ids[i]], `ids of ${it.id}`));
  const scores = await cross.score(items);
  assert.ok(maxAbsDiff(scores.map((s) => s.value as number), G.xlmrCross.logits.map((l: number[]) => l[2])) <= TOL);
  // a second, worse reference must not lower the score: the max over references is taken
  const [withSelf] = await cross.score([{ ...items[0], references: [items[0].references![0], items[1].references![0]] }]);
  const [other] = await cross.score([{ ...items[0], references: [items[1].references![0]] }]);
  assert.equal(withSelf.value, Math.max(scores[0].value as number, other.value as number));
});

test('truncate=true cuts as transformers truncation=True at max_length=64 (rendered chat: head; pair: longest_first)', async () => {
  const rm = new OnnxRewardModelScorer(common(BERT_RM, { maxLength: 64, truncate: true }));
  G.bertRm.items.forEach((it: Item, i: number) => assert.deepEqual(inputIds(rm, it), [G.truncated64.bertRmIds[i]]));
  const s1 = await rm.score(G.bertRm.items);
  assert.ok(maxAbsDiff(s1.map((s) => s.value as number), G.truncated64.bertRmLogits.map((l: number[]) => l[0])) <= TOL);
  const pair = new OnnxRewardModelScorer(common(XLMR, { maxLength: 64, truncate: true }), 'pair', 'neutral');
  G.xlmrPairRm.items.forEach((it: Item, i: number) => assert.deepEqual(inputIds(pair, it), [G.truncated64.xlmrPairIds[i]]));
  const s2 = await pair.score(G.xlmrPairRm.items);
  assert.ok(maxAbsDiff(s2.map((s) => s.value as number), G.truncated64.xlmrPairLogits.map((l: number[]) => l[1])) <= TOL);
  assert.match(rm.signature(), /\|maxlen:64\|trunc:right\|/);
});

test('an item longer than the model takes is refused by default, naming the item and both lengths', async () => {
  const long: Item = { id: G.tooLong.id, prompt: G.tooLong.prompt, output: G.tooLong.output };
  const rm = new OnnxRewardModelScorer(common(BERT_RM));
  await assert.rejects(rm.score([G.bertRm.items[0], long]), (e: unknown) => {
    assert.ok(e instanceof ScorerInputError);
    assert.equal(e.itemId, 'too-long');
    assert.match(e.message, new RegExp(`item too-long: prompt\\+output is ${G.tooLong.bertTokens} tokens, longer than max-length 512`));
    assert.match(e.message, /truncate=true/);
    return true;
  });
  const pair = new OnnxRewardModelScorer(common(XLMR), 'pair', '0');
  await assert.rejects(pair.score([long]), new RegExp(`is ${G.tooLong.xlmrTokens} tokens, longer than max-length 512`));
  assert.match(rm.signature(), /\|trunc:error\|/);
});

test('batch-size changes nothing: batches of 16 (padded, length-sorted) equal one item at a time within 1e-5', async () => {
  const items: Item[] = [...G.bertRm.items].reverse();
  const batched = await new OnnxRewardModelScorer(common(BERT_RM, { batchSize: 16 })).score(items);
  const single = await new OnnxRewardModelScorer(common(BERT_RM, { batchSize: 1 })).score(items);
  assert.ok(maxAbsDiff(batched.map((s) => s.value as number), single.map((s) => s.value as number)) <= TOL);
  const crossItems: Item[] = G.xlmrCross.items;
  const cb = await new OnnxCrossEncoderScorer(common(XLMR, { batchSize: 3 }), 'reference', '0').score(crossItems);
  const cs = await new OnnxCrossEncoderScorer(common(XLMR, { batchSize: 1 }), 'reference', '0').score(crossItems);
  assert.ok(maxAbsDiff(cb.map((s) => s.value as number), cs.map((s) => s.value as number)) <= TOL);
  const a = createScorer(`onnx-rm:path=${BERT_RM},batch-size=4`);
  const b = createScorer(`onnx-rm:path=${BERT_RM},batch-size=64`);
  assert.equal(a.signature(), b.signature());
});

test('folder errors name every missing file and the folder; slow-tokenizer folders get a conversion hint', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'onnx-folder-'));
  try {
    assert.throws(() => createScorer(`onnx-rm:path=${dir}`), (e: unknown) => {
      assert.ok(e instanceof ModelFolderError);
      assert.deepEqual(e.missing, ['model.onnx or onnx/model.onnx', 'tokenizer.json', 'config.json']);
      assert.ok(e.message.includes(dir));
      return true;
    });
    cpSync(path.join(BERT_RM, 'model.onnx'), path.join(dir, 'onnx', 'model.onnx'), { recursive: true });
    cpSync(path.join(BERT_RM, 'config.json'), path.join(dir, 'config.json'));
    writeFileSync(path.join(dir, 'vocab.txt'), '[PAD]\n');
    assert.throws(() => createScorer(`onnx-rm:path=${dir}`), /is missing tokenizer\.json .*the folder has vocab\.txt: write tokenizer\.json/);
    cpSync(path.join(BERT_RM, 'tokenizer.json'), path.join(dir, 'tokenizer.json'));
    // onnx/model.onnx is accepted; without tokenizer_config.json there is no chat template, so the pair path is used
    const rm = createScorer(`onnx-rm:path=${dir}`) as OnnxRewardModelScorer;
    assert.equal(rm.inputKind, 'pair');
    assert.throws(() => createScorer(`onnx-rm:path=${path.join(dir, 'nope')}`), /does not exist/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('labels, inputs and lengths are checked when the scorer is built, not guessed', async () => {
  assert.throws(() => createScorer(`onnx-cross:path=${XLMR}`), (e: unknown) => e instanceof SpecError && /3 labels \(0=contradiction, 1=neutral, 2=entailment\); choose one with label=/.test(e.message));
  assert.throws(() => createScorer(`onnx-rm:path=${XLMR},label=happy`), /label=happy is not one of the model's labels/);
  assert.throws(() => createScorer(`onnx-rm:path=${XLMR},label=0,input=chat`), /input=chat but .* has no chat template/);
  assert.throws(() => createScorer(`onnx-rm:path=${BERT_RM},max-length=600`), /max-length=600 exceeds the 512 positions/);
  assert.throws(() => createScorer(`onnx-rm:path=${BERT_RM},batchsize=4`), /unknown option "batchsize"/);
  assert.throws(() => createScorer('onnx-rm'), /needs the model folder/);
  const pair = createScorer(`onnx-rm:path=${XLMR},label=0`);
  await assert.rejects(pair.score([{ id: 'c', prompt: [{ role: 'user', content: 'hi' }], output: 'x' }]), /chat prompt .* no chat template/);
});

test('signatures name the model by content, not by path', () => {
  const sig = createScorer(`onnx-rm:${BERT_RM}`).signature();
  assert.match(sig, /^ONNX-RM\|model:[0-9a-f]{12}\|arch:BertForSequenceClassification\|maxlen:512\|trunc:error\|input:chat#[0-9a-f]{8}\|label:LABEL_0\|version:trenchcoat-/);
  assert.ok(!sig.includes(BERT_RM));
  assert.equal(createScorer(`onnx-rm:${BERT_RM}`).spec(), `onnx-rm:path=${BERT_RM}`);
});

// The shared contract. batch-size=1 keeps "batch = one-by-one" a bit-for-bit property on every machine; batch-size
// itself is covered above to 1e-5 (on this machine batched results happen to be bit-identical too).
const llmbarItems: Item[] = G.bertRm.items.slice(0, 6);
runScorerContract({ create: createScorer, spec: `onnx-rm:path=${BERT_RM},batch-size=1`, items: llmbarItems });
runScorerContract({ create: createScorer, spec: `onnx-rm:path=${XLMR},batch-size=1,label=entailment`, items: G.xlmrPairRm.items.slice(0, 5) });
runScorerContract({ create: createScorer, spec: `onnx-cross:path=${XLMR},batch-size=1,first=reference,label=neutral`, items: G.xlmrCross.items.slice(0, 5) });
