// bon results: expected proxy and gold of the proxy-best of n, against n and against KL, the fitted gold curve,
// the Goodhart point, and an ensemble's members overlaid.
import type { Figure } from './chart.js';
import { finite, num, type Block, type JsonNumber, type Section } from './section.js';
import { count } from './table.js';

export interface BonJson {
  prompts: number;
  proxyName: string;
  goldName: string;
  n: number[];
  kl: number[];
  d: number[];
  proxy: JsonNumber[];
  gold: JsonNumber[];
  proxyGain: JsonNumber[];
  goldGain: JsonNumber[];
  standardizedGap: JsonNumber[];
  fit: { alpha: JsonNumber; beta: JsonNumber; rmse: JsonNumber; peak: { d: number; kl: number; n: number; gain: number } | null };
  fittedGold?: JsonNumber[];
  goodhart: { n: number; gold: JsonNumber };
  members?: { proxyName: string; n: number[]; proxy: JsonNumber[]; gold: JsonNumber[] }[];
}

interface Point {
  n: number;
  kl: number;
  series: string;
  value: number | null;
}

function curveFigure(r: BonJson, x: 'n' | 'kl'): Figure {
  const ensemble = r.members !== undefined;
  const series: Point[] = [];
  const add = (name: string, values: JsonNumber[] | undefined) => values?.forEach((v, k) => series.push({ n: r.n[k], kl: r.kl[k], series: name, value: finite(num(v)) }));
  add(`proxy: ${r.proxyName}`, r.proxy);
  add(`gold: ${r.goldName} (proxy-best of n)`, r.gold);
  add('gold, fitted d(α − βd)', r.fittedGold);
  for (const m of r.members ?? []) add(`gold when picked by ${m.proxyName} alone`, m.gold);
  const names = [...new Set(series.map((p) => p.series))];
  const xEnc = x === 'n' ? { field: 'n', type: 'quantitative', title: 'n (candidates per prompt, log scale)', scale: { type: 'log', base: 2 } } : { field: 'kl', type: 'quantitative', title: 'KL(best-of-n ‖ base) = log n − (n−1)/n (nats)' };
  const goodhartX = x === 'n' ? r.goodhart.n : r.kl[r.n.indexOf(r.goodhart.n)];
  const layers: Record<string, unknown>[] = [
    {
      mark: { type: 'line', point: true },
      encoding: {
        x: xEnc,
        y: { field: 'value', type: 'quantitative', title: 'expected score of the pick', scale: { zero: false } },
        color: { field: 'series', type: 'nominal', sort: names, title: null, legend: { orient: 'bottom', columns: 1 } },
        strokeDash: { field: 'series', type: 'nominal', sort: names, legend: null, scale: { range: names.map((s) => (s.startsWith('gold, fitted') ? [5, 4] : s.startsWith('gold when') ? [2, 2] : [1, 0])) } },
      },
    },
  ];
  if (goodhartX !== undefined) {
    layers.push({ data: { values: [{ x: goodhartX, label: `Goodhart point n = ${r.goodhart.n}` }] }, mark: { type: 'rule', color: '#e15759', strokeWidth: 1.5 }, encoding: { x: { field: 'x', type: 'quantitative' } } });
    layers.push({ data: { values: [{ x: goodhartX, label: `Goodhart n = ${r.goodhart.n}` }] }, mark: { type: 'text', color: '#e15759', align: 'left', dx: 4, dy: -6, baseline: 'top', y: 0 }, encoding: { x: { field: 'x', type: 'quantitative' }, text: { field: 'label' } } });
  }
  return {
    title: x === 'n' ? 'Best-of-n: proxy and gold score against n' : 'Best-of-n: proxy and gold score against KL',
    caption:
      `For n = 1…${r.n[r.n.length - 1]} over ${r.prompts} prompts: the expected proxy score (${r.proxyName}) and gold score (${r.goldName}) of the candidate the proxy ranks best among n. ` +
      'The proxy always rises; where gold stops rising the proxy is being over-optimised. The dashed line is the gold curve fitted as gain = d(α − βd), d = √KL (Gao et al. 2023); ' +
      `the red rule marks the Goodhart point, the n with the highest estimated gold.` +
      (ensemble ? ' Dotted lines: gold when each ensemble member alone picks.' : ''),
    spec: { width: 520, height: 280, data: { values: series }, layer: layers },
    table: {
      columns: [{ label: 'n', digits: 0 }, { label: 'KL', digits: 4 }, { label: 'series' }, { label: 'expected score', digits: 4 }],
      rows: series.map((p) => [p.n, p.kl, p.series, p.value]),
    },
  };
}

export function bonSection(r: BonJson): Section {
  const blocks: Block[] = [{ figure: curveFigure(r, 'n') }, { figure: curveFigure(r, 'kl') }];
  const f = r.fit;
  blocks.push({
    heading: 'Fit and Goodhart point',
    table: {
      columns: [{ label: 'quantity' }, { label: 'value', digits: 4 }],
      rows: [
        ['α (gold gain ≈ d(α − βd))', num(f.alpha)],
        ['β', num(f.beta)],
        ['rmse of the fit', num(f.rmse)],
        ['fitted peak d*', f.peak ? f.peak.d : null],
        ['fitted peak KL', f.peak ? f.peak.kl : null],
        ['fitted peak n', f.peak ? count(f.peak.n) : null],
        ['Goodhart point n (highest estimated gold)', count(r.goodhart.n)],
        ['gold at the Goodhart point', num(r.goodhart.gold)],
      ],
    },
  });
  blocks.push({
    heading: 'Per n',
    table: {
      columns: [{ label: 'n', digits: 0 }, { label: 'KL', digits: 4 }, { label: 'proxy', digits: 4 }, { label: 'gold', digits: 4 }, { label: 'gold gain', digits: 4 }, { label: 'gap (sd)', digits: 4 }],
      rows: r.n.map((n, k) => [n, r.kl[k], num(r.proxy[k]), num(r.gold[k]), num(r.goldGain[k]), num(r.standardizedGap[k])]),
    },
  });
  return {
    title: 'Best-of-n over-optimisation',
    summary: [`${r.prompts} prompts; proxy ${r.proxyName}; gold ${r.goldName}`, f.peak ? `the fitted gold gain peaks at n ≈ ${f.peak.n}` : 'the fitted gold gain does not turn down (β ≤ 0)'],
    blocks,
    signatures: [{ name: 'proxy', signature: r.proxyName }, ...(r.members ?? []).map((m) => ({ name: 'ensemble member', signature: m.proxyName })), { name: 'gold', signature: r.goldName }],
    seed: null,
  };
}
