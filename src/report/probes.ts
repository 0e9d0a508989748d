// probe results: length bias (accuracy by chosen longer / shorter / similar, score vs length), position bias
// (consistent / first / second), and the hackability heatmap (scorers × perturbations).
import type { Figure } from './chart.js';
import { bandHeight, finite, num, type Block, type JsonNumber, type Section } from './section.js';
import { count, type Cell } from './table.js';

interface Interval {
  lower: JsonNumber;
  upper: JsonNumber;
  level?: number;
  resamples?: number;
  seed?: number;
}

export interface LengthPairsJson {
  pairs: number;
  decisive: number;
  buckets: { longer: number; shorter: number; similar: number };
  tolerance: { relative: number; chars: number };
  baselines: { preferLonger: JsonNumber; preferShorter: JsonNumber; equalLength: number };
  scorer?: {
    accuracy: JsonNumber;
    abstained: number;
    byBucket: Record<'longer' | 'shorter' | 'similar', { n: number; credit: number; accuracy: JsonNumber }>;
    lengthMatched: JsonNumber;
    lengthBalanced: JsonNumber;
    prefersLonger: JsonNumber;
  };
  spec?: string;
  signature?: string;
}

export interface LengthItemsJson {
  spearman: JsonNumber;
  kendall: JsonNumber;
  items: number;
  skipped: number;
  spec: string;
  signature: string;
  points?: { group: string; length: number; score: JsonNumber }[];
  pointsTotal?: number;
}

export interface PositionJson {
  n: number;
  consistency: JsonNumber;
  firstPositionBias: JsonNumber;
  secondPositionBias: JsonNumber;
  accuracyInconsistentHalf: JsonNumber;
  accuracyInconsistentWrong: JsonNumber;
  intervals: Record<string, Interval>;
  spec: string | null;
}

export interface HackJson {
  spec: string;
  signature: string;
  seed: number;
  epsilon: JsonNumber;
  hackMargin: number;
  items: number;
  outcomes: { perturbation: string; kind: 'degrading' | 'preserving'; applicable: number; scored: number; rate: JsonNumber; interval: Interval; meanImprovement: JsonNumber; exceeded: boolean }[];
  violations: string[];
  failed: boolean;
}

const BUCKETS = ['longer', 'shorter', 'similar'] as const;

