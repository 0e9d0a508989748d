// Lexical metrics side by side with sacreBLEU 2.6.0: all WMT21 en-de systems against reference A (the fixture slice of 4
// systems when ../shared is absent). Corpus BLEU (13a and intl tokenizers), chrF, chrF++, TER and sentence-level chrF and BLEU;
// then chrF's first pass in a fresh process (`first-pass`, shared data only).
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createScorer } from '../src/scorers/registry.js';
import '../src/scorers/builtin.js';
import type { Item, StatisticsScorer } from '../src/scorers/contract.js';
import { pyRstrip } from '../src/scorers/lexical/text.js';
import { BatchStatistics } from '../src/scorers/joint-statistics.js';
import { sumStatistics } from '../src/scorers/contract.js';
import { gunzipSync } from 'node:zlib';
import { BENCH_DIR, REPO_ROOT, SHARED, hasShared, maxAbsDiff, printRows, runPython, type BenchRow } from './harness.js';
import { median } from './process-timing.js';

/**
 * Best wall time and best CPU time over `repeats` runs. On a shared, oversubscribed machine the wall-clock ratio swings
 * with the load while each side's CPU time does not, so the table reports both ratios.
 */
function bestTimes<T>(fn: () => T, repeats: number): { seconds: number; cpuSeconds: number; out: T } {
  let seconds = Infinity;
  let cpuSeconds = Infinity;
  let out!: T;
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    out = fn();
    seconds = Math.min(seconds, Number(process.hrtime.bigint() - t0) / 1e9);
    const c = process.cpuUsage(c0);
    cpuSeconds = Math.min(cpuSeconds, (c.user + c.system) / 1e6);
  }
  return { seconds, cpuSeconds, out };
}

