// Tokenization parity with transformers (fast tokenizers, tokenizer.json) for the two families the fixtures use:
// BERT WordPiece (BertNormalizer lower-casing, accent stripping, CJK splitting, TemplateProcessing with type ids) and
// XLM-R Unigram (Precompiled sentencepiece normalizer, Metaspace), on hand-written tricky strings and real WMT text.
// Goldens: golden-tokens.json from generate.py. Exact ids, no tolerance.
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { loadModelFolder } from '../../../src/scorers/model/onnx/folder.js';
import { ModelTokenizer } from '../../../src/scorers/model/onnx/tokenizer.js';
import { encodePair, encodeSingle, longestFirstLengths } from '../../../src/scorers/model/onnx/encode.js';
import { BertScoreScorer } from '../../../src/scorers/model/onnx/bertscore.js';
import { fixtureDir, golden } from './onnx-fixtures.js';

interface TokGolden {
  single: { text: string; ids: number[]; noSpecial: number[] }[];
  pair: { a: string; b: string; ids: number[]; typeIds: number[] }[];
  truncation: { a: string; b?: string; maxLength: number; ids: number[]; typeIds?: number[] }[];
}
const G = golden<{ bert: TokGolden; xlmr: TokGolden; robertaBertScore: { text: string; ids: number[] }[] }>('golden-tokens.json');
const origin = { scorer: 'test', itemId: 'x', field: 'output' };
const unlimited = { maxLength: 1 << 20, truncation: 'error' as const };

for (const [family, dir] of [['bert', 'bert-rm'], ['xlmr', 'xlmr-cross']] as const) {
  const tok = new ModelTokenizer(loadModelFolder(fixtureDir(dir), 'test'));
  const g = G[family];

  test(`${family}: single texts, with and without special tokens, equal transformers' ids`, () => {
    for (const c of g.single) {
      assert.deepEqual(encodeSingle(tok, c.text, unlimited, origin).ids, c.ids, JSON.stringify(c.text));
      assert.deepEqual(tok.ids(tok.pieces(c.text)), c.noSpecial, JSON.stringify(c.text));
      assert.deepEqual(tok.encodeDirect(c.text).ids, c.ids, `library encode of ${JSON.stringify(c.text)}`);
    }
    assert.ok(g.single.length >= 20);
  });

  test(`${family}: text pairs give transformers' ids and token type ids`, () => {
    for (const c of g.pair) {
      const e = encodePair(tok, c.a, c.b, unlimited, origin);
      assert.deepEqual(e.ids, c.ids, `${JSON.stringify(c.a)} / ${JSON.stringify(c.b)}`);
      assert.deepEqual(e.typeIds, c.typeIds, `types of ${JSON.stringify(c.a)} / ${JSON.stringify(c.b)}`);
    }
  });

  test(`${family}: truncate=true cuts as transformers' truncation=True (single: keep the start; pair: longest_first)`, () => {
    for (const c of g.truncation) {
      const policy = { maxLength: c.maxLength, truncation: 'right' as const };
      const e = c.b === undefined ? encodeSingle(tok, c.a, policy, origin) : encodePair(tok, c.a, c.b, policy, origin);
      assert.deepEqual(e.ids, c.ids, `${JSON.stringify(c.a)} / ${JSON.stringify(c.b)} at ${c.maxLength}`);
      if (c.typeIds) assert.deepEqual(e.typeIds, c.typeIds);
    }
  });
}

test('longest_first lengths match the cases pinned in the tokenizers library (max 7)', () => {
  // (n1, n2) -> lengths from tokenizers' truncate_encodings_longest_first unit test
  const cases: [number, number, number, number][] = [
    [0, 8, 0, 7], [2, 8, 2, 5], [4, 4, 3, 4], [4, 8, 3, 4], [8, 2, 5, 2], [8, 4, 4, 3], [8, 8, 3, 4], [2, 4, 2, 4],
  ];
  for (const [n1, n2, e1, e2] of cases) assert.deepEqual(longestFirstLengths(n1, n2, 7).map((x, i) => Math.min(x, [n1, n2][i])), [e1, e2], `${n1},${n2}`);
});

test('BERTScore sentence encoding of a byte-level BPE (RoBERTa-style) tokenizer adds bert-score\'s prefix space', () => {
  // the roberta-bpe fixture is saved with add_prefix_space=false, as roberta-large's tokenizer.json is
  // a tokenizer-only folder: the tokenizer wrapper is built straight from its JSON
  const read = (name: string) => JSON.parse(readFileSync(path.join(fixtureDir('roberta-bpe'), name), 'utf8'));
  const tok = new ModelTokenizer({ dir: fixtureDir('roberta-bpe'), tokenizerJson: read('tokenizer.json'), tokenizerConfig: read('tokenizer_config.json'), config: {} });
  assert.equal(tok.byteLevelNoPrefixSpace, true);
  const enc = (text: string) => BertScoreScorer.prototype.encode.call({ tokenizer: tok, policy: unlimited }, text, origin).ids;
  // without the prefix space the first word would tokenize differently: the rule is not vacuous here
  assert.notDeepEqual(tok.ids(tok.pieces('Hello world')), tok.ids(tok.pieces(' Hello world')));
  for (const c of G.robertaBertScore) assert.deepEqual(enc(c.text), c.ids, JSON.stringify(c.text));
});
