// Counting what went wrong while scoring: failures (the scorer could not run — server down, HTTP error, timeout) apart
// from abstentions (the scorer ran and gave no score), the ids of the first failed items and the last error, so a run
// whose every value is null can never pass for a run of abstentions.
import { scoreStatus, type Score, type ScoreStatus } from './contract.js';

/** How many failed item ids a summary lists (the count is always complete). */
export const FAILED_IDS_SHOWN = 5;

/** The error of one failed score: its code, message and, when the scorer knows the likely cause, a hint. */
export interface ScoreError {
  error: string;
  message?: string;
  hint?: string;
}

export interface FailureSummary {
  /** Items scored (ok + abstained + failed). */
  total: number;
  failed: number;
  abstained: number;
  /** The first `FAILED_IDS_SHOWN` failed item ids, in the order they failed. */
  failedIds: string[];
  /** The most recent failure's error. */
  lastError: ScoreError | null;
}

export class FailureTally {
  total = 0;
  failed = 0;
  abstained = 0;
  readonly failedIds: string[] = [];
  lastError: ScoreError | null = null;

  /** Counts one score and returns its status. */
  add(itemId: string, score: Score): ScoreStatus {
    const status = scoreStatus(score);
    this.total++;
    if (status === 'abstained') this.abstained++;
    else if (status === 'failed') {
      this.failed++;
      if (this.failedIds.length < FAILED_IDS_SHOWN) this.failedIds.push(itemId);
      this.lastError = scoreErrorOf(score);
    }
    return status;
  }

  summary(): FailureSummary {
    return { total: this.total, failed: this.failed, abstained: this.abstained, failedIds: [...this.failedIds], lastError: this.lastError };
  }
}

export function scoreErrorOf(score: Score): ScoreError {
  const d = score.details ?? {};
  const e: ScoreError = { error: String(d.error) };
  if (typeof d.message === 'string') e.message = d.message;
  if (typeof d.hint === 'string') e.hint = d.hint;
  return e;
}

/** `http-404: HTTP 404 from POST …` and the hint on its own line, for stderr. */
export function formatScoreError(e: ScoreError): string {
  return `${e.error}${e.message ? `: ${e.message}` : ''}${e.hint ? `\n  hint: ${e.hint}` : ''}`;
}
