// Spec strings name a configured scorer: `bleu`, `bleu:tokenize=intl,lowercase=true`, `column:COMET`.
// Grammar: NAME [ ":" PART ("," PART)* ]; PART is `key=value` or a bare positional value. A value holding `,` `=`
// or `"` is written in double quotes with `""` for a quote.

import { SIGNATURE_VERSION } from '../version.js';

export class SpecError extends Error {
  constructor(
    message: string,
    readonly spec: string,
  ) {
    super(message);
    this.name = 'SpecError';
  }
}

export interface ParsedSpec {
  name: string;
  positional: string[];
  options: Map<string, string>;
}

export function parseSpec(spec: string): ParsedSpec {
  const trimmed = spec.trim();
  const colon = trimmed.indexOf(':');
  const name = (colon < 0 ? trimmed : trimmed.slice(0, colon)).trim().toLowerCase();
  if (!name) throw new SpecError(`empty scorer name in spec "${spec}"`, spec);
  const positional: string[] = [];
  const options = new Map<string, string>();
  if (colon < 0) return { name, positional, options };
  const parts = _splitParts(trimmed.slice(colon + 1), spec);
  for (const part of parts) {
    if (part.key === undefined) positional.push(part.value);
    else {
      const key = part.key.trim().toLowerCase().replace(/_/g, '-');
      if (options.has(key)) throw new SpecError(`option "${key}" given twice in spec "${spec}"`, spec);
      options.set(key, part.value);
    }
  }
  return { name, positional, options };
}

function _splitParts(body: string, spec: string): { key?: string; value: string }[] {
  const out: { key?: string; value: string }[] = [];
  let i = 0;
  const n = body.length;
  while (i <= n) {
    let key: string | undefined;
    let value = '';
    // read a token (possibly quoted) up to '=' or ',' or end
    const readToken = (): string => {
      if (body[i] === '"') {
        i++;
        let s = '';
        for (;;) {
          if (i >= n) throw new SpecError(`unterminated quote in spec "${spec}"`, spec);
          if (body[i] === '"') {
            if (body[i + 1] === '"') {
              s += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          s += body[i++];
        }
        return s;
      }
      let s = '';
      while (i < n && body[i] !== ',' && body[i] !== '=') s += body[i++];
      return s.trim();
    };
    const first = readToken();
    if (body[i] === '=') {
      i++;
      key = first;
      value = readToken();
    } else value = first;
    if (i < n && body[i] !== ',') throw new SpecError(`unexpected "${body[i]}" in spec "${spec}"`, spec);
    if (key === undefined && value === '' && i >= n && out.length === 0 && body.trim() === '') break;
    out.push(key === undefined ? { value } : { key, value });
    i++;
  }
  return out;
}

function _quote(v: string): string {
  return /[,="]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

export function formatSpec(name: string, positional: readonly string[], options: readonly (readonly [string, string])[]): string {
  const parts = [...positional.map(_quote), ...options.map(([k, v]) => `${k}=${_quote(v)}`)];
  return parts.length ? `${name}:${parts.join(',')}` : name;
}

/** Typed, checked access to a spec's options; `done()` rejects unknown options so typos never pass silently. */
export class SpecOptions {
  private readonly used = new Set<string>();
  constructor(readonly parsed: ParsedSpec, readonly spec: string) {}

  private raw(key: string): string | undefined {
    this.used.add(key);
    return this.parsed.options.get(key);
  }

  string<T extends string>(key: string, def: T, allowed?: readonly T[]): T {
    const v = this.raw(key);
    if (v === undefined) return def;
    if (allowed && !allowed.includes(v as T)) {
      throw new SpecError(`option ${key}=${v} in "${this.spec}": expected one of ${allowed.join(', ')}`, this.spec);
    }
    return v as T;
  }

  optionalString(key: string): string | undefined {
    return this.raw(key);
  }

  bool(key: string, def: boolean): boolean {
    const v = this.raw(key);
    if (v === undefined) return def;
    const l = v.toLowerCase();
    if (['true', 'yes', '1', 'on'].includes(l)) return true;
    if (['false', 'no', '0', 'off'].includes(l)) return false;
    throw new SpecError(`option ${key}=${v} in "${this.spec}": expected true or false`, this.spec);
  }

  number(key: string, def: number, check?: { integer?: boolean; min?: number; max?: number }): number {
    const v = this.raw(key);
    if (v === undefined) return def;
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x)) throw new SpecError(`option ${key}=${v} in "${this.spec}": not a number`, this.spec);
    if (check?.integer && !Number.isInteger(x)) throw new SpecError(`option ${key}=${v} in "${this.spec}": expected an integer`, this.spec);
    if (check?.min !== undefined && x < check.min) throw new SpecError(`option ${key}=${v} in "${this.spec}": must be >= ${check.min}`, this.spec);
    if (check?.max !== undefined && x > check.max) throw new SpecError(`option ${key}=${v} in "${this.spec}": must be <= ${check.max}`, this.spec);
    return x;
  }

  positional(index: number, what: string): string {
    const v = this.parsed.positional[index];
    if (v === undefined || v === '') throw new SpecError(`spec "${this.spec}" needs a ${what} (e.g. ${this.parsed.name}:VALUE)`, this.spec);
    return v;
  }

  /** Throws on options the factory never read, and on surplus positional values. */
  done(maxPositional = 0): void {
    for (const k of this.parsed.options.keys()) {
      if (!this.used.has(k)) throw new SpecError(`unknown option "${k}" for scorer "${this.parsed.name}" in "${this.spec}"`, this.spec);
    }
    if (this.parsed.positional.length > maxPositional) {
      throw new SpecError(`too many positional values in "${this.spec}"`, this.spec);
    }
  }
}

/** sacreBLEU-format signature: `NAME|key:value|…|version:trenchcoat-X`. */
export function formatSignature(name: string, fields: readonly (readonly [string, string | number])[]): string {
  return [name, ...fields.map(([k, v]) => `${k}:${v}`), `version:${SIGNATURE_VERSION}`].join('|');
}
