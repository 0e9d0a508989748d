// Failure counting for commands that build scorers themselves and hand them to a library (probe, bon): each scorer
// is wrapped by trackFailures, so failed items (server down, HTTP errors) are counted apart from abstentions, exactly
// as `score` and `meta-eval` count them, and reported through failures.ts (stderr list, --max-failures, exit 1).
import type { Scorer } from '../scorers/contract.js';
import { FailureTally, type FailureSummary } from '../scorers/failure-tally.js';
import { trackFailures } from '../scorers/failure-tracking.js';
import { reportFailures, type FailureAllowance } from './failures.js';

/** One scorer's counts, as `--json` shows them (the same fields as meta-eval's `failures`). */
export interface ScorerFailures extends FailureSummary {
  scorer: string;
}

export class FailureWatch {
  private readonly runs: { label: string; tally: FailureTally }[] = [];

  /** The same scorer, counting every outcome it returns; `label` defaults to its spec. */
  track<S extends Scorer>(scorer: S, label = scorer.spec()): S {
    const tally = new FailureTally();
    this.runs.push({ label, tally });
    return trackFailures(scorer, tally);
  }

  /** The scorers that failed or abstained somewhere (empty when every outcome was a score). */
  failures(): ScorerFailures[] {
    return this.runs.map((r) => ({ scorer: r.label, ...r.tally.summary() })).filter((f) => f.failed + f.abstained > 0);
  }

  /** `{ failures: [...] }` for a --json result, or nothing when every outcome was a score. */
  jsonBlock(): { failures?: ScorerFailures[] } {
    const f = this.failures();
    return f.length ? { failures: f } : {};
  }

  /** One line per scorer that failed or abstained, for the human table. */
  notes(): string[] {
    return this.failures().map((f) => `${f.scorer}: ${f.failed} of ${f.total} scored item(s) failed, ${f.abstained} abstained`);
  }

  /** Failed ids and the last error on stderr; throws TooManyFailuresError (exit 1) above the allowance. */
  report(allow: FailureAllowance, write?: (text: string) => void): void {
    reportFailures(
      this.runs.map((r) => ({ label: r.label, failures: r.tally.summary() })),
      allow,
      write,
    );
  }
}
