// A pairwise LLM judge (MT-Bench pairwise, AlpacaEval, LLMBar): A, B or tie for two responses to one prompt, run in
// both presentation orders by default. The two verdicts are kept apart (`first`, `second`) so position consistency
// can be measured (metaeval/position.ts); `pA` = P(a ≻ b) is their mean with a = 1, b = 0, tie = 0.5, and is null
// whenever an order gave no verdict.
import type { Item, Score } from '../../contract.js';
import type { ComparePairsOptions, Pair, PairOutcome, PairVerdict, PairwiseScorer } from '../../pairwise.js';
import { renderTemplate } from '../templates/index.js';
import { promptAsText } from './chat.js';
import { RemoteJudgeBase } from './judge-base.js';
import { needsComparisonsError } from './judge-pointwise.js';
import { parsePairVerdict, verdictProbabilities, type PositionVerdict } from './parse-judge.js';

const VALUE: Record<'a' | 'b' | 'tie', number> = { a: 1, b: 0, tie: 0.5 };

/** A shown-position verdict in the pair's terms: with `b` shown first, "A" names `b`. */
function toPairTerms(v: PositionVerdict | null, swapped: boolean): PairVerdict {
  if (v === null) return null;
  if (v === 'tie') return 'tie';
  return (v === 'A') !== swapped ? 'a' : 'b';
}

interface OrderResult {
  verdict: PairVerdict;
  raw?: string;
  probs?: Record<'a' | 'b' | 'tie', number>;
  error?: Record<string, unknown>;
}

export class PairwiseJudge extends RemoteJudgeBase implements PairwiseScorer {
  readonly mode = 'pairwise' as const;
  readonly range = [0, 1] as const;

  get needs() {
    const f = this.config.template.fields;
    return { prompt: f.includes('prompt'), references: f.includes('reference') };
  }

  /** The user message for a pair in one presentation order. */
  renderPair(pair: Pair, swapped: boolean): string {
    return renderTemplate(this.config.template, {
      prompt: promptAsText(pair.prompt),
      output_a: swapped ? pair.b : pair.a,
      output_b: swapped ? pair.a : pair.b,
      reference: pair.reference ?? '',
    });
  }

  /** Items hold one output each; a pairwise judge needs pairs. Rejects with a ScorerInputError that says so. */
  async score(items: readonly Item[]): Promise<Score[]> {
    throw needsComparisonsError('pairs', items);
  }

  async comparePairs(pairs: readonly Pair[], opts: ComparePairsOptions = {}): Promise<PairOutcome[]> {
    const both = opts.bothOrders ?? this.config.bothOrders;
    if (pairs.length > 0) void this.client;
    return Promise.all(
      pairs.map(async (pair, i) => {
        const orders = await Promise.all((both ? [false, true] : [false]).map((swapped) => this.runOrder(pair, swapped, opts.signal)));
        const outcome = combine(orders, both);
        opts.onOutcome?.(i, outcome);
        return outcome;
      }),
    );
  }

  private async runOrder(pair: Pair, swapped: boolean, signal?: AbortSignal): Promise<OrderResult> {
    const r = await this.ask(this.renderPair(pair, swapped), signal);
    if (!r.ok) return { verdict: null, error: r.details };
    const out: OrderResult = { verdict: toPairTerms(parsePairVerdict(r.answer.content), swapped), raw: r.answer.content };
    const p = r.answer.tokens ? verdictProbabilities(r.answer.tokens) : null;
    if (p) out.probs = swapped ? { a: p.B, b: p.A, tie: p.tie } : { a: p.A, b: p.B, tie: p.tie };
    return out;
  }
}

function combine(orders: OrderResult[], both: boolean): PairOutcome {
  const [f, s] = orders;
  const details: Record<string, unknown> = {};
  if (f.raw !== undefined) details.rawFirst = f.raw;
  if (f.probs) details.probsFirst = f.probs;
  if (both) {
    if (s.raw !== undefined) details.rawSecond = s.raw;
    if (s.probs) details.probsSecond = s.probs;
  }
  const failed = orders.find((o) => o.error);
  if (failed) {
    // a transport failure in either order: the outcome is not a result and must not be cached
    details.error = failed.error!.error;
    details.message = failed.error!.message;
    if (failed.error!.hint !== undefined) details.hint = failed.error!.hint;
  }
  let pA: number | null = null;
  if (orders.every((o) => o.verdict !== null)) pA = orders.reduce((acc, o) => acc + VALUE[o.verdict as 'a' | 'b' | 'tie'], 0) / orders.length;
  else if (!failed) details.unparseable = true;
  const out: PairOutcome = { pA, first: f.verdict, details };
  if (both) out.second = s.verdict;
  return out;
}
