// What travels through Redis: a shard job (a bounded batch of items carried in the job itself — workers need no shared
// filesystem, and a job's size is bounded by --shard-size) and its result (per scorer, the items' statistics rows or
// their scores: the `BatchPart`s the single-process merge adds). Statistics travel as the raw bytes of their
// Float64Array (base64), so the submitter adds exactly the bits a local run would have added.
import { createHash } from 'node:crypto';
import type { Item, Score } from '../scorers/contract.js';
import type { BatchPart } from '../scoring.js';
import { VERSION } from '../version.js';

export const QUEUE_NAME = 'trenchcoat-score';
/** Bumped whenever the job or result layout changes, so an old result is never read by a new submitter. */
export const SHARD_FORMAT = 1;

export interface ShardJob {
  format: number;
  index: number;
  /** The scorers' spec strings; the worker builds them and checks their signatures against `signatures`. */
  specs: string[];
  signatures: string[];
  items: Item[];
}

export interface ShardResult {
  format: number;
  /** Per scorer: base64 of the statistics rows (statistics scorers), else null. */
  stats: (string | null)[];
  /** Per scorer: the items' scores (the other scorers), else null. */
  scores: (Score[] | null)[];
}

/**
 * The job id: a hash of the shard's content, its index in the input and the scorers' signatures (which carry every
 * option and the version). Resubmitting the same input finds the same ids — no new work, the stored results — while a
 * changed row, option or version is a new job. Equal content at the same index is the same work, whatever the file name.
 */
export function shardJobId(job: Pick<ShardJob, 'index' | 'signatures' | 'items'>): string {
  const h = createHash('sha256');
  h.update(`trenchcoat-shard/${SHARD_FORMAT}/${VERSION}\n${job.index}\n${job.signatures.join('\n')}\n`);
  h.update(JSON.stringify(job.items));
  return `shard-${h.digest('hex').slice(0, 40)}`;
}

export function encodeShardResult(parts: readonly BatchPart[]): ShardResult {
  return {
    format: SHARD_FORMAT,
    stats: parts.map((p) => (p.stats ? Buffer.from(p.stats.buffer, p.stats.byteOffset, p.stats.byteLength).toString('base64') : null)),
    scores: parts.map((p) => (p.stats ? null : (p.scores ?? null))),
  };
}

export function decodeShardResult(raw: unknown, scorers: number, items: number): BatchPart[] {
  const r = (typeof raw === 'string' ? JSON.parse(raw) : raw) as ShardResult | null;
  if (r === null || typeof r !== 'object' || r.format !== SHARD_FORMAT || !Array.isArray(r.stats) || r.stats.length !== scorers || !Array.isArray(r.scores)) {
    throw new Error(`a worker returned a shard result this submitter cannot read (format ${r?.format}, expected ${SHARD_FORMAT}): is every worker on trenchcoat ${VERSION}?`);
  }
  return r.stats.map((b64, k): BatchPart => {
    if (b64 !== null) {
      const buf = Buffer.from(b64, 'base64');
      // copied into a fresh buffer: a Float64Array view needs an 8-byte aligned offset
      const stats = new Float64Array(buf.byteLength / 8);
      new Uint8Array(stats.buffer).set(buf);
      return { stats };
    }
    const scores = r.scores[k];
    if (!Array.isArray(scores) || scores.length !== items) throw new Error(`a worker returned ${Array.isArray(scores) ? scores.length : 'no'} scores for a shard of ${items} items`);
    return { scores };
  });
}

/** Errors a worker raises travel as text (BullMQ's failedReason); a marked JSON payload rebuilds the typed error. */
export const ERROR_MARK = 'trenchcoat-error:';
