// Scoring as a library call: items × scorers → segment scores and corpus scores (optionally per group, e.g. per system).
// `trenchcoat score` is a thin shell over `runScorers`.
import { countReferences, type Item, type Score, type Scorer } from './scorers/contract.js';

export type ScoreLevel = 'corpus' | 'segment';

export interface RunScorersOptions {
  level: ScoreLevel;
  /** Meta field to group corpus scores by (e.g. `system`): one corpus score per distinct value, in first-seen order. */
  groupBy?: string;
  /** Items per scorer call: bounds memory and drives progress for segment scoring. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface CorpusResult {
  group: string | null;
  n: number;
  score: Score;
}

export interface ScorerRun {
  spec: string;
  signature: string;
  direction: Scorer['direction'];
  corpus: CorpusResult[];
  /** Present when level is `segment`: one score per input item, in input order. */
  segments?: Score[];
}

export interface ScoreRunResult {
  items: number;
  runs: ScorerRun[];
}

export function groupItems(items: readonly Item[], field: string): Map<string, Item[]> {
  const groups = new Map<string, Item[]>();
  for (const it of items) {
    const v = it.meta?.[field];
    if (v === undefined || v === null) throw new Error(`item ${it.id} has no "${field}" to group by`);
    const key = String(v);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(it);
  }
  return groups;
}

export async function runScorers(items: readonly Item[], scorers: readonly Scorer[], opts: RunScorersOptions): Promise<ScoreRunResult> {
  const nrefs = items.some((i) => i.references) ? countReferences(items) : 0;
  const total = scorers.length * items.length * (opts.level === 'segment' ? 2 : 1);
  let done = 0;
  const tick = (n: number) => {
    done += n;
    opts.onProgress?.(done, total);
  };
  const runs: ScorerRun[] = [];
  for (const scorer of scorers) {
    const run: ScorerRun = { spec: scorer.spec(), signature: scorer.signature({ nrefs }), direction: scorer.direction, corpus: [] };
    const groups = opts.groupBy ? groupItems(items, opts.groupBy) : new Map([[null as string | null, items as Item[]]]);
    for (const [group, groupItemsList] of groups) {
      run.corpus.push({ group, n: groupItemsList.length, score: await scorer.corpusScore(groupItemsList) });
      tick(groupItemsList.length);
    }
    if (opts.level === 'segment') {
      const batch = opts.batchSize ?? 1000;
      const segs: Score[] = [];
      for (let i = 0; i < items.length; i += batch) {
        const part = items.slice(i, i + batch);
        for (const s of await scorer.score(part)) segs.push(s);
        tick(part.length);
      }
      run.segments = segs;
    }
    runs.push(run);
  }
  return { items: items.length, runs };
}
