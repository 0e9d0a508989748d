// A worker thread of the CPU pool: builds the same scorers from the same spec strings as the main thread and scores
// the items it is sent. Same code, same inputs: the numbers are the ones the main thread would compute.
import { parentPort, workerData } from 'node:worker_threads';
import { createScorer } from '../scorers/registry.js';
import '../scorers/builtin.js';
import { ScorerInputError, type Scorer, type SyncScorer } from '../scorers/contract.js';
import { packScores } from './score-transfer.js';
import { lowerThreadPriority } from './thread-priority.js';

const specs: string[] = workerData.specs;
const nice: number | undefined = workerData.nice > 0 ? lowerThreadPriority(workerData.nice) : undefined;
const scorers: Scorer[] = specs.map((s) => createScorer(s));

parentPort?.on('message', (msg: { id: number; k: number; items: never[] }) => {
  try {
    const packed = packScores((scorers[msg.k] as SyncScorer).scoreSync(msg.items));
    parentPort?.postMessage({ id: msg.id, packed }, 'values' in packed ? [packed.values.buffer as ArrayBuffer] : []);
  } catch (err) {
    const e = err as Error;
    parentPort?.postMessage({
      id: msg.id,
      error: { name: e.name, message: e.message, itemId: (e as ScorerInputError).itemId, field: (e as ScorerInputError).field },
    });
  }
});
parentPort?.postMessage({ ready: true, nice });
