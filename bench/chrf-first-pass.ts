// Child process of bench/lexical.ts's first-pass rows: times the FIRST chrF statistics pass of a fresh process over one
// system (what `trenchcoat score` does once per run), before V8 has optimised anything. Prints one JSON line:
// wall ms, process CPU ms (every thread: also V8's background compiler and GC) and, on Linux, the main thread's CPU ms.
// Usage: node --import tsx bench/chrf-first-pass.ts chrf|chrf++|chrf+chrf++ HYP REF
import { readFileSync } from 'node:fs';
import { createScorer } from '../src/scorers/registry.js';
import '../src/scorers/builtin.js';
import { Chrf } from '../src/scorers/lexical/chrf.js';

const [mode, hypPath, refPath] = process.argv.slice(2);
const lines = (p: string) => readFileSync(p, 'utf8').split('\n').slice(0, -1);
const refs = lines(refPath);
const items = lines(hypPath).map((output, i) => ({ id: String(i + 1), output, references: [refs[i]] }));
const schedstat = `/proc/${process.pid}/task/${process.pid}/schedstat`;
// nanoseconds the main thread has run (Linux); -1 elsewhere
const mainThreadNs = () => {
  try {
    return Number(readFileSync(schedstat, 'utf8').split(' ')[0]);
  } catch {
    return -1;
  }
};
const scorers = mode === 'chrf+chrf++' ? [createScorer('chrf'), createScorer('chrf++')] : [createScorer(mode)];
const m0 = mainThreadNs();
const c0 = process.cpuUsage();
const t0 = performance.now();
const rows = scorers.length > 1 ? (scorers[0] as Chrf).jointSegmentStatistics(items, scorers as Chrf[]) : [(scorers[0] as Chrf).segmentStatistics(items)];
const wall = performance.now() - t0;
const c = process.cpuUsage(c0);
const m1 = mainThreadNs();
const scores = rows.map((r, k) => (scorers[k] as Chrf).corpusScoreSync(items).value);
console.log(JSON.stringify({ wall, cpu: (c.user + c.system) / 1000, main: m0 < 0 ? null : (m1 - m0) / 1e6, scores, rows: rows.length }));
