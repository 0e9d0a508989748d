// Remote judge and reward-model clients against a local server with a fixed 20 ms service time and C = 8 slots (more
// requests queue, like an inference server's batch slots). The server's limit is C / latency requests per second
// (× batch size items for batched RM requests); with enough client concurrency the client should reach it — latency
// hidden by overlap — while concurrency 1 is bound to 1 / latency. The "reference" column is the limit's time.
// Client concurrency equal to the server's slots leaves each slot idle for one network round trip per request;
// a client concurrency above the slots (2C here) keeps the server's queue non-empty and reaches the limit. The
// server runs in a child process (its own event loop), as a real inference server would. Node timers fire ~1 ms
// late, so the fake server's real service time is ~21 ms: ~95% of the nominal limit is the ceiling.
// Run alone: `npx tsx bench/remote.ts [repeats]`, or from `npm run bench` once registered in bench/run.ts.
import { pathToFileURL } from 'node:url';
import type { Item } from '../src/scorers/contract.js';
import { createRemoteScorer } from '../src/scorers/model/index.js';
import { startFakeServerProcess } from '../test/helpers/fake-servers.js';
import { bestTimeAsync, printRows, type BenchRow } from './harness.js';

const LATENCY_MS = 20;
const SLOTS = 8;

function makeItems(n: number, tag: string): Item[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${tag}${i}`, prompt: `Question ${tag}${i}: what is ${i} + ${i}?`, output: `It is ${2 * i}.` }));
}

interface Case {
  task: string;
  spec: (url: string) => string;
  items: number;
  /** Items per request. */
  perRequest: number;
  /** Client concurrency. */
  concurrency: number;
}

export async function benchRemote(repeats: number): Promise<BenchRow[]> {
  const server = await startFakeServerProcess({ latencyMs: LATENCY_MS, maxConcurrent: SLOTS });
  const rows: BenchRow[] = [];
  try {
    const C2 = 2 * SLOTS;
    const cases: Case[] = [
      { task: 'judge pointwise, concurrency 1', spec: (u) => `judge:model=m,url=${u}/v1,concurrency=1`, items: 50, perRequest: 1, concurrency: 1 },
      { task: `judge pointwise, concurrency ${SLOTS}`, spec: (u) => `judge:model=m,url=${u}/v1,concurrency=${SLOTS}`, items: 400, perRequest: 1, concurrency: SLOTS },
      { task: `judge pointwise, concurrency ${C2}`, spec: (u) => `judge:model=m,url=${u}/v1,concurrency=${C2}`, items: 400, perRequest: 1, concurrency: C2 },
      { task: `judge pairwise 2 orders, conc. ${C2}`, spec: (u) => `judge:model=m,url=${u}/v1,mode=pairwise,concurrency=${C2}`, items: 200, perRequest: 0.5, concurrency: C2 },
      { task: `rm vllm-classify messages, conc. ${C2}`, spec: (u) => `rm:model=m,url=${u},api=vllm-classify,concurrency=${C2}`, items: 400, perRequest: 1, concurrency: C2 },
      { task: 'rm openrlhf batch 16, concurrency 1', spec: (u) => `rm:model=m,url=${u},api=openrlhf,batch-size=16,concurrency=1`, items: 800, perRequest: 16, concurrency: 1 },
      { task: `rm openrlhf batch 16, conc. ${SLOTS}`, spec: (u) => `rm:model=m,url=${u},api=openrlhf,batch-size=16,concurrency=${SLOTS}`, items: 6400, perRequest: 16, concurrency: SLOTS },
      { task: `rm openrlhf batch 16, conc. ${C2}`, spec: (u) => `rm:model=m,url=${u},api=openrlhf,batch-size=16,concurrency=${C2}`, items: 6400, perRequest: 16, concurrency: C2 },
    ];
    for (const c of cases) {
      let round = 0;
      const { seconds } = await bestTimeAsync(async () => {
        // fresh texts every round so nothing is answered from any cache, and a fresh scorer (fresh budget/counters)
        const scorer = createRemoteScorer(c.spec(server.url));
        const tag = `${c.task.length}-${round++}-`;
        if (scorer.mode === 'pairwise') {
          const items = makeItems(c.items, tag);
          const pairs = items.map((it) => ({ prompt: it.prompt as string, a: it.output, b: `${it.output} (checked)` }));
          const out = await (scorer as unknown as { comparePairs: (p: typeof pairs) => Promise<unknown[]> }).comparePairs(pairs);
          if (out.length !== pairs.length) throw new Error('lost pairs');
        } else {
          const out = await scorer.score(makeItems(c.items, tag));
          if (out.some((s) => s.value === null)) throw new Error(`${c.task}: a request failed`);
        }
      }, repeats);
      // the limit: min(client, server) concurrency requests every LATENCY_MS, each carrying perRequest items
      const limitItemsPerSecond = (Math.min(c.concurrency, SLOTS) * c.perRequest * 1000) / LATENCY_MS;
      const limitSeconds = c.items / limitItemsPerSecond;
      const share = limitSeconds / seconds;
      rows.push({
        task: c.task,
        items: c.items,
        ours: seconds,
        reference: limitSeconds,
        note: `limit ${limitItemsPerSecond.toFixed(0)} items/s; reached ${(share * 100).toFixed(1)}%${share >= 0.9 ? '' : ' (< 90%)'}`,
      });
    }
  } finally {
    await server.close();
  }
  printRows(`remote judge / RM clients vs a ${LATENCY_MS} ms, ${SLOTS}-slot local server`, 'server limit', rows);
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchRemote(Number(process.argv[2] ?? 3));
}
