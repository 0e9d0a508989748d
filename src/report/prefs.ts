// prefs results: Bradley–Terry / Elo leaderboards with CI whiskers and rank bounds, and the agreement table with CIs.
import type { Figure } from './chart.js';
import { bandHeight, finite, num, type Block, type JsonNumber, type Section } from './section.js';
import type { PairStats } from '../prefs/pairs.js';

interface Rating {
  rank: number;
  model: string;
  rating: JsonNumber;
  lower: JsonNumber;
  upper: JsonNumber;
  median?: JsonNumber;
  battles: number;
  wins?: number;
  losses?: number;
  ties?: number;
}

export interface LeaderboardJson {
  version: string;
  method: 'bradley-terry' | 'online-elo';
  battles: number;
  selfBattles?: number;
  options: Record<string, unknown>;
  bootstrap: { rounds: number; seed: number; confidence: number; skipped?: number } | null;
  ratings: Rating[];
}

export interface AgreementJson {
  version: string;
  raters: number;
  units: number;
  ratings: number;
  raw: { value: JsonNumber; units: number; ci?: { lower: JsonNumber; upper: JsonNumber } };
  cohen?: { value: JsonNumber; units: number; weights: string; ci?: { lower: JsonNumber; upper: JsonNumber } };
  fleiss?: { value: JsonNumber; units: number; ci?: { lower: JsonNumber; upper: JsonNumber } };
  alpha: { level: string; value: JsonNumber; units: number; ci?: { lower: JsonNumber; upper: JsonNumber } }[];
  bootstrap?: { rounds: number; seed: number; confidence: number } | null;
  fleissSkipped?: string;
  /** With --dawid-skene. */
  dawidSkene?: {
    classes: (string | number)[];
    classMarginals: JsonNumber[];
    iterations: number;
    converged: boolean;
    logLikelihood: JsonNumber;
    annotatorAccuracy: { annotator: string; accuracy: JsonNumber }[];
    labels: Record<string, string | number>;
  };
}

