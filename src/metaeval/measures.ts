// The meta-evaluation measures by name: which data shape each applies to, its default grouping, and whether higher is
// better. A measure is written `name` or `name:key=value,…` on the command line (`kendall-like:thresh=25`), like a
// scorer spec. Names follow what the measure computes; the paper or reference each reproduces is in the comments of
// segment.ts, system.ts, preferences.ts and candidates.ts.

export type Level = 'seg' | 'sys';
export type Grouping = 'none' | 'item' | 'sys';
/** What a measure is computed on: a ratings matrix (segment or system level), preference pairs, or candidate lists. */
export type Shape = 'seg' | 'sys' | 'pairs' | 'lists';

export interface MeasureInfo {
  name: string;
  shapes: readonly Shape[];
  /** Grouping used at segment level when `--group` is not given. */
  defaultGrouping?: Grouping;
  /** Groupings the measure accepts at segment level. */
  groupings?: readonly Grouping[];
  /** 'lower' for error-like measures (ECE, Brier): sorting and clusters follow it. */
  better: 'higher' | 'lower';
  /** Parameters a spec may set, with their defaults. */
  params?: Readonly<Record<string, number>>;
  summary: string;
}

const ALL_GROUPINGS: readonly Grouping[] = ['none', 'item', 'sys'];

export const MEASURES: readonly MeasureInfo[] = [
  { name: 'pearson', shapes: ['seg', 'sys'], defaultGrouping: 'none', groupings: ALL_GROUPINGS, better: 'higher', summary: "Pearson's r (scipy pearsonr)" },
  { name: 'spearman', shapes: ['seg', 'sys'], defaultGrouping: 'none', groupings: ALL_GROUPINGS, better: 'higher', summary: "Spearman's rho" },
  { name: 'kendall', shapes: ['seg', 'sys'], defaultGrouping: 'none', groupings: ALL_GROUPINGS, better: 'higher', summary: "Kendall's tau-b (scipy kendalltau)" },
  { name: 'kendall-c', shapes: ['seg', 'sys'], defaultGrouping: 'none', groupings: ALL_GROUPINGS, better: 'higher', summary: "Kendall's tau-c" },
  { name: 'acc23', shapes: ['seg'], defaultGrouping: 'item', groupings: ALL_GROUPINGS, better: 'higher', summary: 'pairwise accuracy with ties, acc_23 at ε = 0 (Deutsch et al. 2023)' },
  { name: 'tau23', shapes: ['seg'], defaultGrouping: 'item', groupings: ALL_GROUPINGS, better: 'higher', summary: 'tau_23 at ε = 0 (Deutsch et al. 2023)' },
  {
    name: 'acc23-tc',
    shapes: ['seg', 'sys', 'pairs'],
    defaultGrouping: 'item',
    groupings: ALL_GROUPINGS,
    better: 'higher',
    summary: 'tie-calibrated acc_23 (WMT23 acc*_eq): metric pairs within the fitted ε count as ties; reports ε',
  },
  { name: 'tau23-tc', shapes: ['seg', 'sys'], defaultGrouping: 'item', groupings: ALL_GROUPINGS, better: 'higher', summary: 'tie-calibrated tau_23; reports ε' },
  {
    name: 'kendall-like',
    shapes: ['seg'],
    defaultGrouping: 'item',
    groupings: ALL_GROUPINGS,
    better: 'higher',
    params: { thresh: 25 },
    summary: 'WMT20 Kendall-like tau over gold pairs at least `thresh` apart (DA)',
  },
  { name: 'partial-pearson', shapes: ['seg'], defaultGrouping: 'none', groupings: ['none'], better: 'higher', summary: 'Pearson of residuals after removing per-system means (FRANK)' },
  { name: 'partial-spearman', shapes: ['seg'], defaultGrouping: 'none', groupings: ['none'], better: 'higher', summary: 'Spearman of residuals after removing per-system means (FRANK)' },
  { name: 'pairwise-acc', shapes: ['sys'], better: 'higher', summary: 'system pairs ordered as the gold orders them (Kocmi et al. 2021; WMT22+ accuracy)' },
  {
    name: 'spa',
    shapes: ['sys'],
    better: 'higher',
    params: { perms: 1000 },
    summary: 'soft pairwise accuracy (WMT24): 1 − mean |p_human − p_metric| of per-system-pair permutation p-values; needs segment scores',
  },
  { name: 'accuracy', shapes: ['pairs'], better: 'higher', summary: 'RewardBench v1 accuracy: preferred side scores strictly higher; gold ties left out' },
  { name: 'accuracy-half', shapes: ['pairs'], better: 'higher', summary: 'accuracy with ½ credit when the scorer ties (or abstains); gold ties left out' },
  { name: 'ece', shapes: ['pairs'], better: 'lower', params: { bins: 10 }, summary: 'expected calibration error of P(a ≻ b) = σ(Δ/T), T fitted by 2-fold cross-fitting' },
  { name: 'brier', shapes: ['pairs'], better: 'lower', summary: 'Brier score of the same probabilities' },
  { name: 'judgebench', shapes: ['pairs'], better: 'higher', summary: 'JudgeBench two-game vote accuracy (both orders; a tie vote counts as wrong)' },
  { name: 'two-order', shapes: ['pairs'], better: 'higher', summary: 'LLMBar: mean accuracy over both presentation orders; extras: per-order counts, consistency' },
  { name: 'win-rate', shapes: ['pairs'], better: 'higher', summary: 'AlpacaEval win rate of b over a (fraction), from P(b ≻ a)' },
  { name: 'bon-acc', shapes: ['lists'], better: 'higher', summary: 'best-of-k accuracy: share of correct candidates among the top-scored ones (1/k tie credit, RewardBench 2)' },
  { name: 'bon-gold', shapes: ['lists'], better: 'higher', summary: 'mean gold score of the top-scored candidate (ties averaged)' },
];

