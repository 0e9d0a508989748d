// A per-run budget: a cap on HTTP requests issued and/or on tokens reported by the server. Once spent, no new request
// starts (in-flight ones finish, so tokens can overshoot by at most the in-flight requests' usage); callers get an
// error result `budget` right away instead of waiting, so a run that hits its budget ends, it never hangs.

export interface BudgetLimits {
  /** Maximum HTTP requests (every attempt counts, retries included). */
  maxRequests?: number;
  /** Maximum tokens, summed from the servers' `usage.total_tokens` (servers that report none cost 0 tokens). */
  maxTokens?: number;
}

export class RunBudget {
  requests = 0;
  tokens = 0;
  /** Requests refused because the budget was spent. */
  refused = 0;

  constructor(readonly limits: BudgetLimits = {}) {
    for (const [k, v] of Object.entries(limits)) {
      if (v !== undefined && !(Number.isFinite(v) && v >= 0)) throw new RangeError(`budget ${k} must be a non-negative number, got ${v}`);
    }
  }

  /** Which limit is spent, or null while requests may still start. */
  spent(): 'requests' | 'tokens' | null {
    const { maxRequests, maxTokens } = this.limits;
    if (maxRequests !== undefined && this.requests >= maxRequests) return 'requests';
    if (maxTokens !== undefined && this.tokens >= maxTokens) return 'tokens';
    return null;
  }

  /** Counts a request if the budget allows it; false (and counted as refused) otherwise. */
  tryStartRequest(): boolean {
    if (this.spent() !== null) {
      this.refused++;
      return false;
    }
    this.requests++;
    return true;
  }

  addTokens(n: number): void {
    if (Number.isFinite(n) && n > 0) this.tokens += n;
  }
}
