// Which command wrote a result: told by the command itself (--html), or recognised from the JSON's shape when a
// saved --json result is rendered later (`trenchcoat report RESULT.json`).

export const RESULT_KINDS = [
  'meta-eval',
  'meta-eval-task-average',
  'probe-length-pairs',
  'probe-length-items',
  'probe-position',
  'probe-hack',
  'probe-lc',
  'probe-self-pref',
  'bon',
  'bon-rewardbench',
  'prefs-leaderboard',
  'prefs-agreement',
  'prefs-pairs',
  'prefs-elicit',
] as const;
export type ResultKind = (typeof RESULT_KINDS)[number];

export class ReportInputError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(file ? `${file}: ${message}` : message);
    this.name = 'ReportInputError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The kind of a parsed --json result, or a ReportInputError naming what is missing. */
export function detectResultKind(result: unknown, file?: string): ResultKind {
  if (Array.isArray(result)) {
    if (result.length > 0 && result.every((r) => isObject(r) && Array.isArray(r.outcomes) && typeof r.signature === 'string')) return 'probe-hack';
    if (result.length > 0 && result.every((r) => isObject(r) && typeof r.model === 'string' && 'length_controlled_winrate' in r)) return 'probe-lc';
    if (result.length > 0 && result.every((r) => isObject(r) && typeof r.file === 'string' && 'lcWinRate' in r && 'winRate' in r)) return 'probe-lc';
  } else if (isObject(result)) {
    if (Array.isArray(result.tables) && Array.isArray(result.scorers) && Array.isArray(result.data)) return 'meta-eval';
    if (typeof result.year === 'string' && Array.isArray(result.tasks) && Array.isArray(result.averages)) return 'meta-eval-task-average';
    if (Array.isArray(result.perIndex) && Array.isArray(result.picks) && isObject(result.lengthProxy)) return 'bon-rewardbench';
    if (typeof result.shape === 'string' && typeof result.written === 'number' && typeof result.decided === 'number') return 'prefs-pairs';
    if (typeof result.method === 'string' && Array.isArray(result.picks) && result.picks.every((p) => isObject(p) && typeof p.rank === 'number')) return 'prefs-elicit';
    if (typeof result.judgeFamily === 'string' && Array.isArray(result.generators) && isObject(result.ownWinRateInterval)) return 'probe-self-pref';
    if (result.method === 'bradley-terry' || result.method === 'online-elo') return 'prefs-leaderboard';
    if (isObject(result.raw) && Array.isArray(result.alpha)) return 'prefs-agreement';
    if (Array.isArray(result.n) && Array.isArray(result.gold) && Array.isArray(result.proxy) && isObject(result.goodhart)) return 'bon';
    if (isObject(result.buckets) && isObject(result.baselines)) return 'probe-length-pairs';
    if ('spearman' in result && 'kendall' in result && typeof result.signature === 'string') return 'probe-length-items';
    if (isObject(result.intervals) && 'consistency' in result && 'firstPositionBias' in result) return 'probe-position';
  }
  throw new ReportInputError(
    'not a result this report can draw: expected the --json output of meta-eval (also --task-average), probe length|position|hack|lc|self-pref, bon (--data or --rewardbench), or prefs bt|arena|elo|agreement|pairs|elicit',
    file,
  );
}
