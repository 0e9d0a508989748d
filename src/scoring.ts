// Scoring as a library call: items × scorers → segment scores and corpus scores (optionally per group, e.g. per system).
// Items stream in batches, so memory stays bounded by the batch size plus one statistics row (or one sum and count) per
// group and scorer — never by the input size. `trenchcoat score` is a thin shell over `scoreStream`.
import {
  countReferences,
  isStatisticsScorer,
  ScorerInputError,
  type Item,
  type Score,
  type Scorer,
} from './scorers/contract.js';
import { FailureTally, type FailureSummary } from './scorers/failure-tally.js';
import { BatchStatistics } from './scorers/joint-statistics.js';
import { isJsonlShard, jsonlShardItems, type JsonlShard } from './data/jsonl-shards.js';

export type ScoreLevel = 'corpus' | 'segment';

export interface ScoreStreamOptions {
  /** Meta field to group corpus scores by (e.g. `system`): one corpus score per distinct value, in first-seen order. */
  groupBy?: string;
  /** Called once per batch with the batch and, per scorer, its segment scores (and the batch's raw parts: statistics
   * rows for statistics scorers). Segment scores are computed only if set. */
  onSegments?: (items: readonly Item[], scores: readonly Score[][], parts: readonly BatchPart[]) => void | Promise<void>;
  /** Called after each batch with the number of items done so far. */
  onProgress?: (done: number) => void;
  /** Scores batches on worker threads or a queue instead of this thread; the results are the same, bit for bit. */
  executor?: BatchExecutor;
}

export interface CorpusResult {
  group: string | null;
  n: number;
  score: Score;
}

export interface ScorerRun {
  spec: string;
  signature: string;
  direction: Scorer['direction'];
  corpus: CorpusResult[];
  /** Present when `runScorers` was asked for segment scores: one per input item, in input order. */
  segments?: Score[];
  /** Failed and abstained items over all groups, the first failed ids and the last error (`scoreStatus`). */
  failures: FailureSummary;
}

export interface ScoreRunResult {
  items: number;
  runs: ScorerRun[];
}

/** Per-group accumulator: summed statistics rows, or the sum and count of non-null values for mean-aggregated scorers. */
interface GroupAcc {
  n: number;
  stats?: Float64Array;
  sum: number;
  count: number;
  failed: number;
}

/**
 * One scorer's result for one batch: the items' statistics rows (statistics scorers, `statisticsWidth` numbers per item)
 * or the items' scores (the others). This is all a shard returns, wherever it was scored, so the merge below adds the
 * same numbers in the same order as a single-process run: corpus scores are bit-identical, not merely close.
 */
export interface BatchPart {
  stats?: Float64Array;
  scores?: Score[];
}

/** Scores one batch with every scorer, in this thread. */
export async function scoreBatchParts(batch: readonly Item[], scorers: readonly Scorer[]): Promise<BatchPart[]> {
  const parts: BatchPart[] = [];
  const statistics = new BatchStatistics(batch, scorers); // chrF and chrF++ together count character n-grams once
  for (const [k, scorer] of scorers.entries()) parts.push(isStatisticsScorer(scorer) ? { stats: statistics.statisticsOf(k) } : { scores: await scorer.score(batch) });
  return parts;
}

/**
 * Where batches are scored: `scoreStream` hands each batch (with its index in input order) to `score` and keeps at most
 * `inFlight` batches outstanding, merging results strictly in input order. Executors: worker threads (src/parallel/),
 * BullMQ workers (src/queue/); without one, batches are scored in this thread, one at a time.
 */
export interface BatchExecutor {
  readonly inFlight: number;
  score(batch: readonly Item[], index: number): Promise<BatchPart[]>;
  /**
   * Optional: reads and scores a shard still in its file's bytes (`readJsonlShards`) where it is scored, so this
   * thread neither parses it nor clones its items. Returns undefined when this executor cannot (then the shard is
   * read here and goes through `score`).
   */
  scoreJsonl?(shard: JsonlShard, index: number, opts: JsonlShardScoring): Promise<JsonlShardOutcome> | undefined;
}

/** What the merge needs back from a JSONL shard besides the statistics: grouping, and ids when failures are tallied. */
export interface JsonlShardScoring {
  groupBy?: string;
  ids: boolean;
}

/**
 * A JSONL shard read and scored wherever it went. A failure keeps the stage it happened in, because a single-process
 * run checks in a fixed order: the shard's rows (parse errors, references within the shard), then the reference
 * count against earlier shards (here, at merge time), then the group field, then scoring.
 */
