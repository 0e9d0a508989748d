// `probe self-pref` results: how often a judge prefers outputs of its own model family — the own-family win rate
// with its bootstrap CI, and the judge's win rate per generator (own family coloured apart), next to a reference
// judge's where the data has one.
import type { Figure } from './chart.js';
import { bandHeight, finite, num, type JsonNumber, type Section } from './section.js';

interface Interval {
  lower: JsonNumber;
  upper: JsonNumber;
  level?: number;
  resamples?: number;
  seed?: number;
}

export interface SelfPrefJson {
  judgeFamily: string;
  ownPairs: number;
  ownWinRate: JsonNumber;
  ownWinRateInterval: Interval;
  referencedPairs: number;
  referenceWinRate: JsonNumber;
  selfPreference: JsonNumber;
  selfPreferenceInterval?: Interval;
  generators: { generator: string; family?: string; pairs: number; judgeWinRate: JsonNumber; referenceWinRate: JsonNumber }[];
}

export function selfPreferenceSection(r: SelfPrefJson): Section {
  const level = r.ownWinRateInterval.level;
  const ci = level !== undefined ? `${Math.round(level * 100)}% CI` : 'CI';
  const own = `own family (${r.judgeFamily})`;
  const group = (g: SelfPrefJson['generators'][number]) => (g.family === r.judgeFamily ? own : 'other');
  const withReference = r.generators.some((g) => Number.isFinite(num(g.referenceWinRate)));
  const gens = r.generators.map((g) => g.generator);
  const y = { field: 'generator', type: 'nominal', sort: gens, title: 'generator', axis: { labelLimit: 360 } };
  const x = { type: 'quantitative', title: 'share of its pairs the judge gives it', scale: { domain: [0, 1] } };
  const bars = r.generators.map((g) => ({ generator: g.generator, group: group(g), judge: finite(num(g.judgeWinRate)), reference: finite(num(g.referenceWinRate)) }));
  const perGenerator: Figure = {
    title: `Judge win rate per generator (judge family ${r.judgeFamily})`,
    caption:
      `Each bar is a generator: the share of its pairs (½ for a tie) the judge decided in its favour, coloured by whether it is of the judge's own family. ` +
      (withReference ? 'The black tick is the reference judge on the same pairs: a bar past its tick is credit the judge gives beyond the reference. ' : 'There is no reference judgment in the data, so a high own-family bar mixes self-preference with real quality differences. ') +
      'The dashed line at 0.5 is an even split.',
    spec: {
      width: 520,
      height: bandHeight(gens.length, 26),
      data: { values: bars },
      layer: [
        { mark: { type: 'bar' }, encoding: { y, x: { field: 'judge', ...x }, color: { field: 'group', type: 'nominal', sort: [own, 'other'], title: null, scale: { domain: [own, 'other'], range: ['#e15759', '#4e79a7'] }, legend: { orient: 'bottom' } } } },
        ...(withReference ? [{ mark: { type: 'tick', color: '#111111', thickness: 2 }, encoding: { y, x: { field: 'reference', type: 'quantitative' } } }] : []),
        { data: { values: [{ x: 0.5 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#888' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      ],
    },
    table: {
      columns: [{ label: 'generator' }, { label: 'family' }, { label: 'pairs', digits: 0 }, { label: 'judge win rate', digits: 4 }, { label: 'reference win rate', digits: 4 }],
      rows: r.generators.map((g) => [g.generator, g.family ?? '—', g.pairs, num(g.judgeWinRate), num(g.referenceWinRate)]),
    },
  };
  const measures = [
    { measure: 'own-family win rate (judge)', value: num(r.ownWinRate), lower: num(r.ownWinRateInterval.lower), upper: num(r.ownWinRateInterval.upper), pairs: r.ownPairs },
    { measure: 'own-family win rate (reference)', value: num(r.referenceWinRate), lower: NaN, upper: NaN, pairs: r.referencedPairs },
    { measure: 'self-preference (judge − reference)', value: num(r.selfPreference), lower: num(r.selfPreferenceInterval?.lower ?? null), upper: num(r.selfPreferenceInterval?.upper ?? null), pairs: r.referencedPairs },
  ];
  return {
    title: `Self-preference of a ${r.judgeFamily} judge`,
    summary: [
      `${r.ownPairs} pairs with exactly one ${r.judgeFamily} output; ${r.referencedPairs} of them with a reference judgment`,
      `own-family win rate ${Number.isFinite(num(r.ownWinRate)) ? num(r.ownWinRate).toFixed(4) : '—'} (${ci} ${fmt(r.ownWinRateInterval.lower)} to ${fmt(r.ownWinRateInterval.upper)})`,
    ],
    blocks: [
      { heading: 'Own-family win rate and self-preference', caption: `${ci} from a bootstrap over pairs${r.ownWinRateInterval.resamples ? ` (${r.ownWinRateInterval.resamples} resamples)` : ''}; a dash where the data has no reference judgment.`, table: { columns: [{ label: 'measure' }, { label: 'value', digits: 4 }, { label: `${ci} lower`, digits: 4 }, { label: `${ci} upper`, digits: 4 }, { label: 'pairs', digits: 0 }], rows: measures.map((m) => [m.measure, m.value, m.lower, m.upper, m.pairs]) } },
      { figure: perGenerator },
    ],
    signatures: [],
    seed: r.ownWinRateInterval.seed === undefined ? null : String(r.ownWinRateInterval.seed),
  };
}

function fmt(v: JsonNumber): string {
  const x = num(v);
  return Number.isFinite(x) ? x.toFixed(4) : '—';
}
