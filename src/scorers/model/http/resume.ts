// Resumable remote scoring: look every input up in the score cache, send only the missing ones, and write each
// result to the cache the moment its request returns (not at the end of a chunk), so a run killed after an hour
// keeps an hour of paid-for answers and its rerun sends only what is missing. Failures (`details.error`: transport,
// retries exhausted, budget, abort) are never written, so a rerun retries exactly those.
import { createHash } from 'node:crypto';
import type { Item, Score, Scorer } from '../../contract.js';
import type { CandidateList, Pair, PairOutcome, PairwiseScorer, ListwiseScorer, RankingOutcome } from '../../pairwise.js';
import { itemContentKey } from '../../../store/item-key.js';
import type { ItemKeyFn, ScoreCache } from '../../../store/types.js';
import { isFailedScore, type ScoreCallOptions } from './types.js';

export interface ResumeReport {
  /** Inputs answered from the cache (including repeats of an input computed in this call). */
  cached: number;
  /** Distinct inputs sent to the scorer. */
  computed: number;
  /** Of those, how many failed (not cached). */
  failed: number;
}

/** Buffers cache writes made in the same tick (a batch of RM results) into one putMany. */
class StreamingWriter {
  private pending: [string, Score][] = [];
  private scheduled = false;
  /** Writes of an asynchronous cache (Redis) still in flight, and the first that failed. */
  private inflight: Promise<void>[] = [];
  private failed: { error: unknown } | undefined;
  constructor(
    private readonly cache: ScoreCache,
    private readonly signature: string,
  ) {}
  add(key: string, score: Score): void {
    this.pending.push([key, score]);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.flush());
    }
  }
  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const w = this.cache.putMany(this.signature, batch);
    if (w instanceof Promise) this.inflight.push(w.catch((error: unknown) => void (this.failed ??= { error })));
  }
  /** Resolves when every write has landed; rejects with the first write that failed. */
  async settled(): Promise<void> {
    await Promise.all(this.inflight);
    this.inflight = [];
    if (this.failed) throw this.failed.error;
  }
}

/**
 * The core: `keys[i]` identifies input i; `compute(indices, onResult)` computes the given inputs and should call
 * `onResult(j, score)` (j into `indices`) as results arrive. Results it returns but never reported are written too.
 */
async function resumable(
  keys: readonly string[],
  cache: ScoreCache,
  signature: string,
  compute: (indices: number[], onResult: (j: number, s: Score) => void) => Promise<Score[]>,
): Promise<{ scores: Score[]; report: ResumeReport }> {
  const first = new Map<string, number>();
  keys.forEach((k, i) => {
    if (!first.has(k)) first.set(k, i);
  });
  const found = await cache.getMany(signature, [...first.keys()]);
  const missing: number[] = [];
  for (const [k, i] of first) if (!found.has(k)) missing.push(i);
  const report: ResumeReport = { cached: keys.length - missing.length, computed: missing.length, failed: 0 };
  if (missing.length > 0) {
    const writer = new StreamingWriter(cache, signature);
    const written = new Uint8Array(missing.length);
    const record = (j: number, s: Score) => {
      if (written[j]) return;
      written[j] = 1;
      if (isFailedScore(s)) report.failed++;
      else writer.add(keys[missing[j]], s);
    };
    try {
      const scores = await compute(missing, record);
      if (scores.length !== missing.length) throw new Error(`scorer returned ${scores.length} results for ${missing.length} inputs`);
      scores.forEach((s, j) => {
        record(j, s);
        found.set(keys[missing[j]], s);
      });
    } finally {
      writer.flush(); // whatever arrived before a throw is kept
      await writer.settled();
    }
  }
  return { scores: keys.map((k) => found.get(k) as Score), report };
}

export interface ScoreResumableOptions {
  /** Item key; default `itemContentKey` (store/item-key.ts), the key the score cache uses everywhere. */
  itemKey?: ItemKeyFn;
  signal?: AbortSignal;
}

