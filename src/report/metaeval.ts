// meta-eval results: per-measure charts with CI whiskers and significance-cluster shading, RM accuracy next to
// tie-aware accuracy, reliability diagrams with ECE/Brier, metric-vs-human scatter at system level.
import type { Figure } from './chart.js';
import { bandHeight, finite, num, type Block, type JsonNumber, type Section } from './section.js';

interface Row {
  scorer: string;
  signature: string;
  measure: string;
  value: JsonNumber;
  ci?: { lower: JsonNumber; upper: JsonNumber };
  cluster?: number;
  n: number;
  extra?: Record<string, JsonNumber>;
  reliability?: { lower: number; upper: number; count: number; meanConfidence: JsonNumber; accuracy: JsonNumber }[];
}

interface Table {
  measure: string;
  level: 'seg' | 'sys' | 'pairs' | 'lists';
  grouping: string | null;
  group?: string;
  better: 'higher' | 'lower';
  rows: Row[];
}

export interface MetaEvalJson {
  version: string;
  seed: number;
  data: { shape: string; gold: string; group?: string; systems?: number; items?: number; rated?: number; pairs?: number; lists?: number; pairsFrom?: string }[];
  scorers: { spec: string; signature: string; direction: string }[];
  bootstrap: { resamples: number; confidence: number; unit: string } | null;
  significance: { method: string; resamples: number; alpha: number; correction: string } | null;
  tables: Table[];
  systemScores?: { gold: string; group?: string; systems: string[]; goldScores: JsonNumber[]; scores: { scorer: string; values: JsonNumber[] }[] }[];
  notes: string[];
}

const LEVEL = { seg: 'segment level', sys: 'system level', pairs: 'preference pairs', lists: 'candidate lists' } as const;
const PAIR_ACCURACY = ['accuracy', 'accuracy-half', 'acc23-tc'];

function tableTitle(t: Table): string {
  return [t.measure, LEVEL[t.level], t.grouping ? `grouped by ${t.grouping}` : '', t.group ?? ''].filter(Boolean).join(' · ');
}

function ciLabel(r: MetaEvalJson): string {
  return r.bootstrap ? `${Math.round(r.bootstrap.confidence * 100)}% CI` : 'CI';
}

