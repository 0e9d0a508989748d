// Flag helpers the commands share: commander accumulators for repeatable flags, and checked values that turn a bad
// one into a UsageError (exit 2) naming the flag.
import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from './errors.js';
import { DataError } from '../data/errors.js';

/** Commander accumulator of a repeatable flag: `-s a -s b` → ['a', 'b']. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Like `collect`, and each value may also be a comma-separated list: `-m a,b -m c` → ['a', 'b', 'c']. */
export function collectList(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

/** A flag that must be one of `allowed`; undefined (flag not given) passes through. */
export function oneOf<T extends string>(name: string, v: string | undefined, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  if (!allowed.includes(v as T)) throw new UsageError(`${name} must be one of ${allowed.join(', ')}, not "${v}"`);
  return v as T;
}

/** What a numeric flag accepts: the test, and its description for the error (`an integer ≥ 1`). */
export interface NumberRule {
  test: (x: number) => boolean;
  expected: string;
}

export const FINITE: NumberRule = { test: Number.isFinite, expected: 'a number' };
/** An integer ≥ `min` (a safe integer: beyond 2^53 an integer flag is a typo, not a count). */
export const integerAtLeast = (min: number): NumberRule => ({ test: (x) => Number.isSafeInteger(x) && x >= min, expected: `an integer ≥ ${min}` });
export const integerInRange = (min: number, max: number): NumberRule => ({ test: (x) => Number.isSafeInteger(x) && x >= min && x <= max, expected: `an integer from ${min} to ${max}` });
export const atLeast = (min: number): NumberRule => ({ test: (x) => Number.isFinite(x) && x >= min, expected: `a number ≥ ${min}` });
export const greaterThan = (min: number): NumberRule => ({ test: (x) => Number.isFinite(x) && x > min, expected: `a number > ${min}` });
export const between = (low: number, high: number): NumberRule => ({ test: (x) => x > low && x < high, expected: `a number between ${low} and ${high} (exclusive)` });

/** A numeric flag: empty text or a value failing `rule` (default: finite) is a UsageError saying what is accepted. */
export function num(name: string, v: string, rule?: NumberRule): number;
export function num(name: string, v: string | undefined, rule?: NumberRule): number | undefined;
export function num(name: string, v: string | undefined, rule: NumberRule = FINITE): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  // Number('') is 0: empty text is refused, never read as zero
  if (v.trim() === '' || !rule.test(x)) throw new UsageError(`${name}: expected ${rule.expected}, got "${v}"`);
  return x;
}

/** The text of a file named by a flag: a folder or an unreadable path is a DataError naming the file and the flag. */
export function readFlagFile(flag: string, path: string): string {
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new DataError({ file: path, line: 0, kind: 'io', detail: `is a folder; ${flag} takes a file` });
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataError({ file: path, line: 0, kind: 'io', detail: `cannot read ${flag}: ${(e as Error).message}` });
  }
}

// Flag names, one per concept, across commands (the next command follows this table):
//   input records         -d/--data FILE (- = stdin, with --format), --format, --*-field NAME
//   plain text            --hyp FILE (- = stdin), --ref FILE (repeatable), --src FILE
//   judgment files        -j/--judgments PATH, --judgment-format FMT      (hidden alias: --judgments-format)
//   scorers               -s/--scorer SPEC (repeatable); column:NAME reads a field of the data everywhere
//   level                 --level segment|system|corpus, seg/sys accepted (prefs agreement's --level is α's measurement level)
//   bootstrap resamples   --bootstrap N (0 = none)                         (hidden alias: --resamples)
//   CI level              --confidence P (default 0.95)
//   seed                  --seed N, default DEFAULT_SEED (1) for every random procedure of every command
//   output                --json (stdout), -o/--out FILE
export const DEFAULT_SEED = '1';

const LEVEL_NAMES: Record<string, 'segment' | 'system' | 'corpus'> = { segment: 'segment', seg: 'segment', system: 'system', sys: 'system', corpus: 'corpus' };

/** A --level value in its long form (`seg` → segment, `sys` → system), checked against the levels a command has. */
export function levelOf<T extends 'segment' | 'system' | 'corpus'>(v: string | undefined, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  const level = LEVEL_NAMES[v.toLowerCase()] as T | undefined;
  if (level === undefined || !allowed.includes(level)) {
    const names = allowed.map((l) => (l === 'corpus' ? l : `${l} (${l.slice(0, 3)})`));
    throw new UsageError(`--level must be ${names.join(' or ')}, not "${v}"`);
  }
  return level;
}

/** --help shows true defaults: a repeatable flag's empty list is "none", not commander's "[]" (every command, recursively). */
export function describeEmptyListDefaults(cmd: Command): void {
  for (const o of cmd.options) {
    if (Array.isArray(o.defaultValue) && o.defaultValue.length === 0 && o.defaultValueDescription === undefined) o.defaultValueDescription = 'none';
  }
  for (const sub of cmd.commands) describeEmptyListDefaults(sub);
}
