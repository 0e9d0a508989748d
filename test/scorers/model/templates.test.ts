// Prompt templates: pinned hashes (editing a template's text without a new version must fail here), lookup by
// name@version, single-pass rendering, and definition checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineTemplate, renderTemplate, resolveTemplate, templateSignatureId, TEMPLATES } from '../../../src/scorers/model/templates/index.js';

test('bundled templates: sha256 of each text pinned (values from coreutils sha256sum of the exported texts)', () => {
  const pinned: Record<string, string> = {
    'rubric-1to5@1': 'c3d43c84e15821dd5e35b28028e3dde725de4fa28a73839d918276e5cc81a16c',
    'rubric-1to10@1': 'dad5f8246c5cbc8360daf3ccfa299c0b8a7bb97e1ab9a96a3927e72efcc9fd6d',
    'pairwise-ab@1': 'e2c6e309ce3c116615e74f077fd538b8a8a5420d5c028233e92114e16f4d1135',
    'listwise-rank@1': 'deedf350a805abd720cddde72ed88e9804463e6e3af2b89ed357948c383a6bd8',
  };
  assert.deepEqual(Object.fromEntries(TEMPLATES.map((t) => [`${t.name}@${t.version}`, t.hash])), pinned);
  assert.equal(templateSignatureId(resolveTemplate('pairwise-ab@1')), 'pairwise-ab@1#e2c6e309ce3c');
});

test('kinds, scales and fields of the bundled templates', () => {
  const r10 = resolveTemplate('rubric-1to10');
  assert.deepEqual([r10.kind, r10.scale, r10.fields], ['pointwise', { min: 1, max: 10 }, ['prompt', 'output']]);
  assert.deepEqual(resolveTemplate('rubric-1to5@1').scale, { min: 1, max: 5 });
  assert.deepEqual(resolveTemplate('pairwise-ab').fields, ['prompt', 'output_a', 'output_b']);
  assert.deepEqual(resolveTemplate('listwise-rank').fields, ['prompt', 'candidates']);
  assert.throws(() => resolveTemplate('rubric-1to7'), /unknown template "rubric-1to7" \(known: rubric-1to5@1, /);
});

test('the newest version wins when no version is named', () => {
  // resolveTemplate only sees the bundled list; check the rule on it: every bare name resolves to its highest version
  for (const t of TEMPLATES) {
    const newest = Math.max(...TEMPLATES.filter((u) => u.name === t.name).map((u) => u.version));
    assert.equal(resolveTemplate(t.name).version, newest);
  }
});

test('rendering is one pass: placeholder-like text inside values is left alone', () => {
  const t = defineTemplate({ name: 'probe', version: 1, kind: 'pointwise', scale: { min: 1, max: 3 }, text: 'Q: {{prompt}}\nA: {{output}}\nReply 1-3.' });
  assert.equal(renderTemplate(t, { prompt: 'say {{output}}', output: '{{prompt}} $& $1' }), 'Q: say {{output}}\nA: {{prompt}} $& $1\nReply 1-3.');
  assert.throws(() => renderTemplate(t, { prompt: 'p' }), /no value for \{\{output\}\}/);
});

test('definition checks: unknown placeholders, missing required fields, bad scales and names', () => {
  assert.throws(() => defineTemplate({ name: 'x', version: 1, kind: 'pointwise', scale: { min: 1, max: 5 }, text: '{{output}} {{answer}}' }), /unknown placeholder \{\{answer\}\}/);
  assert.throws(() => defineTemplate({ name: 'x', version: 1, kind: 'pairwise', text: '{{output_a}} only' }), /needs \{\{output_b\}\}/);
  assert.throws(() => defineTemplate({ name: 'x', version: 1, kind: 'pointwise', text: '{{output}}' }), /integer scale/);
  assert.throws(() => defineTemplate({ name: 'x', version: 1, kind: 'pointwise', scale: { min: 5, max: 5 }, text: '{{output}}' }), /integer scale/);
  assert.throws(() => defineTemplate({ name: 'X Y', version: 1, kind: 'listwise', text: '{{candidates}}' }), /lowercase/);
  assert.throws(() => defineTemplate({ name: 'x', version: 0, kind: 'listwise', text: '{{candidates}}' }), /positive integer/);
});