function lines(p: string): string[] {
  const buf = readFileSync(p);
  const text = (p.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
  const out = text.split('\n');
  if (out[out.length - 1] === '') out.pop();
  return out.map(pyRstrip);
}

function dataset(): { systems: [string, string][]; refs: string[]; source: string } {
  if (hasShared()) {
    const dir = path.join(SHARED, 'data/wmt21-news-systems/txt');
    const systems = readdirSync(path.join(dir, 'system-outputs'))
      .filter((f) => f.startsWith('newstest2021.en-de.hyp.'))
      .sort()
      .map((f) => [f.split('.')[3], path.join(dir, 'system-outputs', f)] as [string, string]);
    return { systems, refs: [path.join(dir, 'references/newstest2021.en-de.ref.A.de')], source: 'shared WMT21 en-de (all systems)' };
  }
  const fx = path.join(REPO_ROOT, 'test/fixtures/wmt21');
  const names = ['Facebook-AI', 'VolcTrans-AT', 'eTranslation', 'Online-W'];
  return {
    systems: names.map((n) => [n, path.join(fx, `newstest2021.en-de.hyp.${n}.de.gz`)] as [string, string]),
    refs: [path.join(fx, 'newstest2021.en-de.ref.A.de.gz')],
    source: 'fixture slice (4 en-de systems)',
  };
}

export async function benchLexical(repeats: number): Promise<BenchRow[]> {
  const data = dataset();
  const refLines = data.refs.map(lines);
  const sysItems: Item[][] = data.systems.map(([name, p]) => lines(p).map((h, i) => ({ id: `${name}:${i + 1}`, output: h, references: refLines.map((r) => r[i]) })));
  const total = sysItems.reduce((a, s) => a + s.length, 0);
  const tasks: [string, string, 'corpus' | 'sentence'][] = [
    ['bleu', 'bleu', 'corpus'],
    ['bleu-intl', 'bleu:tokenize=intl', 'corpus'],
    ['chrf', 'chrf', 'corpus'],
    ['chrf++', 'chrf++', 'corpus'],
    ['ter', 'ter', 'corpus'],
    ['sentence-chrf', 'chrf', 'sentence'],
    ['sentence-bleu', 'bleu:eff=true', 'sentence'],
  ];
  // BENCH_LEXICAL_TASKS=bleu,chrf,… runs only those rows (sacreBLEU's TER alone takes minutes on a loaded machine)
  const only = process.env.BENCH_LEXICAL_TASKS?.split(',');
  if (only) for (let k = tasks.length - 1; k >= 0; k--) if (!only.includes(tasks[k][0])) tasks.splice(k, 1);
  const joint = !only || only.includes('chrf+chrf++');
  const firstPass = (!only || only.includes('first-pass')) && hasShared();
  // (an empty task list would make sacrebleu_bench.py run every task)
  if (tasks.length === 0 && !joint) return firstPass ? benchChrfFirstPass(Math.max(5, 2 * repeats + 1)) : [];
  const ours = new Map<string, { seconds: number; cpuSeconds: number; scores: number[] }>();
  for (const [task, spec, level] of tasks) {
    const scorer = createScorer(spec) as StatisticsScorer;
    const run = () =>
      level === 'corpus'
        ? sysItems.map((items) => scorer.corpusScoreSync(items).value as number)
        : sysItems.flatMap((items) => scorer.scoreSync(items).map((s) => s.value as number));
    run(); // warm-up (JIT)
    const { seconds, cpuSeconds, out } = bestTimes(run, repeats);
    ours.set(task, { seconds, cpuSeconds, scores: out });
  }
  // chrF and chrF++ requested together (`score -s chrf -s chrf++`): one pass over character n-grams, as scoring.ts
  // does; compared with sacreBLEU's chrF time plus its chrF++ time, since sacreBLEU computes them separately.
  if (joint) {
    const pair = [createScorer('chrf'), createScorer('chrf++')] as StatisticsScorer[];
    const run = () =>
      sysItems.flatMap((items) => {
        const joint = new BatchStatistics(items, pair);
        return pair.map((s, k) => s.scoreFromStatistics(sumStatistics(joint.statisticsOf(k), s.statisticsWidth)).value as number);
      });
    run();
    const { seconds, cpuSeconds, out } = bestTimes(run, repeats);
    ours.set('chrf+chrf++', { seconds, cpuSeconds, scores: out });
  }
  // sacreBLEU jobs are heavy: one repeat for the slow tasks keeps the bench under a few minutes.
  const pyTasks = only && [...new Set(tasks.map(([t]) => t).concat(joint ? ['chrf', 'chrf++'] : []))];
  const py = runPython(path.join(BENCH_DIR, 'reference/sacrebleu_bench.py'), { systems: data.systems, refs: data.refs, repeats: 1, tasks: pyTasks });
  const gz = data.systems.some(([, p]) => p.endsWith('.gz'));
  const rows: BenchRow[] = [];
  for (const [task] of tasks) {
    const o = ours.get(task)!;
    const row: BenchRow = { task, items: total, ours: o.seconds };
    if (task === 'chrf+chrf++') continue;
    if (py.ok && !gz) {
      const r = py.result.tasks[task];
      row.reference = r.seconds;
      row.maxAbsDiff = maxAbsDiff(o.scores, (r.scores as number[] | number[][]).flat());
      row.note = cpuNote(o.cpuSeconds, r.cpu_seconds);
    } else row.note = py.ok ? 'reference needs the plain-text shared data' : `sacreBLEU not run: ${py.reason}`;
    rows.push(row);
  }
  if (joint) {
    const o = ours.get('chrf+chrf++')!;
    const row: BenchRow = { task: 'chrf+chrf++', items: total, ours: o.seconds };
    if (py.ok && !gz) {
      const { chrf, 'chrf++': pp } = py.result.tasks;
      row.reference = chrf.seconds + pp.seconds;
      row.note = cpuNote(o.cpuSeconds, chrf.cpu_seconds + pp.cpu_seconds);
      row.maxAbsDiff = maxAbsDiff(o.scores, (chrf.scores as number[]).flatMap((x, i) => [x, (pp.scores as number[])[i]]));
    }
    rows.push(row);
  }
  printRows(`lexical metrics — ${data.source}, ref A, ${total} segments (best of ${repeats}; sacreBLEU ${py.ok ? py.result.version : 'n/a'}, 1 run)`, 'sacreBLEU', rows);
  if (firstPass) rows.push(...benchChrfFirstPass(Math.max(5, 2 * repeats + 1)));
  return rows;
}

/**
 * chrF's FIRST statistics pass in a fresh process (what one `trenchcoat score` run pays, before V8 has optimised the
 * scorer) against sacreBLEU's first corpus_score in a fresh process, on one WMT21 system; `rounds` interleaved rounds,
 * medians. The note gives CPU medians [min–max]: the process's (with V8's background compiler and GC) and, on Linux,
 * the main thread's, which a loaded machine disturbs least.
 */
function benchChrfFirstPass(rounds: number): BenchRow[] {
  const dir = path.join(SHARED, 'data/wmt21-news-systems/txt');
  const hyp = path.join(dir, 'system-outputs/newstest2021.en-de.hyp.Facebook-AI.de');
  const ref = path.join(dir, 'references/newstest2021.en-de.ref.A.de');
  const items = readFileSync(hyp, 'utf8').split('\n').length - 1;
  const run = (argv: string[]) => {
    const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', cwd: REPO_ROOT });
    if (r.status !== 0) throw new Error(`${argv.join(' ')}: exit ${r.status}: ${(r.stderr || '').trim().split('\n').slice(-1)[0]}`);
    return JSON.parse(r.stdout) as { wall: number; cpu: number; main?: number | null; scores?: number[]; score?: number };
  };
  const ours = (mode: string) => [process.execPath, '--import', 'tsx', path.join(BENCH_DIR, 'chrf-first-pass.ts'), mode, hyp, ref];
  const sacre = (wordOrder: number) => [process.env.PYTHON ?? 'python3', path.join(BENCH_DIR, 'reference/sacrebleu_chrf_first_pass.py'), String(wordOrder), hyp, ref];
  const jobs: Record<string, string[]> = { chrf: ours('chrf'), 'chrf++': ours('chrf++'), 'chrf+chrf++': ours('chrf+chrf++'), 'sacre chrf': sacre(0), 'sacre chrf++': sacre(2) };
  const runs: Record<string, ReturnType<typeof run>[]> = {};
  try {
    for (let k = 0; k < rounds; k++) for (const [name, argv] of Object.entries(jobs)) (runs[name] ??= []).push(run(argv));
  } catch (e) {
    console.log(`\nchrF first pass not run: ${(e as Error).message}`);
    return [];
  }
  const med = (name: string, f: 'wall' | 'cpu' | 'main') => median(runs[name].map((r) => r[f] ?? NaN));
  const span = (name: string, f: 'cpu' | 'main') => {
    const xs = runs[name].map((r) => r[f] ?? NaN);
    return `${med(name, f).toFixed(1)} [${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}]`;
  };
  const rows: BenchRow[] = [];
  for (const [task, refs] of [['chrf', ['sacre chrf']], ['chrf++', ['sacre chrf++']], ['chrf+chrf++', ['sacre chrf', 'sacre chrf++']]] as const) {
    const refCpu = refs.reduce((a, r) => a + med(r, 'cpu'), 0);
    const main = runs[task][0].main == null ? '' : `, main thread ${span(task, 'main')} ms`;
    rows.push({
      task: `first pass ${task}`,
      items,
      ours: med(task, 'wall') / 1000,
      reference: refs.reduce((a, r) => a + med(r, 'wall'), 0) / 1000,
      maxAbsDiff: maxAbsDiff(runs[task][0].scores!, refs.map((r) => runs[r][0].score!)),
      note: `cpu ${span(task, 'cpu')} ms${main} vs ${refCpu.toFixed(1)} ms: ${(refCpu / med(task, 'cpu')).toFixed(1)}x`,
    });
  }
  printRows(`chrF first pass in a fresh process — WMT21 en-de Facebook-AI, ref A (medians of ${rounds} interleaved rounds; sacreBLEU: first corpus_score)`, 'sacreBLEU', rows);
  return rows;
}

function cpuNote(ours: number, reference: number | undefined): string {
  return reference === undefined ? '' : `cpu ${ours.toFixed(4)} s vs ${reference.toFixed(4)} s: ${(reference / ours).toFixed(1)}x`;
}
