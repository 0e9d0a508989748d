// The Scorer contract: one interface for metrics, verifiable checks, learned metrics, reward models and judges.
// See DESIGN.md ("Data model"). Every scorer is batch-first and carries a signature naming every option that can
// change its numbers, plus the package version.

export type Family = 'lexical' | 'verifiable' | 'learned' | 'reward-model' | 'judge' | 'composite' | 'precomputed';
export type Mode = 'pointwise' | 'pairwise' | 'listwise';
export type Direction = 'higher' | 'lower';

export interface ChatMessage {
  role: string;
  content: string;
}

/** What a scorer sees. `output` is the hypothesis / response; `references` the reference translations / answers. */
export interface Item {
  id: string;
  prompt?: string | ChatMessage[];
  output: string;
  references?: string[];
  context?: string[];
  /** Free-form: system, segment id, subset, language, and columns of precomputed scores. */
  meta?: Record<string, unknown>;
}

/** `value: null` means the scorer abstains (e.g. an unparseable judge answer); never a silent NaN. */
export interface Score {
  value: number | null;
  prob?: number;
  details?: Record<string, unknown>;
}

/** How a score ended: a real value, an abstention (the scorer gave no score, e.g. an unparseable judge answer), or a
 * failure (the scorer could not run: server down, HTTP error, timeout; `details.error` names it). Failures and
 * abstentions are counted separately everywhere: a failed item is never reported as "abstained". */
export type ScoreStatus = 'ok' | 'abstained' | 'failed';

export function scoreStatus(s: Score): ScoreStatus {
  if (s.value !== null) return 'ok';
  return s.details !== undefined && s.details.error !== undefined ? 'failed' : 'abstained';
}

export interface Needs {
  references?: boolean;
  prompt?: boolean;
  context?: boolean;
}

/** Facts about the data a signature depends on (sacreBLEU puts the number of references in its signatures). */
export interface SignatureContext {
  nrefs?: number;
}

export interface Scorer {
  /** Registry name, e.g. `bleu`, `chrf`, `rouge-l`. */
  readonly id: string;
  readonly family: Family;
  readonly mode: Mode;
  readonly needs: Needs;
  readonly direction: Direction;
  /** Inclusive bounds of `value`; ±Infinity where unbounded (TER can exceed 100). */
  readonly range: readonly [number, number];
  /** The canonical spec string: `parseSpec(spec)` builds a scorer with the same signature. */
  spec(): string;
  /** sacreBLEU-style signature, e.g. `BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:trenchcoat-0.1.0`. */
  signature(ctx?: SignatureContext): string;
  /** Segment-level scores, one per item, in input order. */
  score(items: readonly Item[]): Promise<Score[]>;
  /** Corpus-level score. Sufficient-statistics scorers sum statistics; the others take the mean of non-null values. */
  corpusScore(items: readonly Item[]): Promise<Score>;
}

/**
 * A corpus metric whose corpus score is a function of summed per-segment sufficient statistics (BLEU, chrF, TER),
 * as in sacreBLEU. Statistics are fixed-width numeric vectors so resampling (bootstrap, permutation) is a matter
 * of adding rows of a Float64Array.
 */
export interface StatisticsScorer extends Scorer {
  readonly statisticsWidth: number;
  /** One row of `statisticsWidth` numbers per item, concatenated. Synchronous: lexical scorers are CPU-bound. */
  segmentStatistics(items: readonly Item[]): Float64Array;
  /** The score of a (summed) statistics row. For a single segment's row this is the sentence score. */
  scoreFromStatistics(stats: Float64Array): Score;
  /** Synchronous corpus score: `scoreFromStatistics(sum of segmentStatistics(items))`. */
  corpusScoreSync(items: readonly Item[]): Score;
  /** Synchronous segment scores. */
  scoreSync(items: readonly Item[]): Score[];
  /**
   * Scorers with equal keys compute their statistics faster together (chrF and chrF++ share character n-grams):
   * `jointSegmentStatistics(items, scorers)` on any of them returns, for each of `scorers` (all with this key), exactly
   * what its own `segmentStatistics(items)` returns. See scorers/joint-statistics.ts.
   */
  readonly jointStatisticsKey?: string;
  jointSegmentStatistics?(items: readonly Item[], scorers: readonly StatisticsScorer[]): Float64Array[];
}

export function isStatisticsScorer(s: Scorer): s is StatisticsScorer {
  return typeof (s as StatisticsScorer).segmentStatistics === 'function';
}

/** A scorer that is cheap and synchronous (lexical, simple checks). */
export interface SyncScorer extends Scorer {
  scoreSync(items: readonly Item[]): Score[];
}

export function isSyncScorer(s: Scorer): s is SyncScorer {
  return typeof (s as SyncScorer).scoreSync === 'function';
}

/** Raised when an item lacks what a scorer needs; carries the item id and the missing field. */
export class ScorerInputError extends Error {
  constructor(
    message: string,
    readonly itemId: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'ScorerInputError';
  }
}