const BY_NAME = new Map(MEASURES.map((m) => [m.name, m] as const));

export class MeasureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MeasureError';
  }
}

export interface MeasureSpec {
  name: string;
  info: MeasureInfo;
  params: Record<string, number>;
  /** The spec as written back: name plus the non-default parameters. */
  label: string;
}

export function measureInfo(name: string): MeasureInfo | undefined {
  return BY_NAME.get(name);
}

/** Parses `name` or `name:key=value,…`; unknown names and parameters are a MeasureError naming the known ones. */
export function parseMeasure(text: string): MeasureSpec {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const name = (colon < 0 ? trimmed : trimmed.slice(0, colon)).toLowerCase();
  const info = BY_NAME.get(name);
  if (!info) throw new MeasureError(`unknown measure "${name}" (known: ${MEASURES.map((m) => m.name).join(', ')})`);
  const params: Record<string, number> = { ...(info.params ?? {}) };
  const set: string[] = [];
  if (colon >= 0) {
    for (const part of trimmed.slice(colon + 1).split(',')) {
      const eq = part.indexOf('=');
      const key = part.slice(0, eq).trim();
      const value = Number(part.slice(eq + 1).trim());
      if (eq < 0 || !(key in params)) {
        const known = Object.keys(info.params ?? {});
        throw new MeasureError(`measure ${name}: unknown parameter "${part.trim()}"${known.length ? ` (known: ${known.join(', ')})` : ' (it takes none)'}`);
      }
      if (!Number.isFinite(value)) throw new MeasureError(`measure ${name}: ${key} must be a number, not "${part.slice(eq + 1).trim()}"`);
      params[key] = value;
      set.push(`${key}=${value}`);
    }
  }
  return { name, info, params, label: set.length ? `${name}:${set.join(',')}` : name };
}

/** Default measures per data shape (see the command help). */
export function defaultMeasures(shape: Shape, context: { judgebench?: boolean; twoOrders?: boolean; alpacaEval?: boolean } = {}): string[] {
  switch (shape) {
    case 'seg':
      return ['pearson', 'kendall', 'acc23-tc'];
    case 'sys':
      return ['pearson', 'kendall', 'pairwise-acc'];
    case 'pairs': {
      const out = ['accuracy', 'accuracy-half', 'acc23-tc', 'ece', 'brier'];
      if (context.judgebench) out.push('judgebench');
      if (context.twoOrders) out.push('two-order');
      if (context.alpacaEval) out.push('win-rate');
      return out;
    }
    case 'lists':
      return ['bon-acc'];
  }
}

/** Checks that a measure applies to a shape (and, at segment level, to a grouping). */
export function checkMeasure(m: MeasureSpec, shape: Shape, grouping?: Grouping): void {
  if (!m.info.shapes.includes(shape)) {
    const where = { seg: 'segment-level ratings', sys: 'system-level ratings', pairs: 'preference pairs', lists: 'candidate lists' }[shape];
    const fits = MEASURES.filter((x) => x.shapes.includes(shape)).map((x) => x.name);
    throw new MeasureError(`measure ${m.name} does not apply to ${where} (use: ${fits.join(', ')})`);
  }
  if (shape === 'seg' && grouping !== undefined && m.info.groupings && !m.info.groupings.includes(grouping)) {
    throw new MeasureError(`measure ${m.name} takes --group ${m.info.groupings.join(' or ')}, not ${grouping}`);
  }
}