/** Scores `items` with `scorer`, answering from `cache` where it can; see the file comment. Works with any scorer; remote ones stream. */
export async function scoreResumable(
  scorer: Scorer,
  items: readonly Item[],
  cache: ScoreCache,
  opts: ScoreResumableOptions = {},
): Promise<{ scores: Score[]; report: ResumeReport }> {
  const keyOf = opts.itemKey ?? ((it: Item) => itemContentKey(it));
  const call = scorer.score as (items: readonly Item[], o?: ScoreCallOptions) => Promise<Score[]>;
  return resumable(items.map(keyOf), cache, scorer.signature(), (idx, onResult) =>
    call.call(scorer, idx.map((i) => items[i]), { onScore: onResult, signal: opts.signal }),
  );
}

function jsonKey(kind: string, parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify([kind, ...parts]), 'utf8').digest('base64url');
}

/** Cache key of a pair: its prompt, both outputs (in order) and reference. */
export function pairKey(p: Pair): string {
  return jsonKey('trenchcoat-pair-key-v1', [p.prompt, p.a, p.b, p.reference ?? null]);
}

/** Cache key of a candidate list: its prompt, candidates (in order) and reference. */
export function listKey(l: CandidateList): string {
  return jsonKey('trenchcoat-list-key-v1', [l.prompt, l.candidates, l.reference ?? null]);
}

// Pair and ranking outcomes travel through the score cache as Scores: value = pA (or null), the rest in details.
function pairToScore(o: PairOutcome): Score {
  return { value: o.pA, details: { ...o.details, first: o.first, ...(o.second !== undefined ? { second: o.second } : {}) } };
}
function scoreToPair(s: Score): PairOutcome {
  const { first, second, ...details } = (s.details ?? {}) as Record<string, unknown>;
  const o: PairOutcome = { pA: s.value, first: (first ?? null) as PairOutcome['first'], details };
  if (second !== undefined) o.second = second as PairOutcome['second'];
  return o;
}
function rankingToScore(o: RankingOutcome): Score {
  return { value: null, details: { ...o.details, ranking: o.ranking, ...(o.reversed !== undefined ? { reversed: o.reversed } : {}) } };
}
function scoreToRanking(s: Score): RankingOutcome {
  const { ranking, reversed, ...details } = (s.details ?? {}) as Record<string, unknown>;
  const o: RankingOutcome = { ranking: (ranking ?? null) as number[] | null, details };
  if (reversed !== undefined) o.reversed = reversed as number[] | null;
  return o;
}

/**
 * `resumable` for outcomes that travel through the cache as Scores (pair outcomes, rankings): `run` computes a batch
 * of inputs and reports each outcome as it arrives.
 */
async function resumableOutcomes<T, O>(
  keys: readonly string[],
  inputs: readonly T[],
  cache: ScoreCache,
  signature: string,
  run: (batch: T[], onOutcome: (j: number, o: O) => void) => Promise<O[]>,
  toScore: (o: O) => Score,
  fromScore: (s: Score) => O,
): Promise<{ outcomes: O[]; report: ResumeReport }> {
  const { scores, report } = await resumable(keys, cache, signature, async (idx, onResult) => {
    const outs = await run(idx.map((i) => inputs[i]), (j, o) => onResult(j, toScore(o)));
    return outs.map(toScore);
  });
  return { outcomes: scores.map(fromScore), report };
}

/** `comparePairs` with the cache; the pairwise scorer's signature (which names its orders) keys the entries. */
export async function comparePairsResumable(
  scorer: PairwiseScorer,
  pairs: readonly Pair[],
  cache: ScoreCache,
  opts: { signal?: AbortSignal } = {},
): Promise<{ outcomes: PairOutcome[]; report: ResumeReport }> {
  return resumableOutcomes(
    pairs.map(pairKey),
    pairs,
    cache,
    scorer.signature(),
    (batch, onOutcome) => scorer.comparePairs(batch, { onOutcome, signal: opts.signal }),
    pairToScore,
    scoreToPair,
  );
}

/** `rankLists` with the cache. */
export async function rankListsResumable(
  scorer: ListwiseScorer,
  lists: readonly CandidateList[],
  cache: ScoreCache,
  opts: { signal?: AbortSignal } = {},
): Promise<{ outcomes: RankingOutcome[]; report: ResumeReport }> {
  return resumableOutcomes(
    lists.map(listKey),
    lists,
    cache,
    scorer.signature(),
    (batch, onOutcome) => scorer.rankLists(batch, { onOutcome, signal: opts.signal }),
    rankingToScore,
    scoreToRanking,
  );
}
