// Pairwise and listwise scorers: judges that compare outputs instead of scoring one output at a time.
//
// Why a separate interface rather than a change to `Scorer.score(items)`: an Item carries ONE output, while a
// pairwise judge needs two (and a listwise judge k) for the same prompt. Packing the second output into `meta` would
// hide it from the item key of the score cache and from `needs` checks, and would make `score()` mean different
// things for different scorers. So a pairwise-native scorer still implements `Scorer` (id, family, mode, signature,
// spec — everything the registry, the CLI and the signatures need), its `score(items)` throws a ScorerInputError
// saying it needs pairs, and it adds `comparePairs`. Pointwise scorers get pairwise use for free by comparing values
// (DESIGN.md, "Data model"); this interface is only for scorers whose native unit is the pair or the list.

import type { ChatMessage, Scorer } from './contract.js';

/** One comparison: which of `a` and `b` answers `prompt` better. */
export interface Pair {
  id?: string;
  prompt: string | ChatMessage[];
  a: string;
  b: string;
  /** Optional reference answer, for templates that show one. */
  reference?: string;
}

/** A verdict in the pair's own terms: `'a'` means `pair.a` won, whichever position it was shown in. `null`: no decision. */
export type PairVerdict = 'a' | 'b' | 'tie' | null;

export interface PairOutcome {
  /**
   * P(a ≻ b) from the verdicts: 1 (a), 0 (b), 0.5 (tie), averaged over the orders that were run. `null` when any
   * order has no verdict (unparseable answer, or a transport failure — then `details.error` is set): a single
   * order would reintroduce the position bias that running both orders is meant to cancel, so it is never used
   * as a silent stand-in.
   */
  pA: number | null;
  /** Verdict with `a` shown first (position A). */
  first: PairVerdict;
  /** Verdict with `b` shown first, mapped back to the pair's terms; `undefined` when only one order was run. */
  second?: PairVerdict;
  /**
   * `rawFirst`/`rawSecond` (the judge's texts), `probsFirst`/`probsSecond` (P(a), P(b), P(tie) from the verdict
   * token's logprobs, in the pair's terms, when the server returned them), and `error` for transport failures or
   * an exhausted budget (such outcomes must not be cached: a rerun should retry them).
   */
  details?: Record<string, unknown>;
}

export interface ComparePairsOptions {
  /** Run each pair in both orders (a first, then b first). Default: the scorer's configured `orders`. */
  bothOrders?: boolean;
  /** Called once per pair as soon as its outcome is known (any order of indices); for streaming results to disk. */
  onOutcome?: (index: number, outcome: PairOutcome) => void;
  signal?: AbortSignal;
}

export interface PairwiseScorer extends Scorer {
  readonly mode: 'pairwise';
  /** One outcome per pair, in input order. Never rejects for per-pair failures: those come back as `pA: null` + `details.error`. */
  comparePairs(pairs: readonly Pair[], opts?: ComparePairsOptions): Promise<PairOutcome[]>;
}

export function isPairwiseScorer(s: Scorer): s is PairwiseScorer {
  return s.mode === 'pairwise' && typeof (s as PairwiseScorer).comparePairs === 'function';
}

/** A list of candidates for the same prompt, to be ranked. */
export interface CandidateList {
  id?: string;
  prompt: string | ChatMessage[];
  candidates: string[];
  reference?: string;
}

export interface RankingOutcome {
  /**
   * Candidate indices (0-based, into `candidates`) from best to worst, with the candidates shown in the given order;
   * `null` when the answer was not a permutation of all candidates (never completed by guessing).
   */
  ranking: number[] | null;
  /** Ranking with the candidates shown in reverse order, mapped back to the original indices; `undefined` for one order. */
  reversed?: number[] | null;
  /** `raw` / `rawReversed` judge texts; `error` on transport failure or exhausted budget (not cacheable). */
  details?: Record<string, unknown>;
}

export interface RankListsOptions {
  bothOrders?: boolean;
  onOutcome?: (index: number, outcome: RankingOutcome) => void;
  signal?: AbortSignal;
}

export interface ListwiseScorer extends Scorer {
  readonly mode: 'listwise';
  rankLists(lists: readonly CandidateList[], opts?: RankListsOptions): Promise<RankingOutcome[]>;
}

export function isListwiseScorer(s: Scorer): s is ListwiseScorer {
  return s.mode === 'listwise' && typeof (s as ListwiseScorer).rankLists === 'function';
}