export function leaderboardSection(r: LeaderboardJson): Section {
  const bt = r.method === 'bradley-terry';
  const ci = r.bootstrap ? `${Math.round(r.bootstrap.confidence * 100)}% CI` : 'CI';
  const rows = r.ratings;
  // the row label carries the rank (its upper bound under a bootstrap), so the bounds are on the picture too
  const label = (m: Rating) => `${m.rank}. ${m.model}`;
  const order = rows.map(label);
  const y = { field: 'model', type: 'nominal', sort: order, title: r.bootstrap ? 'rank (upper bound). model' : 'rank. model', axis: { labelLimit: 360 } };
  const values = rows.map((m) => ({ model: label(m), rating: finite(num(m.rating)), lower: finite(num(m.lower)), upper: finite(num(m.upper)) }));
  const figure: Figure = {
    title: `${bt ? 'Bradley–Terry' : 'Online Elo'} leaderboard`,
    caption:
      `Each row is a model, best first; the dot is its rating${r.bootstrap ? `, the whisker its ${ci} from ${r.bootstrap.rounds} bootstrap rounds (seed ${r.bootstrap.seed})` : ' (no bootstrap: no intervals)'}. ` +
      'Two models whose whiskers overlap are not reliably ordered.' +
      (r.bootstrap ? ' The number before each model is its rank upper bound, as Chatbot Arena shows it: 1 + the number of models whose interval lies entirely above this one\'s.' : ''),
    spec: {
      width: 520,
      height: bandHeight(rows.length, 22),
      data: { values },
      layer: [
        ...(r.bootstrap ? [{ mark: { type: 'rule', strokeWidth: 2, color: '#4e79a7' }, encoding: { y, x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' } } }] : []),
        { mark: { type: 'point', size: 60, color: '#4e79a7', filled: true }, encoding: { y, x: { field: 'rating', type: 'quantitative', title: 'rating', scale: { zero: false } } } },
      ],
    },
    table: {
      columns: [
        { label: r.bootstrap ? 'rank (upper bound)' : 'rank', digits: 0 },
        { label: 'model' },
        { label: 'rating', digits: 2 },
        ...(bt ? [] : [{ label: 'median', digits: 2 }]),
        { label: `${ci} lower`, digits: 2 },
        { label: `${ci} upper`, digits: 2 },
        { label: 'battles', digits: 0 },
        ...(bt ? [{ label: 'wins', digits: 0 }, { label: 'ties', digits: 0 }, { label: 'losses', digits: 0 }] : []),
      ],
      rows: rows.map((m) => [m.rank, m.model, num(m.rating), ...(bt ? [] : [num(m.median ?? null)]), num(m.lower), num(m.upper), m.battles, ...(bt ? [m.wins ?? null, m.ties ?? null, m.losses ?? null] : [])]),
    },
  };
  const o = r.options;
  return {
    title: bt ? 'Leaderboard (Bradley–Terry, Chatbot Arena method)' : 'Leaderboard (online Elo)',
    summary: [`${r.battles} battles, ${r.ratings.length} models${r.selfBattles ? ` (${r.selfBattles} self-battles left out)` : ''}`, `options: ${Object.entries(o).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ')}`],
    blocks: [{ figure }],
    signatures: [{ name: r.method, signature: Object.entries(o).map(([k, v]) => `${k}:${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('|') }],
    seed: r.bootstrap ? String(r.bootstrap.seed) : null,
  };
}

export function agreementSection(r: AgreementJson): Section {
  const coefficients = [
    { name: 'raw agreement', ...r.raw },
    ...(r.cohen ? [{ name: `Cohen's κ${r.cohen.weights === 'none' ? '' : ` (${r.cohen.weights})`}`, ...r.cohen }] : []),
    ...(r.fleiss ? [{ name: "Fleiss' κ", ...r.fleiss }] : []),
    ...r.alpha.map((a) => ({ name: `Krippendorff's α (${a.level})`, ...a })),
  ];
  const ci = r.bootstrap ? `${Math.round(r.bootstrap.confidence * 100)}% CI` : 'CI';
  const y = { field: 'name', type: 'nominal', sort: coefficients.map((c) => c.name), title: null };
  const figure: Figure = {
    title: 'Rater agreement',
    caption: `Agreement coefficients over ${r.units} units rated by ${r.raters} raters${r.bootstrap ? `, whiskers the ${ci} from ${r.bootstrap.rounds} bootstrap rounds over units` : ''}. 1 is perfect agreement, 0 what chance gives (κ, α); raw agreement is not chance-corrected.`,
    spec: {
      width: 520,
      height: bandHeight(coefficients.length, 28),
      data: { values: coefficients.map((c) => ({ name: c.name, value: finite(num(c.value)), lower: finite(num(c.ci?.lower ?? null)), upper: finite(num(c.ci?.upper ?? null)) })) },
      layer: [
        { mark: { type: 'rule', strokeWidth: 2, color: '#59a14f' }, encoding: { y, x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' } } },
        { mark: { type: 'point', size: 60, color: '#59a14f', filled: true }, encoding: { y, x: { field: 'value', type: 'quantitative', title: 'coefficient', scale: { domain: [Math.min(0, ...coefficients.map((c) => num(c.ci?.lower ?? c.value)).filter(Number.isFinite)), 1] } } } },
      ],
    },
    table: {
      columns: [{ label: 'coefficient' }, { label: 'value', digits: 4 }, { label: `${ci} lower`, digits: 4 }, { label: `${ci} upper`, digits: 4 }, { label: 'units', digits: 0 }],
      rows: coefficients.map((c) => [c.name, num(c.value), num(c.ci?.lower ?? null), num(c.ci?.upper ?? null), c.units]),
    },
  };
  const blocks: Block[] = [{ figure }];
  const ds = r.dawidSkene;
  if (ds) {
    const annotators = ds.annotatorAccuracy.map((a) => a.annotator);
    blocks.push({
      figure: {
        title: 'Dawid–Skene: estimated accuracy of each annotator',
        caption: `Each bar is an annotator: the probability that its label is the true class, Σ_c P(class c) · P(says c | c), from the Dawid–Skene model fitted by EM (${ds.iterations} iterations, ${ds.converged ? 'converged' : 'NOT converged'}; log-likelihood ${Number.isFinite(num(ds.logLikelihood)) ? num(ds.logLikelihood).toFixed(4) : '—'}). A low bar is an annotator the model trusts little.`,
        spec: {
          width: 520,
          height: bandHeight(annotators.length, 22),
          data: { values: ds.annotatorAccuracy.map((a) => ({ annotator: a.annotator, accuracy: finite(num(a.accuracy)) })) },
          mark: { type: 'bar', color: '#59a14f' },
          encoding: {
            y: { field: 'annotator', type: 'nominal', sort: annotators, title: 'annotator', axis: { labelLimit: 360 } },
            x: { field: 'accuracy', type: 'quantitative', title: 'estimated accuracy', scale: { domain: [0, 1] } },
          },
        },
        table: { columns: [{ label: 'annotator' }, { label: 'estimated accuracy', digits: 4 }], rows: ds.annotatorAccuracy.map((a) => [a.annotator, num(a.accuracy)]) },
      },
    });
    blocks.push({ heading: 'Dawid–Skene: class marginals', table: { columns: [{ label: 'class' }, { label: 'P(class)', digits: 4 }], rows: ds.classes.map((c, j) => [String(c), num(ds.classMarginals[j])]) } });
    const labels = Object.entries(ds.labels);
    blocks.push({ heading: 'Dawid–Skene: most likely label per unit', caption: `${labels.length} units.`, table: { columns: [{ label: 'unit' }, { label: 'label' }], rows: labels.map(([u, l]) => [u, String(l)]) }, collapsed: true });
  }
  return {
    title: 'Annotator agreement',
    summary: [`${r.raters} raters, ${r.units} units, ${r.ratings} ratings`, ...(r.fleissSkipped ? [`Fleiss' κ left out: ${r.fleissSkipped}`] : [])],
    blocks,
    signatures: [],
    seed: r.bootstrap ? String(r.bootstrap.seed) : null,
  };
}

/** `prefs pairs --json`: what was written where (the pairs themselves are the --out file). */
export interface PairsSummaryJson extends PairStats {
  version: string;
  shape: string;
  out: string;
  written: number;
  skippedTies: number;
}

export function pairsSummarySection(r: PairsSummaryJson): Section {
  const rows: [string, number][] = [
    ['items (prompts) with ratings', r.items],
    ['candidate pairs (two rated outputs of one item)', r.candidates],
    ['decided (rating difference over the margin)', r.decided],
    ['ties kept', r.ties],
    ['dropped as ties', r.dropped],
    ['left out over --max-pairs', r.capped],
    ['decided pairs with the preferred output first', r.preferredFirst],
    ['ties without a chosen side, not written', r.skippedTies],
    ['records written', r.written],
  ];
  return {
    title: 'Training pairs from ratings',
    summary: [`${r.written} records (${r.shape}) written to ${r.out}`],
    // counts only: a table, no chart
    blocks: [{ heading: 'How the pairs were chosen', table: { columns: [{ label: 'quantity' }, { label: 'count', digits: 0 }], rows } }],
    signatures: [],
    // position balancing and --select random are seeded, and the summary does not carry the seed
    seed: 'not recorded in the result (position balancing and --select random use --seed, default 1)',
  };
}

/** `prefs elicit --json`: the pairs to label next, best first. */
export interface ElicitJson {
  version: string;
  method: string;
  picks: { rank: number; id: string; score: JsonNumber; mean_prob: JsonNumber; scorers: number }[];
}

export function elicitSection(r: ElicitJson): Section {
  return {
    title: `Pairs to label next (${r.method})`,
    summary: [`${r.picks.length} pairs ranked by ${r.method}: the first are where the scorers disagree most or are least sure`],
    // a ranked list is read as a list: a table, no chart
    blocks: [
      {
        heading: 'Ranking',
        caption: `score: the ${r.method} of the scorers' P(a ≻ b) for the pair (higher = more worth a human label); mean P(a): their average forecast.`,
        table: { columns: [{ label: 'rank', digits: 0 }, { label: 'pair id' }, { label: r.method, digits: 4 }, { label: 'mean P(a ≻ b)', digits: 4 }, { label: 'scorers', digits: 0 }], rows: r.picks.map((p) => [p.rank, p.id, num(p.score), num(p.mean_prob), p.scorers]) },
      },
    ],
    signatures: [],
    seed: null,
  };
}