export interface JsonlShardOutcome {
  rows: number;
  failed?: { stage: 'rows' | 'group' | 'score'; error: unknown };
  nrefs: number;
  firstId: string;
  /** Distinct group keys in first-seen order, and each row's index into them. */
  groups: (string | null)[];
  groupOf: Uint32Array;
  parts: BatchPart[];
  ids?: string[];
}

/** Reads a JSONL shard into items and scores them in this thread: what a worker thread runs for `scoreJsonl`. */
export async function scoreJsonlShard(shard: JsonlShard, scorers: readonly Scorer[], opts: JsonlShardScoring): Promise<JsonlShardOutcome> {
  const outcome: JsonlShardOutcome = { rows: shard.rows, nrefs: 0, firstId: '', groups: [], groupOf: new Uint32Array(0), parts: [] };
  let items: Item[];
  try {
    items = jsonlShardItems(shard);
    outcome.nrefs = referenceCountOf(items, scorers);
  } catch (error) {
    outcome.failed = { stage: 'rows', error };
    return outcome;
  }
  outcome.firstId = items[0].id;
  try {
    const index = new Map<string | null, number>();
    const groupOf = new Uint32Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const key = groupKey(items[i], opts.groupBy);
      let g = index.get(key);
      if (g === undefined) {
        index.set(key, (g = outcome.groups.length));
        outcome.groups.push(key);
      }
      groupOf[i] = g;
    }
    outcome.groupOf = groupOf;
  } catch (error) {
    outcome.failed = { stage: 'group', error };
    return outcome;
  }
  try {
    outcome.parts = await scoreBatchParts(items, scorers);
  } catch (error) {
    outcome.failed = { stage: 'score', error };
    return outcome;
  }
  if (opts.ids) outcome.ids = items.map((it) => it.id);
  return outcome;
}

interface PendingBatch {
  batch: readonly Item[];
  keys: (string | null)[];
  parts?: Promise<BatchPart[]>;
  /** A JSONL shard scored by the executor (then `batch` is empty): checked and merged from its outcome. */
  jsonl?: Promise<JsonlShardOutcome>;
  /** A check of the batch failed: reported when the batch's turn comes, so errors surface in input order. */
  error?: unknown;
}

/** sacreBLEU's rule: every segment has the same number of references (the signature reports it). */
function needsReferences(scorers: readonly Scorer[]): boolean {
  return scorers.some((s) => s.needs.references);
}

/** A batch's reference count: checked to be the same for every item only when some scorer reads references. */
function referenceCountOf(batch: readonly Item[], scorers: readonly Scorer[]): number {
  if (!needsReferences(scorers)) return batch[0].references?.length ?? 0;
  return batch.some((i) => i.references) ? countReferences(batch) : 0;
}

function groupKey(item: Item, field: string | undefined): string | null {
  if (field === undefined) return null;
  const v = item.meta?.[field];
  if (v === undefined || v === null) throw new ScorerInputError(`item ${item.id} has no "${field}" to group by`, item.id, field);
  return String(v);
}

/**
 * Folds batch results, in input order, into per-group accumulators and failure tallies: the one merge used by every
 * executor, so a threaded or queued run sums exactly what a single-process run sums.
 */
export class ScoreAccumulator {
  private readonly accs: Map<string | null, GroupAcc>[];
  private readonly tallies: FailureTally[];
  private nrefs: number | undefined;
  private firstId = '';
  done = 0;

  constructor(
    private readonly scorers: readonly Scorer[],
    private readonly groupBy: string | undefined,
  ) {
    this.accs = scorers.map(() => new Map());
    this.tallies = scorers.map(() => new FailureTally());
  }

  /** Checks a batch before it is scored (same number of references throughout, a group for every item); returns its group keys. */
  checkBatch(batch: readonly Item[]): (string | null)[] {
    this.checkReferenceCount(referenceCountOf(batch, this.scorers), batch[0].id);
    return batch.map((it) => groupKey(it, this.groupBy));
  }

  /** The reference count of a batch (whose first item is `firstId`) against the first batch's. */
  checkReferenceCount(n: number, firstId: string): void {
    // sacreBLEU's rule: every segment has the same number of references (the signature reports it); it binds only
    // scorers that read references (meta-eval's pairs may carry references on some items only)
    if (!needsReferences(this.scorers)) {
      this.nrefs ??= n;
      return;
    }
    if (this.nrefs === undefined) {
      this.nrefs = n;
      this.firstId = firstId;
    } else if (n !== this.nrefs) {
      throw new ScorerInputError(`item ${firstId} has ${n} references but item ${this.firstId} has ${this.nrefs}; every item needs the same number`, firstId, 'references');
    }
  }

