// What travels through Redis: a shard job (a bounded batch of items carried in the job itself — workers need no shared
// filesystem, and a job's size is bounded by --shard-size) and its result (per scorer, the items' statistics rows or
// their scores: the `BatchPart`s the single-process merge adds). Statistics travel as the raw bytes of their
// Float64Array (base64), so the submitter adds exactly the bits a local run would have added.
//
// A JSONL input travels as its shards' raw lines instead (`jsonl`: the bytes in base64, so that invalid UTF-8 reaches
// the worker as it is and is reported as a local run reports it): the submitter neither parses rows nor serialises
// items, and the worker reads them with the reader of a local run (`scoreJsonlShard`). Base64 rather than the text:
// one-byte ASCII needs no JSON escaping of every quote, and ioredis measures its UTF-8 length without a scan of
// two-byte characters — measured, those two cost the submitter more than the third more bytes.
import { createHash } from 'node:crypto';
import type { Item, Score } from '../scorers/contract.js';
import type { FieldMapping } from '../data/items.js';
import type { JsonlShard } from '../data/jsonl-shards.js';
import type { BatchPart, JsonlShardOutcome, JsonlShardScoring } from '../scoring.js';
import type { SerializedError } from '../parallel/shard-errors.js';
import { VERSION } from '../version.js';

export const QUEUE_NAME = 'trenchcoat-score';
/** Bumped whenever the job or result layout changes, so an old result is never read by a new submitter. */
export const SHARD_FORMAT = 2;

/** The lines of a JSONL shard in a job. */
export interface JsonlShardJob {
  file: string;
  firstLine: number;
  rows: number;
  /** The lines' bytes. */
  base64: string;
  mapping: FieldMapping;
  scoring: JsonlShardScoring;
}

/** What a JSONL shard's result adds to `stats`/`scores`: the outcome of `scoreJsonlShard` apart from its parts. */
export interface JsonlShardResultInfo {
  nrefs: number;
  firstId: string;
  groups: (string | null)[];
  groupOf: number[];
  ids?: string[];
  failed?: { stage: 'rows' | 'group' | 'score'; error: SerializedError };
}

export interface ShardJob {
  format: number;
  index: number;
  /** The scorers' spec strings; the worker builds them and checks their signatures against `signatures`. */
  specs: string[];
  signatures: string[];
  /** The shard's items; empty for a JSONL shard, which carries its lines in `jsonl`. */
  items: Item[];
  jsonl?: JsonlShardJob;
}

export interface ShardResult {
  format: number;
  /** Per scorer: base64 of the statistics rows (statistics scorers), else null. */
  stats: (string | null)[];
  /** Per scorer: the items' scores (the other scorers), else null. */
  scores: (Score[] | null)[];
  jsonl?: JsonlShardResultInfo;
}

export function jsonlShardJob(shard: JsonlShard, scoring: JsonlShardScoring): JsonlShardJob {
  const base64 = Buffer.from(shard.bytes.buffer, shard.bytes.byteOffset, shard.bytes.byteLength).toString('base64');
  return { file: shard.file, firstLine: shard.firstLine, rows: shard.rows, base64, mapping: shard.mapping, scoring };
}

export function jsonlShardOfJob(job: JsonlShardJob): JsonlShard {
  const bytes = Buffer.from(job.base64, 'base64');
  return { kind: 'jsonl', file: job.file, firstLine: job.firstLine, rows: job.rows, bytes, mapping: job.mapping };
}

/**
 * The job id: a hash of the shard's content, its index in the input and the scorers' signatures (which carry every
 * option and the version). Resubmitting the same input finds the same ids — no new work, the stored results — while a
 * changed row, option or version is a new job. Equal content at the same index is the same work, whatever the file name.
 */
export function shardJobId(job: Pick<ShardJob, 'index' | 'signatures' | 'items' | 'jsonl'>): string {
  const h = createHash('sha256');
  h.update(`trenchcoat-shard/${SHARD_FORMAT}/${VERSION}\n${job.index}\n${job.signatures.join('\n')}\n`);
  const j = job.jsonl;
  if (j) {
    // lines are work only with where they came from: the file and line numbers appear in errors and default ids
    h.update(`jsonl\n${JSON.stringify([j.file, j.firstLine, j.rows, j.mapping, j.scoring])}\n`);
    h.update(j.base64);
  } else h.update(JSON.stringify(job.items));
  return `shard-${h.digest('hex').slice(0, 40)}`;
}

export function encodeShardResult(parts: readonly BatchPart[]): ShardResult {
  return {
    format: SHARD_FORMAT,
    stats: parts.map((p) => (p.stats ? Buffer.from(p.stats.buffer, p.stats.byteOffset, p.stats.byteLength).toString('base64') : null)),
    scores: parts.map((p) => (p.stats ? null : (p.scores ?? null))),
  };
}

export function encodeJsonlShardResult(outcome: JsonlShardOutcome, failed?: JsonlShardResultInfo['failed']): ShardResult {
  const info: JsonlShardResultInfo = { nrefs: outcome.nrefs, firstId: outcome.firstId, groups: outcome.groups, groupOf: Array.from(outcome.groupOf) };
  if (outcome.ids) info.ids = outcome.ids;
  if (failed) info.failed = failed;
  return { ...encodeShardResult(outcome.parts), jsonl: info };
}

function parseShardResult(raw: unknown, scorers: number): ShardResult {
  const r = (typeof raw === 'string' ? JSON.parse(raw) : raw) as ShardResult | null;
  if (r === null || typeof r !== 'object' || r.format !== SHARD_FORMAT || !Array.isArray(r.stats) || !Array.isArray(r.scores)) {
    throw new Error(`a worker returned a shard result this submitter cannot read (format ${r?.format}, expected ${SHARD_FORMAT}): is every worker on trenchcoat ${VERSION}?`);
  }
  // a failed JSONL shard carries no parts: its failure is what the merge reports
  if (r.stats.length !== scorers && !r.jsonl?.failed) throw new Error(`a worker returned a shard result this submitter cannot read (results for ${r.stats.length} scorers, expected ${scorers}): is every worker on trenchcoat ${VERSION}?`);
  return r;
}

/** A JSONL shard's result as the outcome the merge reads (its error still serialised: `deserializeError` it). */
export function decodeJsonlShardResult(raw: unknown, scorers: number): Omit<JsonlShardOutcome, 'failed'> & { failed?: JsonlShardResultInfo['failed'] } {
  const r = parseShardResult(raw, scorers);
  const j = r.jsonl;
  if (!j) throw new Error('a worker returned an item shard result for a JSONL shard');
  const parts = j.failed ? [] : partsOf(r, j.groupOf.length);
  return { rows: j.groupOf.length, nrefs: j.nrefs, firstId: j.firstId, groups: j.groups, groupOf: Uint32Array.from(j.groupOf), parts, ids: j.ids, failed: j.failed };
}

export function decodeShardResult(raw: unknown, scorers: number, items: number): BatchPart[] {
  const r = parseShardResult(raw, scorers);
  if (r.stats.length !== scorers) throw new Error(`a worker returned a shard result this submitter cannot read (results for ${r.stats.length} scorers, expected ${scorers}): is every worker on trenchcoat ${VERSION}?`);
  return partsOf(r, items);
}

function partsOf(r: ShardResult, items: number): BatchPart[] {
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
