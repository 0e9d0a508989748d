// `bon --rewardbench DIR` results: RewardBench's AlpacaEval best-of-16 — the judge win rate and length of each
// candidate index, each reward model's picks (exact win rate where every pick was judged, else the bounds the
// judged picks allow), and the gold curve of "pick the longest of n" with its Goodhart point.
import type { Figure } from './chart.js';
import { bandHeight, finite, num, type Block, type JsonNumber, type Section } from './section.js';

export interface RewardBenchBonJson {
  prompts: number;
  perIndex: { candidate: number; avg_length: number; win_rate: JsonNumber; n_wins: number | null }[];
  picks: {
    reward_model: string;
    avgLength: number;
    covered: number;
    row: { win_rate: JsonNumber; standard_error?: JsonNumber; n_wins: number; n_draws?: number; n_total?: number } | null;
    winRateBounds: [JsonNumber, JsonNumber];
    nWinsBounds: [number, number];
    coveredWinRate: JsonNumber;
  }[];
  lengthProxy: {
    n: number[];
    kl: number[];
    gold: JsonNumber[];
    fittedGold?: JsonNumber[];
    fit: { alpha: JsonNumber; beta: JsonNumber; rmse: JsonNumber; peak: { d: number; kl: number; n: number; gain: number } | null };
    goodhart: { n: number; gold: JsonNumber };
  };
}