  /** Adds one scored batch; with `segments`, returns per scorer the items' segment scores. */
  add(batch: readonly Item[], keys: readonly (string | null)[], parts: readonly BatchPart[], segments: boolean): Score[][] {
    return this.addRows(batch.length, (i) => batch[i].id, keys, parts, segments);
  }

  /** `add` for a batch known by its size, its ids (read only by the failure tallies of scorers without statistics) and its group keys. */
  addRows(rows: number, idOf: (i: number) => string, keys: readonly (string | null)[], parts: readonly BatchPart[], segments: boolean): Score[][] {
    const batch = { length: rows };
    const segScores: Score[][] = [];
    for (let k = 0; k < this.scorers.length; k++) {
      const scorer = this.scorers[k];
      const groups = this.accs[k];
      const part = parts[k];
      const acc = (key: string | null): GroupAcc => {
        let a = groups.get(key);
        if (!a) groups.set(key, (a = { n: 0, sum: 0, count: 0, failed: 0 }));
        return a;
      };
      if (isStatisticsScorer(scorer)) {
        const w = scorer.statisticsWidth;
        const stats = part.stats;
        if (!stats || stats.length !== batch.length * w) throw new Error(`${scorer.spec()}: a shard returned ${stats ? stats.length : 'no'} statistics for ${batch.length} items (${w} each)`);
        this.tallies[k].total += batch.length; // statistics scorers neither fail nor abstain
        for (let i = 0; i < batch.length; i++) {
          const a = acc(keys[i]);
          a.n++;
          a.stats ??= new Float64Array(w);
          for (let j = 0; j < w; j++) a.stats[j] += stats[i * w + j];
        }
        if (segments) {
          const s: Score[] = new Array(batch.length);
          for (let i = 0; i < batch.length; i++) s[i] = scorer.scoreFromStatistics(stats.subarray(i * w, (i + 1) * w));
          segScores.push(s);
        }
      } else {
        const scores = part.scores;
        if (!scores || scores.length !== batch.length) throw new Error(`${scorer.spec()}: a shard returned ${scores ? scores.length : 'no'} scores for ${batch.length} items`);
        for (let i = 0; i < batch.length; i++) {
          const a = acc(keys[i]);
          a.n++;
          const v = scores[i].value;
          if (this.tallies[k].add(idOf(i), scores[i]) === 'failed') a.failed++;
          if (v !== null) {
            a.sum += v;
            a.count++;
          }
        }
        segScores.push(scores);
      }
    }
    this.done += batch.length;
    return segScores;
  }

  result(): ScoreRunResult {
    const runs: ScorerRun[] = this.scorers.map((scorer, k) => {
      const corpus: CorpusResult[] = [];
      for (const [group, a] of this.accs[k]) corpus.push({ group, n: a.n, score: finalScore(scorer, a) });
      if (corpus.length === 0) corpus.push({ group: null, n: 0, score: emptyCorpusScore(scorer) });
      return { spec: scorer.spec(), signature: scorer.signature({ nrefs: this.nrefs ?? 0 }), direction: scorer.direction, corpus, failures: this.tallies[k].summary() };
    });
    return { items: this.done, runs };
  }
}

