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

export type ScoreLevel = 'corpus' | 'segment';

export interface ScoreStreamOptions {
  /** Meta field to group corpus scores by (e.g. `system`): one corpus score per distinct value, in first-seen order. */
  groupBy?: string;
  /** Called once per batch with the batch and, per scorer, its segment scores. Segment scores are computed only if set. */
  onSegments?: (items: readonly Item[], scores: readonly Score[][]) => void | Promise<void>;
  /** Called after each batch with the number of items done so far. */
  onProgress?: (done: number) => void;
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

function groupKey(item: Item, field: string | undefined): string | null {
  if (field === undefined) return null;
  const v = item.meta?.[field];
  if (v === undefined || v === null) throw new ScorerInputError(`item ${item.id} has no "${field}" to group by`, item.id, field);
  return String(v);
}

/** Scores a stream of item batches; returns the corpus score of every scorer (per group when `groupBy` is set). */
export async function scoreStream(
  batches: AsyncIterable<readonly Item[]> | Iterable<readonly Item[]>,
  scorers: readonly Scorer[],
  opts: ScoreStreamOptions = {},
): Promise<ScoreRunResult> {
  const accs = scorers.map(() => new Map<string | null, GroupAcc>());
  const tallies = scorers.map(() => new FailureTally());
  let nrefs: number | undefined;
  let firstId = '';
  let done = 0;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    // sacreBLEU's rule: every segment has the same number of references (the signature reports it)
    const hasRefs = batch.some((i) => i.references);
    const n = hasRefs ? countReferences(batch) : 0;
    if (nrefs === undefined) {
      nrefs = n;
      firstId = batch[0].id;
    } else if (n !== nrefs) {
      throw new ScorerInputError(`item ${batch[0].id} has ${n} references but item ${firstId} has ${nrefs}; every item needs the same number`, batch[0].id, 'references');
    }
    const keys = batch.map((it) => groupKey(it, opts.groupBy));
    const segScores: Score[][] = [];
    for (let k = 0; k < scorers.length; k++) {
      const scorer = scorers[k];
      const groups = accs[k];
      const acc = (key: string | null): GroupAcc => {
        let a = groups.get(key);
        if (!a) groups.set(key, (a = { n: 0, sum: 0, count: 0, failed: 0 }));
        return a;
      };
      if (isStatisticsScorer(scorer)) {
        const w = scorer.statisticsWidth;
        const stats = scorer.segmentStatistics(batch);
        tallies[k].total += batch.length; // statistics scorers neither fail nor abstain
        for (let i = 0; i < batch.length; i++) {
          const a = acc(keys[i]);
          a.n++;
          a.stats ??= new Float64Array(w);
          for (let j = 0; j < w; j++) a.stats[j] += stats[i * w + j];
        }
        if (opts.onSegments) {
          const s: Score[] = new Array(batch.length);
          for (let i = 0; i < batch.length; i++) s[i] = scorer.scoreFromStatistics(stats.subarray(i * w, (i + 1) * w));
          segScores.push(s);
        }
      } else {
        const scores = await scorer.score(batch);
        for (let i = 0; i < batch.length; i++) {
          const a = acc(keys[i]);
          a.n++;
          const v = scores[i].value;
          if (tallies[k].add(batch[i].id, scores[i]) === 'failed') a.failed++;
          if (v !== null) {
            a.sum += v;
            a.count++;
          }
        }
        segScores.push(scores);
      }
    }
    if (opts.onSegments) await opts.onSegments(batch, segScores);
    done += batch.length;
    opts.onProgress?.(done);
  }
  const runs: ScorerRun[] = scorers.map((scorer, k) => {
    const corpus: CorpusResult[] = [];
    for (const [group, a] of accs[k]) corpus.push({ group, n: a.n, score: finalScore(scorer, a) });
    if (corpus.length === 0) corpus.push({ group: null, n: 0, score: emptyCorpusScore(scorer) });
    return { spec: scorer.spec(), signature: scorer.signature({ nrefs: nrefs ?? 0 }), direction: scorer.direction, corpus, failures: tallies[k].summary() };
  });
  return { items: done, runs };
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
