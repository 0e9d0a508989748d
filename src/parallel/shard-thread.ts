// A worker thread of `--threads N`: builds the scorers from the spec strings the main thread sent (same code, same
// options: the signatures are checked on start) and scores each shard it receives with `scoreBatchParts`, the function
// a single-process run uses. Statistics rows go back as transferred buffers (no copy).
import { parentPort, workerData } from 'node:worker_threads';
import { createScorer } from '../scorers/registry.js';
import '../scorers/builtin.js';
import type { Item } from '../scorers/contract.js';
import { scoreBatchParts } from '../scoring.js';
import { serializeError } from './shard-errors.js';

const specs: string[] = workerData.specs;
const scorers = specs.map((s) => createScorer(s));

parentPort?.on('message', (msg: { id: number; items: Item[] }) => {
  scoreBatchParts(msg.items, scorers).then(
    (parts) => {
      const transfer = parts.flatMap((p) => (p.stats ? [p.stats.buffer as ArrayBuffer] : []));
      parentPort?.postMessage({ id: msg.id, parts }, transfer);
    },
    (err: unknown) => parentPort?.postMessage({ id: msg.id, error: serializeError(err) }),
  );
});
parentPort?.postMessage({ ready: true, signatures: scorers.map((s) => s.signature({ nrefs: 1 })) });