/** Scores a stream of item batches; returns the corpus score of every scorer (per group when `groupBy` is set). */
export async function scoreStream(
  batches: AsyncIterable<readonly Item[] | JsonlShard> | Iterable<readonly Item[] | JsonlShard>,
  scorers: readonly Scorer[],
  opts: ScoreStreamOptions = {},
): Promise<ScoreRunResult> {
  // ids cross back from a JSONL shard only when a failure tally may name them
  const jsonlScoring: JsonlShardScoring = { groupBy: opts.groupBy, ids: scorers.some((s) => !isStatisticsScorer(s)) };
  const acc = new ScoreAccumulator(scorers, opts.groupBy);
  const executor: BatchExecutor = opts.executor ?? { inFlight: 1, score: (batch) => scoreBatchParts(batch, scorers) };
  const inFlight = Math.max(1, executor.inFlight);
  const pending: PendingBatch[] = [];
  let index = 0;
  const merge = async (p: PendingBatch): Promise<void> => {
    if (p.error !== undefined) throw p.error;
    if (p.jsonl) {
      const o = await p.jsonl;
      if (o.failed?.stage === 'rows') throw o.failed.error;
      acc.checkReferenceCount(o.nrefs, o.firstId);
      if (o.failed) throw o.failed.error;
      const ids = o.ids;
      acc.addRows(o.rows, ids ? (i) => ids[i] : () => '', Array.from(o.groupOf, (g) => o.groups[g]), o.parts, false);
      opts.onProgress?.(acc.done);
      return;
    }
    const parts = await (p.parts as Promise<BatchPart[]>);
    const segs = acc.add(p.batch, p.keys, parts, opts.onSegments !== undefined);
    if (opts.onSegments) await opts.onSegments(p.batch, segs, parts);
    opts.onProgress?.(acc.done);
  };
  const it = Symbol.asyncIterator in batches ? batches[Symbol.asyncIterator]() : (batches as Iterable<readonly Item[] | JsonlShard>)[Symbol.iterator]();
  let exhausted = false;
  try {
    for (;;) {
      let next: IteratorResult<readonly Item[] | JsonlShard>;
      try {
        next = await it.next();
      } catch (err) {
        // the input failed after the batches in flight: their errors came first in a single-process run, so report those
        exhausted = true;
        while (pending.length) await merge(pending.shift() as PendingBatch);
        throw err;
      }
      if (next.done) {
        exhausted = true;
        break;
      }
      let batch: readonly Item[];
      if (isJsonlShard(next.value)) {
        const shard = next.value;
        if (shard.rows === 0) continue;
        // segment scores go to onSegments with their items, so those runs read the items here
        const jsonl = opts.onSegments ? undefined : executor.scoreJsonl?.(shard, index, jsonlScoring);
        if (jsonl) {
          index++;
          jsonl.catch(() => {});
          pending.push({ batch: [], keys: [], jsonl });
          if (pending.length >= inFlight) await merge(pending.shift() as PendingBatch);
          continue;
        }
        try {
          batch = jsonlShardItems(shard);
        } catch (err) {
          pending.push({ batch: [], keys: [], error: err });
          break;
        }
      } else batch = next.value;
      if (batch.length === 0) continue;
      const p: PendingBatch = { batch, keys: [] };
      try {
        p.keys = acc.checkBatch(batch);
        p.parts = executor.score(batch, index++);
        // awaited in order by merge; until then a rejection is held, not reported as unhandled
        p.parts.catch(() => {});
      } catch (err) {
        p.error = err;
      }
      pending.push(p);
      if (p.error !== undefined) break;
      if (pending.length >= inFlight) await merge(pending.shift() as PendingBatch);
    }
    while (pending.length) await merge(pending.shift() as PendingBatch);
  } finally {
    if (!exhausted) await it.return?.();
  }
  return acc.result();
}

function finalScore(scorer: Scorer, a: GroupAcc): Score {
  if (isStatisticsScorer(scorer)) return scorer.scoreFromStatistics(a.stats as Float64Array);
  return { value: a.count === 0 ? null : a.sum / a.count, details: { n: a.count, abstained: a.n - a.count - a.failed, failed: a.failed } };
}

function emptyCorpusScore(scorer: Scorer): Score {
  if (isStatisticsScorer(scorer)) return scorer.scoreFromStatistics(new Float64Array(scorer.statisticsWidth));
  return { value: null, details: { n: 0, abstained: 0, failed: 0 } };
}

/** Splits an item stream into batches of `size`. */
export async function* batched(items: AsyncIterable<Item> | Iterable<Item>, size = 1000): AsyncGenerator<Item[]> {
  let buf: Item[] = [];
  for await (const it of items) {
    buf.push(it);
    if (buf.length >= size) {
      yield buf;
      buf = [];
    }
  }
  if (buf.length) yield buf;
}

export interface RunScorersOptions {
  level: ScoreLevel;
  groupBy?: string;
  batchSize?: number;
  onProgress?: (done: number) => void;
}

/** In-memory convenience over `scoreStream`: with level `segment`, every run also carries its segment scores. */
export async function runScorers(items: readonly Item[], scorers: readonly Scorer[], opts: RunScorersOptions): Promise<ScoreRunResult> {
  const segments: Score[][] = scorers.map(() => []);
  const size = opts.batchSize ?? 1000;
  const batches: Item[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  const result = await scoreStream(batches, scorers, {
    groupBy: opts.groupBy,
    onProgress: opts.onProgress,
    onSegments:
      opts.level === 'segment'
        ? (_b, scores) => {
            scores.forEach((s, k) => {
              for (const x of s) segments[k].push(x);
            });
          }
        : undefined,
  });
  if (opts.level === 'segment') result.runs.forEach((r, k) => (r.segments = segments[k]));
  return result;
}
