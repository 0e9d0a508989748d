// A worker thread of `--threads N`: builds the scorers from the spec strings the main thread sent (same code, same
// options: the signatures are checked on start) and scores each shard it receives with `scoreBatchParts`, the function
// a single-process run uses — item batches, or JSONL shards it reads itself (`scoreJsonlShard`: the main thread then
// only cut the bytes). Statistics rows go back as transferred buffers (no copy).
import { parentPort, workerData } from 'node:worker_threads';
import { createScorer } from '../scorers/registry.js';
import '../scorers/builtin.js';
import type { Item } from '../scorers/contract.js';
import type { JsonlShard } from '../data/jsonl-shards.js';
import { scoreBatchParts, scoreJsonlShard, type BatchPart, type JsonlShardScoring } from '../scoring.js';
import { serializeError } from './shard-errors.js';

const specs: string[] = workerData.specs;
const scorers = specs.map((s) => createScorer(s));

type ShardMessage = { id: number; items: Item[] } | { id: number; jsonl: JsonlShard; scoring: JsonlShardScoring };

const buffersOf = (parts: readonly BatchPart[]): ArrayBuffer[] => parts.flatMap((p) => (p.stats ? [p.stats.buffer as ArrayBuffer] : []));

parentPort?.on('message', (msg: ShardMessage) => {
  if ('jsonl' in msg) {
    scoreJsonlShard(msg.jsonl, scorers, msg.scoring).then(
      (outcome) => {
        const out = outcome.failed ? { ...outcome, failed: { stage: outcome.failed.stage, error: serializeError(outcome.failed.error) } } : outcome;
        parentPort?.postMessage({ id: msg.id, jsonl: out }, [...buffersOf(outcome.parts), outcome.groupOf.buffer as ArrayBuffer]);
      },
      (err: unknown) => parentPort?.postMessage({ id: msg.id, error: serializeError(err) }),
    );
    return;
  }
  scoreBatchParts(msg.items, scorers).then(
    (parts) => parentPort?.postMessage({ id: msg.id, parts }, buffersOf(parts)),
    (err: unknown) => parentPort?.postMessage({ id: msg.id, error: serializeError(err) }),
  );
});
parentPort?.postMessage({ ready: true, signatures: scorers.map((s) => s.signature({ nrefs: 1 })) });
