// TER on very long single lines: peak memory (maxRSS of a child process per size) and time, for lines of
// 1, 5 and 20 MB (override with TER_MEMORY_SIZES_MB=0.01,1,…) made by joining consecutive WMT21 en-de segments
// (Facebook-AI against reference A) into one hypothesis line and one reference line. A row with an empty pair
// gives the runner's own footprint (node + tsx + the scorer modules). sacreBLEU keeps a full-width distance row
// per hypothesis word and caches up to 10,000 of them, so it is run side by side only on a short line (0.005 MB,
// ~700 words; a 0.01 MB line takes it minutes): same edits required, its time and peak RSS against ours.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { BENCH_DIR, REPO_ROOT, SHARED, hasShared, type BenchRow } from './harness.js';

function lines(p: string): string[] {
  const buf = readFileSync(p);
  return (p.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8').split('\n').filter((l) => l.length > 0);
}

function sourceLines(): { hyp: string[]; ref: string[] } {
  const dir = hasShared() ? path.join(SHARED, 'data/wmt21-news-systems/txt') : path.join(REPO_ROOT, 'test/fixtures/wmt21');
  const gz = hasShared() ? '' : '.gz';
  const hyp = lines(path.join(dir, hasShared() ? 'system-outputs' : '', `newstest2021.en-de.hyp.Facebook-AI.de${gz}`));
  const ref = lines(path.join(dir, hasShared() ? 'references' : '', `newstest2021.en-de.ref.A.de${gz}`));
  return { hyp, ref: ref.slice(0, hyp.length) };
}

/** One hypothesis and one reference line of about `mb` MB (hypothesis bytes), segment by segment, cycling. */
function longPair(src: { hyp: string[]; ref: string[] }, mb: number): [string, string] {
  const target = mb * 1e6;
  const h: string[] = [];
  const r: string[] = [];
  let size = 0;
  for (let i = 0; size < target; i++) {
    const k = i % src.hyp.length;
    h.push(src.hyp[k]);
    r.push(src.ref[k]);
    size += Buffer.byteLength(src.hyp[k]) + 1;
  }
  return [h.join(' '), r.join(' ')];
}

function runChild(cmd: string, args: string[]): any {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${(r.stderr || '').trim().split('\n').slice(-1)[0]}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

export async function benchTerMemory(): Promise<BenchRow[]> {
  const sizes = (process.env.TER_MEMORY_SIZES_MB ?? '1,5,20').split(',').map(Number);
  const src = sourceLines();
  const dir = mkdtempSync(path.join(tmpdir(), 'tc-ter-memory-'));
  const ours = (hypPath: string, refPath: string) => runChild(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, 'ter-long-line.ts'), hypPath, refPath]);
  const rows: BenchRow[] = [];
  try {
    console.log('\n## TER on very long single lines — WMT21 en-de Facebook-AI vs ref A joined into one line (one child process per size)');
    console.log(['line', 'hyp words', 'ref words', 'edits', 'TER', 'trenchcoat s', 'peak RSS MB', 'sacreBLEU s', 'sacreBLEU peak RSS MB'].join('\t'));
    const write = (name: string, [h, r]: [string, string]) => {
      writeFileSync(path.join(dir, `${name}.hyp`), h + '\n');
      writeFileSync(path.join(dir, `${name}.ref`), r + '\n');
      return [path.join(dir, `${name}.hyp`), path.join(dir, `${name}.ref`)] as const;
    };
    const [eh, er] = write('empty', ['', '']);
    const base = ours(eh, er);
    console.log(['empty (runner footprint)', 0, 0, 0, '—', '—', base.maxRSSMB.toFixed(0), '—', '—'].join('\t'));
    // side by side with sacreBLEU on a line it can finish
    const [sh, sr] = write('short', longPair(src, 0.005));
    const o = ours(sh, sr);
    const py = spawnSync(process.env.PYTHON ?? 'python3', [path.join(BENCH_DIR, 'reference/ter_long_line.py'), sh, sr], { encoding: 'utf8' });
    const ref = py.status === 0 ? JSON.parse(py.stdout) : undefined;
    const words = (p: string) => readFileSync(p, 'utf8').split(/\s+/).filter(Boolean).length;
    if (ref && ref.num_edits !== o.details.num_edits) throw new Error(`TER 0.005 MB: edits ${o.details.num_edits} ≠ sacreBLEU ${ref.num_edits}`);
    console.log(
      ['0.005 MB', words(sh), words(sr), o.details.num_edits, o.ter.toFixed(4), o.seconds.toFixed(3), o.maxRSSMB.toFixed(0), ref ? ref.seconds.toFixed(3) : `not run: ${(py.stderr || '').trim().split('\n').pop()}`, ref ? ref.maxRSSMB.toFixed(0) : '—'].join('\t'),
    );
    rows.push({ task: 'ter-line-0.005MB', items: 1, ours: o.seconds, ...(ref ? { reference: ref.seconds, maxAbsDiff: Math.abs(ref.ter - o.ter) } : {}) });
    for (const mb of sizes) {
      const [hp, rp] = write(`l${mb}`, longPair(src, mb));
      const r = ours(hp, rp);
      console.log([`${mb} MB`, words(hp), words(rp), r.details.num_edits, r.ter.toFixed(4), r.seconds.toFixed(2), r.maxRSSMB.toFixed(0), '—', '—'].join('\t'));
      rows.push({ task: `ter-line-${mb}MB`, items: 1, ours: r.seconds, note: `peak RSS ${r.maxRSSMB.toFixed(0)} MB` });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTerMemory();
