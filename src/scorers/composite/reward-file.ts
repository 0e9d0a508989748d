// A reward file (YAML or JSON) defines one reward from several scorers. `loadRewardFile(path)` reads and validates it
// with zod; every error names the file and the path inside it (`reward.yaml: components[1].weight: expected number`).
// The meaning of each field is documented in README.md ("Composite rewards") and in composite-reward.ts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { parseDocument as ParseDocument } from 'yaml';
import type { z as Z } from 'zod';
import { COMPOSITE_UWO_SPREAD, ENSEMBLE_SPREADS, type EnsembleSpread } from '../../stats/ensembles.js';

export const COMBINE_RULES = ['sum', 'min', 'max', 'mean', 'worst', 'uwo', 'gate', 'fallback'] as const;
export type CombineRule = (typeof COMBINE_RULES)[number];

// yaml and zod (hundreds of files) are required when the first reward file is read, not whenever the scorer registry
// loads: most runs never read one.
const require = createRequire(import.meta.url);

function _buildSchemas(z: typeof Z) {
  const finite = z.number().refine(Number.isFinite, 'expected a finite number');

  const componentSchema = z
    .object({
      name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected a name of letters, digits, _ . -'),
      spec: z.string().min(1, 'expected a scorer spec'),
      weight: finite.optional(),
      normalize: z.object({ mean: finite, std: finite.refine((s) => s > 0, 'std must be > 0') }).strict().optional(),
      negate: z.boolean().optional(),
      scale: finite.optional(),
      offset: finite.optional(),
      clip: z
        .tuple([finite, finite])
        .refine(([lo, hi]) => lo <= hi, 'clip is [low, high] with low ≤ high')
        .optional(),
      timeout: finite.refine((t) => t > 0, 'timeout is in seconds, > 0').optional(),
      'on-failure': finite.optional(),
    })
    .strict();

  const gateSchema = z
    .object({
      verifier: z.string(),
      scorer: z.string(),
      threshold: finite.optional(),
      mode: z.enum(['score-passing', 'tie-break']).optional(),
      'fail-value': finite.optional(),
      'tie-weight': finite.optional(),
    })
    .strict();

  const rewardSchema = z
    .object({
      name: z.string().optional(),
      description: z.string().optional(),
      combine: z.enum(COMBINE_RULES).optional(),
      lambda: finite.refine((l) => l >= 0, 'lambda must be ≥ 0').optional(),
      spread: z.enum(ENSEMBLE_SPREADS as [EnsembleSpread, ...EnsembleSpread[]]).optional(),
      gate: gateSchema.optional(),
      components: z.array(componentSchema).min(1, 'a reward needs at least one component'),
    })
    .strict();

  return { componentSchema, gateSchema, rewardSchema };
}

let _schemas: ReturnType<typeof _buildSchemas> | undefined;
function _rewardSchemas(): ReturnType<typeof _buildSchemas> {
  return (_schemas ??= _buildSchemas((require('zod') as { z: typeof Z }).z));
}

type Schemas = ReturnType<typeof _buildSchemas>;
export type RewardComponentDef = Z.infer<Schemas['componentSchema']>;
export type RewardGateDef = Z.infer<Schemas['gateSchema']>;

export interface RewardDefinition {
  /** The path as given; `dir` is where `{dir}` in component specs points. */
  file: string;
  dir: string;
  name?: string;
  combine: CombineRule;
  lambda: number;
  /** What uwo subtracts λ times (std by default; var = Coste et al.'s UWO). */
  spread: EnsembleSpread;
  gate?: Required<Omit<RewardGateDef, 'fail-value' | 'tie-weight'>> & { failValue: number; tieWeight: number };
  components: RewardComponentDef[];
}

/** A reward file that cannot be used: `where` is the path inside the file (`components[1].weight`), or '' for the file. */
export class RewardFileError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly reason: string,
  ) {
    super(`${file}: ${where ? `${where}: ` : ''}${reason}`);
    this.name = 'RewardFileError';
  }
}