export function lengthPairsSection(r: LengthPairsJson): Section {
  const blocks: Block[] = [];
  const rows = BUCKETS.map((b) => ({ bucket: `chosen ${b}`, pairs: r.buckets[b], scored: r.scorer?.byBucket[b].n ?? null, accuracy: r.scorer ? num(r.scorer.byBucket[b].accuracy) : NaN }));
  const share = (x: number) => (r.decisive ? x / r.decisive : NaN);
  const composition: Figure = {
    title: 'Which output humans preferred, by length',
    caption: `Of the ${r.decisive} decisive pairs, the share where the preferred output is longer, shorter, or of similar length (|Δ| ≤ max(${r.tolerance.chars} characters, ${r.tolerance.relative} × the longer one)). A data set where "longer" dominates rewards verbosity: the baseline "prefer the longer output" scores ${num(r.baselines.preferLonger).toFixed(4)} on it.`,
    spec: {
      width: 520,
      height: bandHeight(3),
      data: { values: rows.map((x) => ({ bucket: x.bucket, share: finite(share(x.pairs)) })) },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'bucket', type: 'nominal', sort: rows.map((x) => x.bucket), title: 'preferred output' },
        x: { field: 'share', type: 'quantitative', title: 'share of decisive pairs', scale: { domain: [0, 1] } },
        color: { value: '#4e79a7' },
      },
    },
    table: {
      columns: [{ label: 'bucket' }, { label: 'pairs', digits: 0 }, { label: 'share', digits: 4 }],
      rows: [...rows.map((x) => [x.bucket, x.pairs, share(x.pairs)]), ['baseline: prefer longer (accuracy)', null, num(r.baselines.preferLonger)], ['baseline: prefer shorter (accuracy)', null, num(r.baselines.preferShorter)]],
    },
  };
  blocks.push({ figure: composition });
  if (r.scorer) {
    const s = r.scorer;
    const acc = [
      ...rows.map((x) => ({ subset: x.bucket, n: x.scored, accuracy: x.accuracy })),
      { subset: 'all decisive', n: r.decisive - s.abstained, accuracy: num(s.accuracy) },
      { subset: 'length-balanced', n: null, accuracy: num(s.lengthBalanced) },
    ];
    blocks.push({
      figure: {
        title: `Accuracy of ${r.spec ?? 'the scorer'} by length bucket`,
        caption: `Accuracy (1 right, ½ for a predicted tie) on the pairs where the human-preferred output is longer, shorter or of similar length. A scorer that leans on length is right on "chosen longer" and wrong on "chosen shorter"; the dashed line at 0.5 is chance. "length-balanced" is the mean of the longer and shorter buckets (exactly 0.5 for a pure length heuristic). It picks the longer output in ${num(s.prefersLonger).toFixed(4)} of its decisions.`,
        spec: {
          width: 520,
          height: bandHeight(acc.length),
          data: { values: acc.map((a) => ({ subset: a.subset, accuracy: finite(a.accuracy) })) },
          layer: [
            { mark: { type: 'bar' }, encoding: { y: { field: 'subset', type: 'nominal', sort: acc.map((a) => a.subset), title: 'pairs' }, x: { field: 'accuracy', type: 'quantitative', title: 'accuracy', scale: { domain: [0, 1] } }, color: { value: '#59a14f' } } },
            { data: { values: [{ x: 0.5 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#888' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
          ],
        },
        table: { columns: [{ label: 'pairs' }, { label: 'n', digits: 0 }, { label: 'accuracy', digits: 4 }], rows: acc.map((a) => [a.subset, a.n, a.accuracy]) },
      },
    });
  }
  return {
    title: 'Length bias on preference pairs',
    summary: [`${r.pairs} pairs, ${r.decisive} decisive; chosen longer ${r.buckets.longer}, shorter ${r.buckets.shorter}, similar ${r.buckets.similar}`],
    blocks,
    signatures: r.signature ? [{ name: r.spec ?? 'scorer', signature: r.signature }] : [],
    seed: null,
  };
}

export function lengthItemsSection(r: LengthItemsJson): Section {
  const blocks: Block[] = [];
  const table = {
    columns: [{ label: 'measure' }, { label: 'value', digits: 4 }],
    rows: [
      ['mean within-item Spearman ρ (score, length)', num(r.spearman)],
      ['mean within-item Kendall τ-b (score, length)', num(r.kendall)],
      ['items with a defined correlation', count(r.items)],
      ['items left out (undefined)', count(r.skipped)],
    ] as [string, Cell][],
  };
  if (r.points?.length) {
    const pts = r.points.map((p) => ({ group: p.group, length: p.length, score: finite(num(p.score)) })).filter((p) => p.score !== null);
    blocks.push({
      figure: {
        title: `Score vs length · ${r.spec}`,
        caption: `Each dot is one output: its length in characters (x, log scale) and its score (y). Within an item (outputs for the same prompt) a rising pattern means the scorer prefers longer outputs: the mean within-item Spearman ρ is ${num(r.spearman).toFixed(4)} and Kendall τ-b ${num(r.kendall).toFixed(4)} over ${r.items} items.` +
          (r.pointsTotal !== undefined && r.pointsTotal > r.points.length ? ` Shown: ${r.points.length} of ${r.pointsTotal} outputs (an even stride through the input).` : ''),
        spec: {
          width: 520,
          height: 280,
          data: { values: pts },
          mark: { type: 'point', filled: true, opacity: 0.55, size: 30 },
          encoding: {
            x: { field: 'length', type: 'quantitative', title: 'output length (characters)', scale: { type: 'log' } },
            y: { field: 'score', type: 'quantitative', title: `score (${r.spec})`, scale: { zero: false } },
            color: { value: '#4e79a7' },
          },
        },
        table: { columns: [{ label: 'item' }, { label: 'length', digits: 0 }, { label: 'score', digits: 4 }], rows: r.points.map((p) => [p.group, p.length, num(p.score)]) },
      },
    });
  }
  blocks.push({ heading: 'Within-item rank correlation of score with length', table });
  return { title: `Length bias of ${r.spec} on items`, summary: [`${r.items} items with a defined correlation, ${r.skipped} left out`], blocks, signatures: [{ name: r.spec, signature: r.signature }], seed: null };
}

const POSITION_MEASURES = [
  ['consistency', 'same winner in both orders'],
  ['firstPositionBias', 'picked the first slot both times'],
  ['secondPositionBias', 'picked the second slot both times'],
  ['accuracyInconsistentHalf', 'accuracy, inconsistent = ½'],
  ['accuracyInconsistentWrong', 'accuracy, inconsistent = wrong'],
] as const;

export function positionSection(r: PositionJson): Section {
  const rows = POSITION_MEASURES.map(([key, label]) => ({ key, label, value: num(r[key]), lower: num(r.intervals[key]?.lower ?? null), upper: num(r.intervals[key]?.upper ?? null) }));
  const level = r.intervals.consistency?.level;
  const ci = level !== undefined ? `${Math.round(level * 100)}% CI` : 'CI';
  const seed = r.intervals.consistency?.seed;
  const y = { field: 'label', type: 'nominal', sort: rows.map((x) => x.label), title: null };
  const figure: Figure = {
    title: 'Position bias: the judge run in both orders',
    caption: `Each pair was judged twice, once with each output first. The first three bars split the ${r.n} pairs: the same winner both times (consistent), the first slot both times, or the second slot both times; a judge without position bias has the last two near zero and equal. The accuracy rows count an inconsistent pair as ½ or as wrong. Whiskers: ${ci} from a bootstrap over pairs.`,
    spec: {
      width: 520,
      height: bandHeight(rows.length, 28),
      data: { values: rows.map((x) => ({ label: x.label, value: finite(x.value), lower: finite(x.lower), upper: finite(x.upper) })) },
      layer: [
        { mark: { type: 'bar', color: '#76b7b2' }, encoding: { y, x: { field: 'value', type: 'quantitative', title: 'share of pairs', scale: { domain: [0, 1] } } } },
        { mark: { type: 'rule', strokeWidth: 2, color: '#333' }, encoding: { y, x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' } } },
      ],
    },
    table: { columns: [{ label: 'measure' }, { label: 'value', digits: 4 }, { label: `${ci} lower`, digits: 4 }, { label: `${ci} upper`, digits: 4 }], rows: rows.map((x) => [x.label, x.value, x.lower, x.upper]) },
  };
  return {
    title: `Position bias${r.spec ? ` of ${r.spec}` : ''}`,
    summary: [`${r.n} pairs with a gold winner, judged in both orders`],
    blocks: [{ figure }],
    signatures: r.spec ? [{ name: 'judge', signature: r.spec }] : [],
    seed: seed === undefined ? null : String(seed),
  };
}

export function hackSection(reports: HackJson[]): Section {
  const blocks: Block[] = [];
  for (const kind of ['degrading', 'preserving'] as const) {
    const cells = reports.flatMap((r) =>
      r.outcomes.filter((o) => o.kind === kind).map((o) => ({ scorer: r.spec, perturbation: o.perturbation, rate: num(o.rate), lower: num(o.interval.lower), upper: num(o.interval.upper), n: o.scored, meanImprovement: num(o.meanImprovement), exceeded: o.exceeded })),
    );
    if (cells.length === 0) continue;
    const what = kind === 'degrading' ? 'hack rate' : 'instability';
    const perts = [...new Set(cells.map((c) => c.perturbation))];
    const scorers = reports.map((r) => r.spec);
    const level = reports[0].outcomes[0]?.interval.level;
    const ci = level !== undefined ? `${Math.round(level * 100)}% CI` : 'CI';
    const values = cells.map((c) => ({
      scorer: c.scorer,
      perturbation: c.perturbation,
      rate: finite(c.rate),
      label: Number.isFinite(c.rate) ? c.rate.toFixed(2) : '—',
      tip: `${c.scorer} × ${c.perturbation}: ${what} ${Number.isFinite(c.rate) ? c.rate.toFixed(3) : '—'}, ${ci} [${Number.isFinite(c.lower) ? c.lower.toFixed(3) : '—'}, ${Number.isFinite(c.upper) ? c.upper.toFixed(3) : '—'}], n ${c.n}`,
    }));
    const x = { field: 'perturbation', type: 'nominal', sort: perts, title: 'perturbation', axis: { labelAngle: -30, labelAlign: 'right' } };
    const y = { field: 'scorer', type: 'nominal', sort: scorers, title: 'scorer' };
    blocks.push({
      figure: {
        title: `Hackability heatmap: ${what}`,
        caption:
          kind === 'degrading'
            ? `Each cell is a scorer (row) under a perturbation that makes the output worse (column); its colour and number are the hack rate, the share of outputs whose score went UP. Dark cells are how a policy optimised against the scorer would cheat. Hover a cell for its ${ci}; the table has them all.`
            : `Each cell is a scorer under a meaning-preserving perturbation; colour and number are the instability, the share of outputs whose score moved by more than ε. Hover a cell for its ${ci}.`,
        spec: {
          width: Math.max(240, perts.length * 90),
          height: bandHeight(scorers.length, 34),
          data: { values },
          layer: [
            { mark: { type: 'rect' }, encoding: { x, y, color: { field: 'rate', type: 'quantitative', title: what, scale: { domain: [0, 1], scheme: 'oranges' } }, description: { field: 'tip' } } },
            { mark: { type: 'text', fontSize: 11 }, encoding: { x, y, text: { field: 'label' }, color: { condition: { test: 'datum.rate > 0.5', value: '#ffffff' }, value: '#111111' } } },
          ],
        },
        tooltips: true,
        table: {
          columns: [{ label: 'scorer' }, { label: 'perturbation' }, { label: what, digits: 4 }, { label: `${ci} lower`, digits: 4 }, { label: `${ci} upper`, digits: 4 }, { label: 'n', digits: 0 }, { label: 'mean Δ (better +)', digits: 4 }, { label: 'over threshold' }],
          rows: cells.map((c) => [c.scorer, c.perturbation, c.rate, c.lower, c.upper, c.n, c.meanImprovement, c.exceeded ? 'FAIL' : '']),
        },
      },
    });
  }
  const seeds = [...new Set(reports.map((r) => r.seed))];
  return {
    title: 'Perturbation hackability',
    summary: reports.map((r) => `${r.spec}: ${r.items} items, ε ${num(r.epsilon).toPrecision(3)}, hack margin ${r.hackMargin}${r.failed ? ` — FAILED: ${r.violations.join('; ')}` : ''}`),
    blocks,
    signatures: reports.map((r) => ({ name: r.spec, signature: r.signature })),
    seed: seeds.join(', '),
  };
}
