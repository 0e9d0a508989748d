// Model-folder facts the signatures and the length policy rest on: the maximum length (XLM-R reserves pad_token_id+1
// position slots; the tokenizer's model_max_length caps it; transformers' "no limit" sentinel is ignored), the content
// hash (of the weights and tokenizer.json, not of the path), and chat templates found in tokenizer_config.json or in
// chat_template.jinja.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { folderContentHash, loadModelFolder } from '../../../src/scorers/model/onnx/folder.js';
import { fixtureDir } from './onnx-fixtures.js';

function copyFolder(src: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'onnx-folder-'));
  for (const f of ['model.onnx', 'tokenizer.json', 'tokenizer_config.json', 'config.json']) cpSync(path.join(src, f), path.join(dir, f));
  return dir;
}
const editJson = (file: string, edit: (o: Record<string, unknown>) => void) => {
  const o = JSON.parse(readFileSync(file, 'utf8'));
  edit(o);
  writeFileSync(file, JSON.stringify(o));
};

test('maximum length: XLM-R position offset, tokenizer cap, and the no-limit sentinel', () => {
  const x = loadModelFolder(fixtureDir('xlmr-cross'), 't');
  assert.equal(x.config.max_position_embeddings, 514);
  assert.equal(x.positionLimit, 512); // 514 - (pad_token_id 1 + 1)
  assert.equal(x.maxLength, 512);
  const dir = copyFolder(fixtureDir('xlmr-cross'));
  try {
    editJson(path.join(dir, 'tokenizer_config.json'), (o) => (o.model_max_length = 1e30)); // transformers' int(1e30)
    assert.equal(loadModelFolder(dir, 't').maxLength, 512);
    editJson(path.join(dir, 'tokenizer_config.json'), (o) => (o.model_max_length = 128));
    assert.equal(loadModelFolder(dir, 't').maxLength, 128);
    assert.equal(loadModelFolder(dir, 't').positionLimit, 512);
    editJson(path.join(dir, 'config.json'), (o) => delete o.max_position_embeddings);
    editJson(path.join(dir, 'tokenizer_config.json'), (o) => delete o.model_max_length);
    assert.throws(() => loadModelFolder(dir, 'onnx-rm'), /cannot tell the maximum input length .*give max-length=N/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(loadModelFolder(fixtureDir('bert-rm'), 't').positionLimit, 512); // BERT: no offset
});

test('the content hash follows the bytes of model.onnx and tokenizer.json, not the folder path', () => {
  const dir = copyFolder(fixtureDir('bert-rm'));
  try {
    const a = folderContentHash(loadModelFolder(fixtureDir('bert-rm'), 't'));
    assert.match(a, /^[0-9a-f]{64}$/);
    assert.equal(folderContentHash(loadModelFolder(dir, 't')), a);
    editJson(path.join(dir, 'tokenizer_config.json'), (o) => (o.model_max_length = 100)); // not hashed: maxlen is its own field
    assert.equal(folderContentHash(loadModelFolder(dir, 't')), a);
    const tj = readFileSync(path.join(dir, 'tokenizer.json'), 'utf8');
    writeFileSync(path.join(dir, 'tokenizer.json'), tj.replace('"[UNK]"', '"[UNKNOWN]"'));
    assert.notEqual(folderContentHash(loadModelFolder(dir, 't')), a);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('chat templates: tokenizer_config.json (string or named list) or chat_template.jinja, which wins', () => {
  const dir = copyFolder(fixtureDir('bert-encoder'));
  try {
    assert.equal(loadModelFolder(dir, 't').chatTemplate, undefined);
    editJson(path.join(dir, 'tokenizer_config.json'), (o) => (o.chat_template = [{ name: 'tool_use', template: 'T' }, { name: 'default', template: 'D' }]));
    assert.equal(loadModelFolder(dir, 't').chatTemplate, 'D');
    writeFileSync(path.join(dir, 'chat_template.jinja'), 'J');
    assert.equal(loadModelFolder(dir, 't').chatTemplate, 'J');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
