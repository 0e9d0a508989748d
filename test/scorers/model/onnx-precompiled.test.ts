// The sentencepiece Precompiled normalizer (XLM-R's charsmap) against the Rust tokenizers library: every code point
// the charsmap changes (and, by omission, every one it keeps), grapheme clusters of bases with combining marks, ZWJ,
// variation selectors, skin tones and regional indicators, and real lines of LLMBar and WMT text.
// Golden: golden-precompiled.json.gz from generate.py (tokenizers 0.23.2). Exact strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { PrecompiledCharsmap } from '../../../src/scorers/model/onnx/precompiled.js';
import { ONNX_FIXTURES, fixtureDir } from './onnx-fixtures.js';

const G = JSON.parse(gunzipSync(readFileSync(path.join(ONNX_FIXTURES, 'golden-precompiled.json.gz'))).toString('utf8')) as {
  changedCodePoints: Record<string, string>;
  texts: string[];
  normalized: string[];
};
const tokenizerJson = JSON.parse(readFileSync(path.join(fixtureDir('xlmr-cross'), 'tokenizer.json'), 'utf8'));
const charsmap = tokenizerJson.normalizer.normalizers.find((n: { type: string }) => n.type === 'Precompiled').precompiled_charsmap as string;
const pre = new PrecompiledCharsmap(charsmap);

test('every code point alone normalizes as in the Rust library (changed ones to their replacement, the rest to themselves)', () => {
  let changed = 0;
  let mismatches = 0;
  const first: string[] = [];
  for (let cp = 0; cp < 0x110000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    const expected = G.changedCodePoints[String(cp)] ?? ch;
    if (expected !== ch) changed++;
    if (pre.normalize(ch) !== expected) {
      mismatches++;
      if (first.length < 5) first.push(`U+${cp.toString(16)}: ${JSON.stringify(pre.normalize(ch))} != ${JSON.stringify(expected)}`);
    }
  }
  assert.equal(mismatches, 0, first.join('; '));
  assert.equal(changed, Object.keys(G.changedCodePoints).length);
  assert.ok(changed > 4000);
});

test('grapheme clusters and real text normalize as in the Rust library (whole-cluster shortest-prefix rule included)', () => {
  for (let i = 0; i < G.texts.length; i++) assert.equal(pre.normalize(G.texts[i]), G.normalized[i], JSON.stringify(G.texts[i]));
  // the rule that drops a combining mark after a mapped base: Python gives 'A' for FULLWIDTH A + COMBINING ACUTE
  const k = G.texts.indexOf('\uff21\u0301');
  assert.ok(k >= 0);
  assert.equal(G.normalized[k], 'A');
  assert.ok(G.texts.length > 400);
});
