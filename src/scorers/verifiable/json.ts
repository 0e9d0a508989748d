// `json:schema=FILE,extract=whole|fenced|auto`: 1 if the output is valid JSON (and, with a schema, valid against it),
// else 0 with `details.reason` and, for a schema failure, `details.path` (the JSON Pointer of the first failing value,
// "" for the root) and `details.keyword`.
//
// What counts as the JSON (option `extract`): `whole` (default) — the entire output, as `JSON.parse` reads it (RFC
// 8259: surrounding JSON whitespace allowed, nothing else; unlike Python's json.loads, NaN/Infinity are not JSON);
// `fenced` — the last ```json fenced block (a Markdown code block tagged json), required; `auto` — that block if the
// output has one, else the whole output. Schemas are checked with ajv in strict mode: draft-07 unless the schema's
// `$schema` names draft 2020-12; a schema keyword or `format` ajv cannot check is an error when the scorer is built,
// never silently ignored. The signature carries the schema's SHA-256, so editing the file changes it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ValidateFunction } from 'ajv';
import type { Ajv2020 as Ajv2020Class } from 'ajv/dist/2020.js';
import { BasePointwiseScorer, type Item, type Needs, type Score, type SignatureContext } from '../contract.js';
import type { ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec, SpecError } from '../spec.js';

export type JsonExtract = 'whole' | 'fenced' | 'auto';
const EXTRACTS: readonly JsonExtract[] = ['whole', 'fenced', 'auto'];
const FENCED_JSON = /```json[ \t]*\r?\n([\s\S]*?)```/g;

/** The text `extract` designates, or null when `fenced` finds no block. */
export function extractJsonText(output: string, extract: JsonExtract): string | null {
  if (extract === 'whole') return output;
  let last: string | null = null;
  for (const m of output.matchAll(FENCED_JSON)) last = m[1];
  if (last !== null) return last;
  return extract === 'auto' ? output : null;
}

function _compileSchema(file: string, spec: string): { validate: ValidateFunction; sha: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new SpecError(`json: cannot read schema ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message} (in "${spec}")`, spec);
  }
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (e) {
    throw new SpecError(`json: schema ${file} is not JSON: ${(e as Error).message}`, spec);
  }
  const draft2020 = typeof schema === 'object' && schema !== null && String((schema as { $schema?: unknown }).$schema ?? '').includes('2020-12');
  // ajv (hundreds of files) is required only when a schema is compiled, not whenever the scorer registry loads
  const require = createRequire(import.meta.url);
  const ajv = draft2020
    ? new (require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020Class }).Ajv2020({ strict: true, allErrors: false })
    : new (require('ajv') as { Ajv: typeof AjvClass }).Ajv({ strict: true, allErrors: false });
  try {
    return { validate: ajv.compile(schema as object), sha: createHash('sha256').update(text).digest('hex').slice(0, 16) };
  } catch (e) {
    throw new SpecError(`json: schema ${file} cannot be checked: ${(e as Error).message}`, spec);
  }
}

export class JsonScorer extends BasePointwiseScorer {
  readonly id = 'json';
  readonly family = 'verifiable' as const;
  readonly needs: Needs = {};
  readonly direction = 'higher' as const;
  readonly range = [0, 1] as const;
  private readonly validate?: ValidateFunction;
  private readonly schemaSha?: string;
  constructor(
    readonly schemaFile?: string,
    readonly extract: JsonExtract = 'whole',
  ) {
    super();
    if (schemaFile !== undefined) ({ validate: this.validate, sha: this.schemaSha } = _compileSchema(schemaFile, this.spec()));
  }
  spec(): string {
    const opts: [string, string][] = [];
    if (this.schemaFile !== undefined) opts.push(['schema', this.schemaFile]);
    if (this.extract !== 'whole') opts.push(['extract', this.extract]);
    return formatSpec('json', [], opts);
  }
  signature(_ctx?: SignatureContext): string {
    return formatSignature('JSON', [['extract', this.extract], ['schema', this.schemaSha === undefined ? 'none' : `sha256-${this.schemaSha}`]]);
  }
  protected scoreOne(item: Item): Score {
    const text = extractJsonText(item.output, this.extract);
    if (text === null) return { value: 0, details: { reason: 'no ```json block' } };
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      return { value: 0, details: { reason: 'not JSON', message: (e as Error).message } };
    }
    if (this.validate === undefined || this.validate(doc)) return { value: 1 };
    const first = this.validate.errors?.[0];
    return { value: 0, details: { reason: 'schema', path: first?.instancePath ?? '', keyword: first?.keyword, message: first?.message } };
  }
}

export const jsonFactory: ScorerFactory = {
  name: 'json',
  summary: '1 if the output is valid JSON (whole output or a ```json block), optionally valid against a JSON Schema (ajv)',
  options: 'schema=FILE, extract=whole|fenced|auto',
  optionDocs: {
    schema: 'a JSON Schema file the parsed value must also satisfy (checked with ajv)',
    extract: 'which text is parsed: whole (the entire output), fenced (the last ```json block, required), auto (that block if there is one, else the whole output)',
  },
  create(o) {
    const schema = o.optionalString('schema');
    if (schema === '') throw new SpecError(`json: schema= needs a file in "${o.spec}"`, o.spec);
    const s = new JsonScorer(schema, o.string('extract', 'whole', EXTRACTS));
    o.done();
    return s;
  },
};