function _where(p: readonly PropertyKey[]): string {
  let out = '';
  for (const k of p) out += typeof k === 'number' ? `[${k}]` : out ? `.${String(k)}` : String(k);
  return out;
}

function _reason(issue: Z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((v) => String(v)).join(', ')}`;
  return issue.message.replace(/^Invalid input: /, '');
}

/** Validates an already-parsed reward document (YAML/JSON value) from `file`. */
export function parseRewardDefinition(doc: unknown, file: string): RewardDefinition {
  const r = _rewardSchemas().rewardSchema.safeParse(doc);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new RewardFileError(file, _where(issue.path), _reason(issue));
  }
  const d = r.data;
  const combine = d.combine ?? 'sum';
  const names = new Map<string, number>();
  d.components.forEach((c, i) => {
    if (names.has(c.name)) throw new RewardFileError(file, `components[${i}].name`, `"${c.name}" is already the name of components[${names.get(c.name)}]`);
    names.set(c.name, i);
    if (c.weight !== undefined && combine !== 'sum') throw new RewardFileError(file, `components[${i}].weight`, `weights apply only to combine: sum (this file combines with ${combine})`);
  });
  if (d.lambda !== undefined && combine !== 'uwo') throw new RewardFileError(file, 'lambda', 'lambda applies only to combine: uwo');
  if (d.spread !== undefined && combine !== 'uwo') throw new RewardFileError(file, 'spread', 'spread applies only to combine: uwo');
  if ((d.gate !== undefined) !== (combine === 'gate')) {
    throw new RewardFileError(file, d.gate ? 'gate' : 'combine', d.gate ? `a gate section needs combine: gate (not ${combine})` : 'gate needs a gate section (verifier, scorer)');
  }
  let gate: RewardDefinition['gate'];
  if (d.gate) {
    const g = d.gate;
    for (const key of ['verifier', 'scorer'] as const) {
      if (!names.has(g[key])) throw new RewardFileError(file, `gate.${key}`, `no component is named "${g[key]}"`);
    }
    if (g.verifier === g.scorer) throw new RewardFileError(file, 'gate.scorer', 'the scorer must be another component than the verifier');
    const unused = d.components.find((c) => c.name !== g.verifier && c.name !== g.scorer);
    if (unused) throw new RewardFileError(file, `components[${names.get(unused.name)}]`, `"${unused.name}" is neither the gate's verifier nor its scorer`);
    const mode = g.mode ?? 'score-passing';
    if (mode === 'score-passing' && g['tie-weight'] !== undefined) throw new RewardFileError(file, 'gate.tie-weight', 'tie-weight applies only to mode: tie-break');
    if (mode === 'tie-break' && g['fail-value'] !== undefined) throw new RewardFileError(file, 'gate.fail-value', 'fail-value applies only to mode: score-passing');
    gate = { verifier: g.verifier, scorer: g.scorer, threshold: g.threshold ?? 0.5, mode, failValue: g['fail-value'] ?? 0, tieWeight: g['tie-weight'] ?? 0.01 };
  }
  return { file, dir: path.dirname(path.resolve(file)), name: d.name, combine, lambda: d.lambda ?? 1, spread: d.spread ?? COMPOSITE_UWO_SPREAD, gate, components: d.components };
}

/** Reads and validates a reward file (YAML or JSON). */
export function loadRewardFile(file: string): RewardDefinition {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new RewardFileError(file, '', code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a reward file' : (e as Error).message);
  }
  const doc = (require('yaml') as { parseDocument: typeof ParseDocument }).parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const line = err.linePos?.[0];
    throw new RewardFileError(line ? `${file}:${line.line}` : file, '', err.message.split('\n')[0]);
  }
  return parseRewardDefinition(doc.toJS(), file);
}
