// Versioned prompt templates. A template's identity in a signature is `name@version#hash`, where hash is the sha256
// of its text: two runs whose signatures agree used the same words, and editing a template without bumping its
// version still changes every signature that used it (the hash prefix catches the forgotten bump).
import { createHash } from 'node:crypto';

export type TemplateKind = 'pointwise' | 'pairwise' | 'listwise';

/** Placeholders a template may use, written `{{name}}` in its text. */
export type TemplateField = 'prompt' | 'output' | 'output_a' | 'output_b' | 'candidates' | 'reference';
const FIELDS: ReadonlySet<string> = new Set<TemplateField>(['prompt', 'output', 'output_a', 'output_b', 'candidates', 'reference']);

/** The fields each kind must fill; a template of that kind that lacks one of them is a definition error. */
const REQUIRED: Record<TemplateKind, readonly TemplateField[]> = {
  pointwise: ['output'],
  pairwise: ['output_a', 'output_b'],
  listwise: ['candidates'],
};

export interface PromptTemplate {
  name: string;
  version: number;
  kind: TemplateKind;
  text: string;
  /** sha256 of `text` (UTF-8), lowercase hex. */
  hash: string;
  /** Placeholders used in `text`, in first-use order. */
  fields: readonly TemplateField[];
  /** Pointwise templates: the integer scale the judge is asked to answer on (inclusive). */
  scale?: { min: number; max: number };
}

const PLACEHOLDER = /\{\{([a-z_]+)\}\}/g;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function defineTemplate(def: { name: string; version: number; kind: TemplateKind; text: string; scale?: { min: number; max: number } }): PromptTemplate {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(def.name)) throw new Error(`template name "${def.name}": lowercase letters, digits and "-" only`);
  if (!Number.isInteger(def.version) || def.version < 1) throw new Error(`template ${def.name}: version must be a positive integer`);
  const fields: TemplateField[] = [];
  for (const m of def.text.matchAll(PLACEHOLDER)) {
    if (!FIELDS.has(m[1])) throw new Error(`template ${def.name}@${def.version}: unknown placeholder {{${m[1]}}}`);
    if (!fields.includes(m[1] as TemplateField)) fields.push(m[1] as TemplateField);
  }
  for (const f of REQUIRED[def.kind]) {
    if (!fields.includes(f)) throw new Error(`template ${def.name}@${def.version}: a ${def.kind} template needs {{${f}}}`);
  }
  if (def.kind === 'pointwise') {
    const s = def.scale;
    if (!s || !Number.isInteger(s.min) || !Number.isInteger(s.max) || s.min < 0 || s.max <= s.min) {
      throw new Error(`template ${def.name}@${def.version}: a pointwise template needs an integer scale min < max, min >= 0`);
    }
  }
  return { ...def, hash: sha256Hex(def.text), fields };
}

/** `name@version`, the form used in spec strings. */
export function templateRef(t: PromptTemplate): string {
  return `${t.name}@${t.version}`;
}

/** `name@version#<first 12 hex digits of the hash>`, the form used in signatures. */
export function templateSignatureId(t: PromptTemplate): string {
  return `${templateRef(t)}#${t.hash.slice(0, 12)}`;
}

/**
 * Fills every `{{field}}` in one pass over the template text: a value that itself contains `{{output}}` (an output
 * quoting a template, say) is inserted verbatim and never expanded again.
 */
export function renderTemplate(t: PromptTemplate, values: Partial<Record<TemplateField, string>>): string {
  return t.text.replace(PLACEHOLDER, (_m, name: string) => {
    const v = values[name as TemplateField];
    if (v === undefined) throw new Error(`template ${templateRef(t)}: no value for {{${name}}}`);
    return v;
  });
}