/** Throws a ScorerInputError when an item lacks a field the scorer declared in `needs`. */
export function checkNeeds(scorer: Pick<Scorer, 'id' | 'needs'>, items: readonly Item[]): void {
  for (const item of items) {
    if (scorer.needs.references && (!item.references || item.references.length === 0)) {
      throw new ScorerInputError(`${scorer.id}: item ${item.id} has no references`, item.id, 'references');
    }
    if (scorer.needs.prompt && item.prompt === undefined) {
      throw new ScorerInputError(`${scorer.id}: item ${item.id} has no prompt`, item.id, 'prompt');
    }
    if (scorer.needs.context && (!item.context || item.context.length === 0)) {
      throw new ScorerInputError(`${scorer.id}: item ${item.id} has no context`, item.id, 'context');
    }
  }
}

/** Number of references, which must be the same for every item (sacreBLEU's rule for multi-reference corpora). */
export function countReferences(items: readonly Item[]): number {
  if (items.length === 0) return 0;
  const n = items[0].references?.length ?? 0;
  for (const item of items) {
    const m = item.references?.length ?? 0;
    if (m !== n) {
      throw new ScorerInputError(
        `item ${item.id} has ${m} references but the first item has ${n}; every item needs the same number`,
        item.id,
        'references',
      );
    }
  }
  return n;
}

/** Mean of the non-null values: the corpus score of scorers whose corpus score is a mean. */
export function meanScore(scores: readonly Score[]): Score {
  let sum = 0;
  let n = 0;
  let failed = 0;
  for (const s of scores) {
    if (s.value === null) {
      if (scoreStatus(s) === 'failed') failed++;
      continue;
    }
    sum += s.value;
    n++;
  }
  return { value: n === 0 ? null : sum / n, details: { n, abstained: scores.length - n - failed, failed } };
}

/**
 * Base for statistics scorers: subclasses fill in `statisticsWidth`, `segmentStatisticsInto` and `scoreFromStatistics`.
 */
export abstract class BaseStatisticsScorer implements StatisticsScorer {
  abstract readonly id: string;
  readonly family: Family = 'lexical';
  readonly mode: Mode = 'pointwise';
  readonly needs: Needs = { references: true };
  abstract readonly direction: Direction;
  abstract readonly range: readonly [number, number];
  abstract readonly statisticsWidth: number;
  abstract spec(): string;
  abstract signature(ctx?: SignatureContext): string;
  /** Write the statistics of one item into `out` at `offset`. */
  protected abstract segmentStatisticsInto(item: Item, out: Float64Array, offset: number): void;
  abstract scoreFromStatistics(stats: Float64Array): Score;

  segmentStatistics(items: readonly Item[]): Float64Array {
    checkNeeds(this, items);
    countReferences(items);
    const w = this.statisticsWidth;
    const out = new Float64Array(items.length * w);
    for (let i = 0; i < items.length; i++) this.segmentStatisticsInto(items[i], out, i * w);
    return out;
  }

  corpusScoreSync(items: readonly Item[]): Score {
    const stats = this.segmentStatistics(items);
    return this.scoreFromStatistics(sumStatistics(stats, this.statisticsWidth));
  }

  scoreSync(items: readonly Item[]): Score[] {
    const w = this.statisticsWidth;
    const stats = this.segmentStatistics(items);
    const out: Score[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) out[i] = this.scoreFromStatistics(stats.subarray(i * w, (i + 1) * w));
    return out;
  }

  async score(items: readonly Item[]): Promise<Score[]> {
    return this.scoreSync(items);
  }

  async corpusScore(items: readonly Item[]): Promise<Score> {
    return this.corpusScoreSync(items);
  }
}

/** Column sums of a row-major statistics matrix of width `w`; `rows` optionally selects (and repeats) rows. */
export function sumStatistics(stats: Float64Array, w: number, rows?: ArrayLike<number>): Float64Array {
  const out = new Float64Array(w);
  if (rows) {
    for (let k = 0; k < rows.length; k++) {
      const o = rows[k] * w;
      for (let j = 0; j < w; j++) out[j] += stats[o + j];
    }
  } else {
    const n = stats.length / w;
    for (let i = 0; i < n; i++) {
      const o = i * w;
      for (let j = 0; j < w; j++) out[j] += stats[o + j];
    }
  }
  return out;
}

/**
 * Base for pointwise scorers whose segment score is computed item by item and whose corpus score is the mean.
 */
export abstract class BasePointwiseScorer implements SyncScorer {
  abstract readonly id: string;
  abstract readonly family: Family;
  readonly mode: Mode = 'pointwise';
  abstract readonly needs: Needs;
  abstract readonly direction: Direction;
  abstract readonly range: readonly [number, number];
  abstract spec(): string;
  abstract signature(ctx?: SignatureContext): string;
  protected abstract scoreOne(item: Item): Score;

  scoreSync(items: readonly Item[]): Score[] {
    checkNeeds(this, items);
    return items.map((it) => this.scoreOne(it));
  }

  async score(items: readonly Item[]): Promise<Score[]> {
    return this.scoreSync(items);
  }

  async corpusScore(items: readonly Item[]): Promise<Score> {
    return meanScore(this.scoreSync(items));
  }
}
