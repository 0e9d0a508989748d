// `probe lc` results: AlpacaEval's length-controlled win rate per model — from upstream's saved GLM weights (one
// number per model), or from our own GLM fit of annotation files (the plain win rate next to the length-controlled
// one, which is the picture AlpacaEval's length-control plots show: how far controlling for length moves a model).
import type { Figure } from './chart.js';
import { bandHeight, finite, num, type JsonNumber, type Section } from './section.js';

/** `probe lc --weights … --difficulty …`: upstream's formula, one row per model. */
export interface LcPredictedRow {
  model: string;
  length_controlled_winrate: JsonNumber;
}

/** `probe lc -a annotations.json …`: our fit, one row per file. */
export interface LcFittedRow {
  file: string;
  model: string | null;
  winRate: JsonNumber;
  lcWinRate: JsonNumber;
  weights: { length: JsonNumber; difficulty: JsonNumber; notGamed: JsonNumber };
  C: JsonNumber;
  n: number;
  deltaLengthStd?: JsonNumber;
}

export type LcJson = (LcPredictedRow | LcFittedRow)[];

const CHART_ROWS = 40;

const isFitted = (r: LcPredictedRow | LcFittedRow): r is LcFittedRow => 'lcWinRate' in r;

/** The row label: the model, or the file when the annotations do not name one (or two files name the same). */
function labels(rows: LcJson): string[] {
  const names = rows.map((r) => (isFitted(r) ? (r.model ?? r.file) : r.model));
  return names.map((n, k) => (names.indexOf(n) !== k || names.lastIndexOf(n) !== k ? `${n} (${(rows[k] as LcFittedRow).file ?? k + 1})` : n));
}

export function lengthControlledSection(rows: LcJson): Section {
  const fitted = rows.length > 0 && rows.every(isFitted);
  const names = labels(rows);
  const y = { field: 'model', type: 'nominal', sort: names, title: 'model', axis: { labelLimit: 360 } };
  const chance = { data: { values: [{ x: 50 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#888' }, encoding: { x: { field: 'x', type: 'quantitative' } } };
  const x = { type: 'quantitative', title: 'win rate against the baseline (%)', scale: { domain: [0, 100] } };
  let figure: Figure;
  if (fitted) {
    const fr = rows as LcFittedRow[];
    const points = fr.flatMap((r, k) => [
      { model: names[k], measure: 'win rate', value: finite(num(r.winRate)) },
      { model: names[k], measure: 'length-controlled (our fit)', value: finite(num(r.lcWinRate)) },
    ]);
    const ends = fr.map((r, k) => ({ model: names[k], from: finite(num(r.winRate)), to: finite(num(r.lcWinRate)) }));
    figure = {
      title: 'Win rate and length-controlled win rate',
      caption:
        'Each row is a model (one annotation file): its plain win rate against the baseline and the length-controlled win rate of our GLM fit (AlpacaEval 2.0 method: the win rate the GLM predicts with the length difference set to zero). ' +
        'The grey bar joins the two: its length is how far controlling for output length moves the model (to the left: part of its wins came from longer outputs). The dashed line at 50% is parity with the baseline. Our fit approximates the published column (no gamed-baseline rows; difficulty estimated from the files given).',
      spec: {
        width: 520,
        height: bandHeight(fr.length, 30),
        layer: [
          chance,
          { data: { values: ends }, mark: { type: 'rule', strokeWidth: 3, color: '#bab0ac' }, encoding: { y, x: { field: 'from', ...x }, x2: { field: 'to' } } },
          {
            data: { values: points },
            mark: { type: 'point', filled: true, size: 80 },
            encoding: { y, x: { field: 'value', ...x }, color: { field: 'measure', type: 'nominal', sort: ['win rate', 'length-controlled (our fit)'], title: null, legend: { orient: 'bottom' } }, shape: { field: 'measure', type: 'nominal', sort: ['win rate', 'length-controlled (our fit)'], title: null } },
          },
        ],
      },
      table: {
        columns: [{ label: 'model' }, { label: 'file' }, { label: 'annotations', digits: 0 }, { label: 'win rate (%)', digits: 2 }, { label: 'LC win rate (%)', digits: 2 }, { label: 'w_len', digits: 4 }, { label: 'w_diff', digits: 4 }, { label: 'w_gamed', digits: 4 }, { label: 'C', digits: 4 }],
        rows: fr.map((r, k) => [names[k], r.file, r.n, num(r.winRate), num(r.lcWinRate), num(r.weights.length), num(r.weights.difficulty), num(r.weights.notGamed), num(r.C)]),
      },
    };
  } else {
    const pr = rows as LcPredictedRow[];
    // a weights file holds ~200 models: the chart shows the CHART_ROWS best (the table under it keeps every row)
    const ranked = pr.map((r, k) => ({ model: names[k], value: finite(num(r.length_controlled_winrate)) })).sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity));
    const shown = ranked.slice(0, CHART_ROWS);
    const yRanked = { ...y, sort: shown.map((s) => s.model) };
    figure = {
      title: 'Length-controlled win rate',
      caption:
        "Each row is a model, highest first: AlpacaEval 2.0's length-controlled win rate against the baseline, from upstream's saved GLM weights and instruction difficulties (the published formula). The dashed line at 50% is parity with the baseline; the baseline itself scores exactly 50." +
        (shown.length < pr.length ? ` Shown: the ${shown.length} highest of ${pr.length} models (pick models with -m); the table has every one.` : ''),
      spec: {
        width: 520,
        height: bandHeight(shown.length, 20),
        // the parity line on top of the bars, not hidden behind them
        layer: [{ data: { values: shown }, mark: { type: 'bar', color: '#4e79a7' }, encoding: { y: yRanked, x: { field: 'value', ...x } } }, chance],
      },
      table: { columns: [{ label: 'model' }, { label: 'LC win rate (%)', digits: 2 }], rows: pr.map((r, k) => [names[k], num(r.length_controlled_winrate)]) },
    };
  }
  return {
    title: fitted ? 'Length-controlled win rate (our GLM fit of annotations)' : 'Length-controlled win rate (AlpacaEval 2.0 weights)',
    summary: [fitted ? `${rows.length} annotation file${rows.length === 1 ? '' : 's'}, ${(rows as LcFittedRow[]).reduce((s, r) => s + r.n, 0)} annotations` : `${rows.length} model${rows.length === 1 ? '' : 's'} from the weights file`],
    blocks: [{ figure }],
    signatures: [],
    seed: null,
  };
}