function measureFigure(report: MetaEvalJson, t: Table): Figure {
  const clusters = report.significance !== null && t.rows.some((r) => r.cluster !== undefined);
  const values = t.rows.map((r) => ({
    scorer: r.scorer,
    value: finite(num(r.value)),
    lower: finite(num(r.ci?.lower ?? null)),
    upper: finite(num(r.ci?.upper ?? null)),
    cluster: r.cluster === undefined ? 'none' : `cluster ${r.cluster}`,
  }));
  const order = t.rows.map((r) => r.scorer);
  const y = { field: 'scorer', type: 'nominal', sort: order, title: 'scorer' };
  // one legend for the cluster colours (the shading layer repeats the same scale without a legend of its own)
  const colour = clusters
    ? { field: 'cluster', type: 'ordinal', title: 'significance', scale: { scheme: 'tableau10' }, legend: { title: 'significance', symbolType: 'circle', symbolOpacity: 1 } }
    : { value: '#4e79a7' };
  const layers: Record<string, unknown>[] = [];
  // the shading spans the whole row (no x encoding), so it never stretches the value axis
  if (clusters) layers.push({ mark: { type: 'rect', opacity: 0.14 }, encoding: { y, color: colour } });
  if (report.bootstrap) layers.push({ mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' }, color: colour } });
  layers.push({ mark: { type: 'point', size: 70 }, encoding: { y, x: { field: 'value', type: 'quantitative', title: `${t.measure} (${t.better} is better)`, scale: { zero: false } }, color: colour } });
  const dataN = report.data.find((d) => (d.group ?? '') === (t.group ?? '')) ?? report.data[0];
  return {
    title: tableTitle(t),
    caption:
      `Each row is a scorer, best first; the dot is its ${t.measure} against ${dataN?.gold ?? 'the gold'}` +
      (report.bootstrap ? `, the whisker its ${ciLabel(report)} from ${report.bootstrap.resamples} bootstrap resamples of ${report.bootstrap.unit}` : '') +
      (clusters
        ? `. Rows shaded alike share a significance cluster (${report.significance!.method}, α ${report.significance!.alpha}, ${report.significance!.correction === 'holm' ? 'Holm-adjusted' : 'unadjusted'}): scorers in one cluster are not significantly different; cluster 1 is the best.`
        : '. No significance test was run, so overlapping whiskers are the only hint of which differences are real.'),
    spec: { width: 520, height: bandHeight(t.rows.length), data: { values }, layer: layers },
    table: {
      columns: [{ label: 'scorer' }, { label: t.measure, digits: 4 }, { label: `${ciLabel(report)} lower`, digits: 4 }, { label: `${ciLabel(report)} upper`, digits: 4 }, { label: 'cluster', digits: 0 }, { label: 'n', digits: 0 }, ...extraColumns(t).map((k) => ({ label: k, digits: extraDigits(t, k) }))],
      rows: t.rows.map((r) => [r.scorer, num(r.value), r.ci ? num(r.ci.lower) : null, r.ci ? num(r.ci.upper) : null, r.cluster ?? null, r.n, ...extraColumns(t).map((k) => num(r.extra?.[k] ?? null))]),
    },
  };
}

function extraColumns(t: Table): string[] {
  return [...new Set(t.rows.flatMap((r) => Object.keys(r.extra ?? {})))];
}

// extras that are measures (shares, thresholds, rates); the others are counts (correct, ties, wins, agree, pairs, …)
const MEASURE_EXTRAS = new Set(['epsilon', 'temperature', 'firstPositionBias', 'secondPositionBias', 'standardError', 'discreteWinRate']);

/** Decimals of an extra column: a measure's 4, or 0 for a count — unless some row holds a fraction. */
function extraDigits(t: Table, k: string): number {
  if (MEASURE_EXTRAS.has(k)) return 4;
  return t.rows.every((r) => { const v = num(r.extra?.[k] ?? null); return !Number.isFinite(v) || Number.isInteger(v); }) ? 0 : 4;
}

/** accuracy, accuracy-half and acc23-tc of the same pairs side by side per scorer. */
function pairAccuracyFigure(report: MetaEvalJson, tables: Table[]): Figure {
  const measures = PAIR_ACCURACY.filter((m) => tables.some((t) => t.measure === m));
  const scorers = report.scorers.map((s) => s.spec);
  const rows = scorers.flatMap((scorer) =>
    measures.map((m) => {
      const r = tables.find((t) => t.measure === m)?.rows.find((x) => x.scorer === scorer);
      return { scorer, measure: m, value: num(r?.value ?? null), lower: r?.ci ? num(r.ci.lower) : NaN, upper: r?.ci ? num(r.ci.upper) : NaN, epsilon: num(r?.extra?.epsilon ?? null) };
    }),
  );
  const values = rows.map((r) => ({ scorer: r.scorer, measure: r.measure, value: finite(r.value), lower: finite(r.lower), upper: finite(r.upper) }));
  const y = { field: 'scorer', type: 'nominal', sort: scorers, title: 'scorer' };
  const yOffset = { field: 'measure', type: 'nominal', sort: measures };
  const color = { field: 'measure', type: 'nominal', sort: measures, title: 'measure' };
  const group = tables[0].group;
  return {
    title: `Reward-model accuracy next to tie-aware accuracy${group ? ` · ${group}` : ''}`,
    caption:
      'For each scorer: accuracy (RewardBench: strict >, gold ties left out), accuracy-half (½ credit when the scorer ties) and acc23-tc ' +
      '(gold ties kept; the scorer predicts a tie when its margin is within a calibrated ε). A scorer that looks good only on the first ' +
      'measure is winning on pairs without ties and losing on the ties humans saw.' +
      (report.bootstrap ? ` Whiskers: ${ciLabel(report)}.` : ''),
    spec: {
      width: 520,
      height: { step: 12 },
      data: { values },
      layer: [
        { mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, yOffset, x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' }, color } },
        { mark: { type: 'point', size: 60 }, encoding: { y, yOffset, x: { field: 'value', type: 'quantitative', title: 'accuracy (higher is better)', scale: { zero: false } }, color } },
      ],
    },
    table: {
      columns: [{ label: 'scorer' }, { label: 'measure' }, { label: 'value', digits: 4 }, { label: `${ciLabel(report)} lower`, digits: 4 }, { label: `${ciLabel(report)} upper`, digits: 4 }, { label: 'ε (acc23-tc)', digits: 4 }],
      rows: rows.map((r) => [r.scorer, r.measure, r.value, r.lower, r.upper, r.measure === 'acc23-tc' ? r.epsilon : null]),
    },
  };
}

/** One reliability diagram per scorer: observed frequency of "a preferred" against the mean forecast per bin. */
function reliabilityFigure(report: MetaEvalJson, ece: Table, brier: Table | undefined): Figure {
  const brierOf = (s: string) => brier?.rows.find((r) => r.scorer === s);
  const label = (r: Row) => {
    const b = brierOf(r.scorer);
    return `${r.scorer}\nECE ${num(r.value).toFixed(3)}${b ? ` · Brier ${num(b.value).toFixed(3)}` : ''}`;
  };
  const rows = ece.rows.flatMap((r) => (r.reliability ?? []).map((bin) => ({ panel: label(r), scorer: r.scorer, ...bin })));
  const values = rows.filter((b) => b.count > 0).map((b) => ({ panel: b.panel, confidence: finite(num(b.meanConfidence)), frequency: finite(num(b.accuracy)), count: b.count }));
  // a facet draws a panel only for a scorer with data: one without any non-empty bin is named in the caption
  const drawn = new Set(values.map((v) => v.panel));
  const panels = ece.rows.map(label).filter((p) => drawn.has(p));
  const undrawn = ece.rows.filter((r) => !drawn.has(label(r))).map((r) => r.scorer);
  return {
    title: `Reliability diagrams${ece.group ? ` · ${ece.group}` : ''}`,
    caption:
      'Per scorer, pairs are binned by the forecast P(a ≻ b) = σ(Δ/T) (10 equal-width bins; T fitted by 2-fold cross-fitting); each dot is a bin ' +
      'at its mean forecast (x) and the share of pairs where a was preferred (y), its size the number of pairs. On the diagonal the ' +
      'forecasts mean what they say; below it the scorer is over-confident in a. ECE is the pair-weighted mean vertical gap; Brier the mean squared error.' +
      (undrawn.length ? ` No panel for ${undrawn.join(', ')}: no bin with a pair (see the table).` : ''),
    // One facet (one compiled subplot repeated per scorer) costs a third of a concat of independent views; the
    // axes are resolved per cell so a grid with an empty last cell has no stray axis under it. The diagonal is a
    // rule drawn from constants (a facet's layers share its data), once per bin row: identical strokes on top of
    // each other.
    spec: {
      data: { values },
      columns: Math.min(3, panels.length),
      facet: { field: 'panel', type: 'nominal', sort: panels, title: null, header: { labelExpr: "split(datum.value, '\\n')", labelFontSize: 12 } },
      spec: {
        width: 200,
        height: 200,
        layer: [
          { mark: { type: 'rule', strokeDash: [4, 4], color: '#888' }, encoding: { x: { datum: 0 }, y: { datum: 0 }, x2: { datum: 1 }, y2: { datum: 1 } } },
          { mark: { type: 'line', color: '#4e79a7', opacity: 0.6 }, encoding: { x: { field: 'confidence', type: 'quantitative' }, y: { field: 'frequency', type: 'quantitative' } } },
          {
            mark: { type: 'point', color: '#4e79a7', filled: true, opacity: 0.85 },
            encoding: {
              x: { field: 'confidence', type: 'quantitative', title: 'mean forecast P(a ≻ b)', scale: { domain: [0, 1] } },
              y: { field: 'frequency', type: 'quantitative', title: 'observed share a ≻ b', scale: { domain: [0, 1] } },
              size: { field: 'count', type: 'quantitative', title: 'pairs in bin', scale: { range: [12, 360] }, legend: { orient: 'bottom' } },
            },
          },
        ],
      },
      resolve: { axis: { x: 'independent', y: 'independent' } },
    },
    table: {
      columns: [{ label: 'scorer' }, { label: 'bin lower', digits: 2 }, { label: 'bin upper', digits: 2 }, { label: 'pairs', digits: 0 }, { label: 'mean forecast', digits: 4 }, { label: 'observed share', digits: 4 }],
      rows: rows.map((b) => [b.scorer, b.lower, b.upper, b.count, num(b.meanConfidence), num(b.accuracy)]),
    },
  };
}

function systemScatter(st: NonNullable<MetaEvalJson['systemScores']>[number]): Figure {
  const rows = st.scores.flatMap((s) => st.systems.map((system, k) => ({ scorer: s.scorer, system, gold: num(st.goldScores[k]), metric: num(s.values[k]) })));
  const values = rows.map((r) => ({ ...r, gold: finite(r.gold), metric: finite(r.metric) })).filter((r) => r.gold !== null && r.metric !== null);
  return {
    title: `Metric vs human, system level · gold ${st.gold}${st.group ? ` · ${st.group}` : ''}`,
    caption: `One panel per scorer; each dot is a system at its human (${st.gold}) score (x) and the scorer's system score (y). A scorer that ranks systems as humans do puts the dots on a rising line (falling for lower-is-better scorers such as TER). Each panel has its own y scale.`,
    spec: {
      data: { values },
      facet: { field: 'scorer', type: 'nominal', sort: st.scores.map((s) => s.scorer), title: null },
      columns: Math.min(3, st.scores.length),
      spec: {
        width: 200,
        height: 170,
        mark: { type: 'point', filled: true, size: 50 },
        encoding: {
          x: { field: 'gold', type: 'quantitative', title: `human ${st.gold}`, scale: { zero: false } },
          y: { field: 'metric', type: 'quantitative', title: 'scorer', scale: { zero: false } },
          color: { value: '#4e79a7' },
          description: { field: 'system' },
        },
      },
      resolve: { scale: { y: 'independent' } },
    },
    tooltips: true,
    table: { columns: [{ label: 'scorer' }, { label: 'system' }, { label: `human ${st.gold}`, digits: 4 }, { label: 'scorer value', digits: 4 }], rows: rows.map((r) => [r.scorer, r.system, r.gold, r.metric]) },
  };
}

export function metaEvalSection(report: MetaEvalJson): Section {
  const blocks: Block[] = [];
  const groups = [...new Set(report.tables.map((t) => `${t.level}\u0000${t.group ?? ''}`))];
  for (const g of groups) {
    const ts = report.tables.filter((t) => `${t.level}\u0000${t.group ?? ''}` === g);
    const pairAcc = ts.filter((t) => t.level === 'pairs' && PAIR_ACCURACY.includes(t.measure));
    if (pairAcc.length >= 2) blocks.push({ figure: pairAccuracyFigure(report, pairAcc) });
    for (const t of ts) if (!(pairAcc.length >= 2 && pairAcc.includes(t))) blocks.push({ figure: measureFigure(report, t) });
    const ece = ts.find((t) => t.measure === 'ece' && t.rows.some((r) => r.reliability?.length));
    if (ece) blocks.push({ figure: reliabilityFigure(report, ece, ts.find((t) => t.measure === 'brier')) });
  }
  for (const st of report.systemScores ?? []) blocks.push({ figure: systemScatter(st) });
  const summary = report.data.map((d) =>
    `gold ${d.gold}${d.group !== undefined ? ` [${d.group}]` : ''}: ` +
    (d.shape === 'pairs' ? `${d.pairs} preference pairs${d.pairsFrom ? ` (${d.pairsFrom})` : ''}` : d.shape === 'lists' ? `${d.lists} candidate lists` : `${d.systems} systems × ${d.items} items, ${d.rated} rated`),
  );
  if (report.bootstrap) summary.push(`bootstrap: ${report.bootstrap.resamples} resamples of ${report.bootstrap.unit}, ${ciLabel(report)}`);
  if (report.significance) summary.push(`significance: ${report.significance.method}, ${report.significance.resamples} resamples, α ${report.significance.alpha}, ${report.significance.correction}`);
  return {
    title: 'Meta-evaluation: scorers against human judgments',
    summary,
    blocks,
    signatures: report.scorers.map((s) => ({ name: s.spec, signature: s.signature })),
    seed: String(report.seed),
    notes: report.notes,
  };
}