export function rewardBenchBonSection(r: RewardBenchBonJson): Section {
  const judged = r.perIndex.filter((c) => Number.isFinite(num(c.win_rate)));
  const candidates: Figure = {
    title: 'Best-of-16 candidates: judge win rate against length',
    caption:
      `Each dot is one candidate index (the same sampling slot across all ${r.prompts} prompts), labelled with its index: the average length of its outputs (x) and its AlpacaEval win rate against gpt-3.5-turbo-0613 (y, GPT-4-turbo judge). ` +
      `${r.perIndex.length - judged.length} of the ${r.perIndex.length} indices have no judge annotations in the public data and are only in the table.`,
    spec: {
      width: 520,
      height: 260,
      data: { values: judged.map((c) => ({ candidate: String(c.candidate), length: c.avg_length, winRate: finite(num(c.win_rate)) })) },
      layer: [
        { mark: { type: 'point', filled: true, size: 60, color: '#4e79a7' }, encoding: { x: { field: 'length', type: 'quantitative', title: 'average output length (characters)', scale: { zero: false } }, y: { field: 'winRate', type: 'quantitative', title: 'judge win rate (%)', scale: { zero: false } } } },
        { name: 'fg_text', mark: { type: 'text', dx: 7, align: 'left', fontSize: 10 }, encoding: { x: { field: 'length', type: 'quantitative' }, y: { field: 'winRate', type: 'quantitative' }, text: { field: 'candidate' } } },
      ],
    },
    table: {
      columns: [{ label: 'candidate', digits: 0 }, { label: 'avg length', digits: 0 }, { label: 'win rate (%)', digits: 3 }, { label: 'n_wins', digits: 0 }],
      rows: r.perIndex.map((c) => [c.candidate, c.avg_length, num(c.win_rate), c.n_wins]),
    },
  };
  const rms = r.picks.map((p) => p.reward_model);
  const y = { field: 'rm', type: 'nominal', sort: rms, title: 'reward model', axis: { labelLimit: 360 } };
  const x = { type: 'quantitative', title: 'judge win rate of its picks (%)', scale: { domain: [0, 100] } };
  const meanCandidate = judged.length ? judged.reduce((s, c) => s + num(c.win_rate), 0) / judged.length : NaN;
  const pickValues = r.picks.map((p) => ({
    rm: p.reward_model,
    lower: finite(num(p.winRateBounds[0])),
    upper: finite(num(p.winRateBounds[1])),
    value: finite(num(p.row ? p.row.win_rate : p.coveredWinRate)),
    kind: p.row ? 'every pick judged: exact' : 'judged picks only',
  }));
  const picks: Figure = {
    title: "Reward models' best-of-16 picks",
    caption:
      'Each row is a reward model picking the best of the 16 candidates per prompt. Where the public data has a judgment for every pick the dot is the exact win rate; otherwise it is the win rate over the judged picks and the bar spans what the full win rate can be (unjudged picks all lost … all won). ' +
      (Number.isFinite(meanCandidate) ? `The dashed line is the mean win rate of a single judged candidate index (${meanCandidate.toFixed(2)}%), what a random pick would get.` : ''),
    spec: {
      width: 520,
      height: bandHeight(rms.length, 28),
      data: { values: pickValues },
      layer: [
        { mark: { type: 'rule', strokeWidth: 6, opacity: 0.35, color: '#4e79a7' }, encoding: { y, x: { field: 'lower', ...x }, x2: { field: 'upper' } } },
        { mark: { type: 'point', filled: true, size: 70 }, encoding: { y, x: { field: 'value', ...x }, shape: { field: 'kind', type: 'nominal', title: null, legend: { orient: 'bottom' } }, color: { field: 'kind', type: 'nominal', title: null, scale: { range: ['#e15759', '#4e79a7'] }, legend: { orient: 'bottom' } } } },
        ...(Number.isFinite(meanCandidate) ? [{ data: { values: [{ x: meanCandidate }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#888' }, encoding: { x: { field: 'x', type: 'quantitative' } } }] : []),
      ],
    },
    table: {
      columns: [{ label: 'reward model' }, { label: 'avg length', digits: 0 }, { label: 'judged picks', digits: 0 }, { label: 'win rate (%)', digits: 3 }, { label: 'win rate, judged picks (%)', digits: 3 }, { label: 'bound lower (%)', digits: 2 }, { label: 'bound upper (%)', digits: 2 }, { label: 'n_wins lower', digits: 0 }, { label: 'n_wins upper', digits: 0 }],
      rows: r.picks.map((p) => [p.reward_model, p.avgLength, p.covered, p.row ? num(p.row.win_rate) : null, num(p.coveredWinRate), num(p.winRateBounds[0]), num(p.winRateBounds[1]), p.nWinsBounds[0], p.nWinsBounds[1]]),
    },
  };
  const lp = r.lengthProxy;
  const curve = lp.n.flatMap((n, k) => [
    { n, kl: lp.kl[k], series: 'gold of the longest of n (judged candidates)', value: finite(num(lp.gold[k])) },
    ...(lp.fittedGold ? [{ n, kl: lp.kl[k], series: 'fitted d(α − βd)', value: finite(num(lp.fittedGold[k])) }] : []),
  ]);
  const names = [...new Set(curve.map((c) => c.series))];
  const longest: Figure = {
    title: 'Length as the proxy: gold of the longest of n',
    caption:
      `Among the ${lp.n.length} judged candidates, the expected judge preference (P(candidate beats the baseline), the gold) of the longest of n candidates drawn at random, for n = 1…${lp.n.length}. ` +
      `Length is a proxy reward model: where the curve stops rising, picking longer outputs stops helping. The dashed line is the fit gain = d(α − βd), d = √KL; the red rule is the Goodhart point n = ${lp.goodhart.n}, the n with the highest gold.`,
    spec: {
      width: 520,
      height: 260,
      layer: [
        {
          data: { values: curve },
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'n', type: 'quantitative', title: 'n (candidates drawn, log scale)', scale: { type: 'log', base: 2 } },
            y: { field: 'value', type: 'quantitative', title: 'expected gold of the pick', scale: { zero: false } },
            color: { field: 'series', type: 'nominal', sort: names, title: null, legend: { orient: 'bottom', columns: 1 } },
            strokeDash: { field: 'series', type: 'nominal', sort: names, legend: null, scale: { range: names.map((s) => (s.startsWith('fitted') ? [5, 4] : [1, 0])) } },
          },
        },
        { data: { values: [{ x: lp.goodhart.n }] }, mark: { type: 'rule', color: '#e15759', strokeWidth: 1.5 }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      ],
    },
    table: { columns: [{ label: 'n', digits: 0 }, { label: 'KL', digits: 4 }, { label: 'series' }, { label: 'expected gold', digits: 4 }], rows: curve.map((c) => [c.n, c.kl, c.series, c.value]) },
  };
  const blocks: Block[] = [{ figure: candidates }, { figure: picks }, { figure: longest }];
  return {
    title: 'RewardBench best-of-16 on AlpacaEval',
    summary: [`${r.prompts} prompts, ${r.perIndex.length} candidates each (${judged.length} judged), ${r.picks.length} reward models`, `longest-of-n: Goodhart point n = ${lp.goodhart.n}, gold ${Number.isFinite(num(lp.goodhart.gold)) ? num(lp.goodhart.gold).toFixed(4) : '—'}`],
    blocks,
    signatures: [],
    seed: null,
  };
}
