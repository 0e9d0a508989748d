// Chat-template rendering parity: every (template, conversation, add_generation_prompt) case rendered by jinja2 through
// transformers' environment (test/fixtures/onnx/golden-templates.json, written by generate.py) must render to the
// same string here, and templates that raise_exception() in Python must refuse with the same message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderChatTemplate } from '../../../src/scorers/model/onnx/chat-template.js';
import { TemplateError } from '../../../src/scorers/model/onnx/jinja-render.js';
import type { ChatMessage } from '../../../src/scorers/contract.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/onnx');
const golden = JSON.parse(readFileSync(path.join(FIXTURES, 'golden-templates.json'), 'utf8')) as {
  specialTokens: Record<string, string>;
  templates: Record<string, string>;
  conversations: ChatMessage[][];
  cases: { template: string; conversation: number; addGenerationPrompt: boolean; rendered?: string; error?: string }[];
};

test('chat templates render exactly as jinja2 does in transformers (trim_blocks, lstrip_blocks, filters, namespaces)', () => {
  let compared = 0;
  for (const c of golden.cases) {
    const render = () =>
      renderChatTemplate(golden.templates[c.template], golden.conversations[c.conversation], {
        addGenerationPrompt: c.addGenerationPrompt,
        specialTokens: golden.specialTokens,
      });
    const label = `${c.template} conversation ${c.conversation} gen=${c.addGenerationPrompt}`;
    if (c.error !== undefined) {
      assert.throws(render, (e: unknown) => e instanceof TemplateError && e.message === c.error, label);
    } else {
      assert.equal(render(), c.rendered, label);
    }
    compared++;
  }
  assert.equal(compared, golden.cases.length);
  assert.ok(compared >= 40);
});

test('unsupported Jinja is refused by name, never skipped', () => {
  assert.throws(() => renderChatTemplate('{% macro f() %}x{% endmacro %}', []), /unsupported Jinja statement "macro"/);
  assert.throws(() => renderChatTemplate('{{ messages | wordcount }}', []), /unsupported Jinja filter "wordcount"/);
  assert.throws(() => renderChatTemplate('{{ foo.bar }}', []), /"foo" is undefined/);
  assert.throws(() => renderChatTemplate('{% if x %}', []), /template ended/);
});

test('whitespace control: trim_blocks, lstrip_blocks, "-" markers and the dropped final newline', () => {
  // expected strings are jinja2 3.1.6's output through transformers' render_jinja_template (checked by hand)
  const msgs = [{ role: 'user', content: 'hi' }];
  // lstrip_blocks removes the indentation before a block tag; trim_blocks the newline after it
  assert.equal(renderChatTemplate('a\n    {% if true %}\n    b\n    {% endif %}\nc\n', msgs), 'a\n    b\nc');
  // {{ }} is not a block: neither rule applies to it
  assert.equal(renderChatTemplate('  {{ "x" }}\n', msgs), '  x');
  assert.equal(renderChatTemplate('a  {%- if true -%}  b  {%- endif -%}  c', msgs), 'abc');
  assert.equal(renderChatTemplate('a\n  {%+ if true %}b{% endif %}', msgs), 'a\n  b');
});
