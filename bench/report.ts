// Report rendering: the demo page (its two meta-evaluations and the hackability probe, saved as
// test/fixtures/report/demo-parts.json) rendered in this process. The bar is < 1 s for the demo data. There is
// no reference renderer to compare against, so the row shows the first render of the process (vega's code not yet
// optimised by the JIT, what `trenchcoat report` pays once) next to the best of R warm renders, and which figures
// cost most. Run alone: npx tsx bench/run.ts report
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderReport, renderSvg, sectionFor, type ReportPart } from '../src/report/index.js';
import { REPO_ROOT } from './harness.js';

const DEMO_PARTS = path.join(REPO_ROOT, 'test/fixtures/report/demo-parts.json');

export async function benchReport(repeats: number): Promise<void> {
  const parts = JSON.parse(readFileSync(DEMO_PARTS, 'utf8')) as ReportPart[];
  const provenance = { argv: ['demo'], source: 'bench', dataHashes: [], computedAt: 'bench', renderedAt: 'bench' };
  const t0 = process.hrtime.bigint();
  const html = await renderReport(parts, provenance);
  const first = Number(process.hrtime.bigint() - t0) / 1e9;
  let best = Infinity;
  for (let r = 0; r < Math.max(1, repeats); r++) {
    const t = process.hrtime.bigint();
    await renderReport(parts, provenance);
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e9);
  }
  const figures = parts.flatMap((p) => sectionFor(p.kind!, p.result).blocks.flatMap((b) => ('figure' in b ? [b.figure] : [])));
  console.log('\n## report rendering (demo page: 2 meta-evaluations + hackability probe; no reference renderer)');
  console.log(['task', 'figures', 'page bytes', 'first render s', `best of ${Math.max(1, repeats)} warm s`, 'bar'].join('\t'));
  console.log(['demo report', figures.length, html.length, first.toFixed(4), best.toFixed(4), best < 1 ? '< 1 s: ok' : '≥ 1 s: TOO SLOW'].join('\t'));
  console.log(['figure', 'svg bytes', `best of ${Math.max(1, repeats)} s`].join('\t'));
  for (const f of figures) {
    let fb = Infinity;
    let bytes = 0;
    for (let r = 0; r < Math.max(1, repeats); r++) {
      const t = process.hrtime.bigint();
      bytes = (await renderSvg(f.spec, f.tooltips)).length;
      fb = Math.min(fb, Number(process.hrtime.bigint() - t) / 1e9);
    }
    console.log([f.title, bytes, fb.toFixed(4)].join('\t'));
  }
}
