// `meta-eval --task-average wmt23|wmt24` results: the WMT metrics-task summary — each metric's weighted average of
// rescaled per-task scores, and the per-task scores and ranks behind it as a heatmap (tasks × metrics).
import type { Figure } from './chart.js';
import { bandHeight, finite, num, type JsonNumber, type Section } from './section.js';

export interface TaskAverageJson {
  year: string;
  testset: string;
  lps: string[];
  gold: string;
  tasks: { label: string; weight: number; corrs: Record<string, JsonNumber>; ranks: Record<string, number>; rankedBy: 'clusters' | 'order' }[];
  averages: { scorer: string; score: JsonNumber; rank: JsonNumber }[];
  notes: string[];
}

/** `column:BLEU-refA` → `BLEU-refA`: every metric of a task average is a precomputed column. */
const metricName = (spec: string) => spec.replace(/^column:/, '');

export function taskAverageSection(r: TaskAverageJson): Section {
  const scorers = [...r.averages.map((a) => a.scorer), ...new Set(r.tasks.flatMap((t) => Object.keys(t.corrs)))].filter((s, k, all) => all.indexOf(s) === k);
  const names = scorers.map(metricName);
  const averages: Figure = {
    title: `${r.year} task average`,
    caption:
      `Each row is a metric, best first: its weighted average over the ${r.tasks.length} tasks of the per-task score rescaled to [0, 1] (the WMT metrics-task summary; mt-metrics-eval's TaskSetResults), with its weighted average rank after the name. ` +
      'Only metrics present in every task are averaged; the heatmap below shows the tasks it is made of.',
    spec: {
      width: 520,
      height: bandHeight(r.averages.length, 24),
      data: { values: r.averages.map((a) => ({ metric: `${metricName(a.scorer)} (rank ${Number.isFinite(num(a.rank)) ? num(a.rank).toFixed(2) : '—'})`, score: finite(num(a.score)) })) },
      mark: { type: 'bar', color: '#4e79a7' },
      encoding: {
        y: { field: 'metric', type: 'nominal', sort: null, title: 'metric', axis: { labelLimit: 360 } },
        x: { field: 'score', type: 'quantitative', title: 'weighted average of rescaled task scores', scale: { domain: [0, 1] } },
      },
    },
    table: {
      columns: [{ label: 'metric' }, { label: 'average', digits: 6 }, { label: 'average rank', digits: 4 }],
      rows: r.averages.map((a) => [metricName(a.scorer), num(a.score), num(a.rank)]),
    },
  };
  const cells = r.tasks.flatMap((t) =>
    scorers.map((s) => {
      const v = s in t.corrs ? num(t.corrs[s]) : NaN;
      const rank = t.ranks[s];
      return { task: `${t.label} · w ${t.weight.toFixed(4)}`, metric: metricName(s), value: v, rank: rank ?? null, present: s in t.corrs, t };
    }),
  );
  // at least two ranks on the scale: with every metric tied at 1 the colour is still the dark end, the text white
  const maxRank = Math.max(2, ...cells.map((c) => c.rank ?? 1));
  const taskLabels = r.tasks.map((t) => `${t.label} · w ${t.weight.toFixed(4)}`);
  const x = { field: 'metric', type: 'nominal', sort: names, title: 'metric', axis: { labelAngle: -30, labelAlign: 'right' } };
  const y = { field: 'task', type: 'nominal', sort: taskLabels, title: 'task · weight', axis: { labelLimit: 360 } };
  const heatmap: Figure = {
    title: 'Per-task scores and ranks',
    caption:
      'Each cell is a metric (column) on a task (row): the number is its score on that task (accuracy, Pearson, acc23-tc or SPA as the task defines), the colour its rank there (1 = best, darker). ' +
      'Ranks are significance clusters where the task has a permutation test and --perm was given, otherwise 1 + the number of metrics scoring higher. Hover a cell for the exact value; the table has them all. An empty cell is a metric the task does not have.',
    spec: {
      width: Math.max(200, names.length * 90),
      height: bandHeight(r.tasks.length, 30),
      data: { values: cells.filter((c) => c.present).map((c) => ({ task: c.task, metric: c.metric, rank: c.rank, label: Number.isFinite(c.value) ? c.value.toFixed(3) : '—', tip: `${c.metric} on ${c.t.label}: ${Number.isFinite(c.value) ? c.value : '—'}, rank ${c.rank ?? '—'} (${c.t.rankedBy === 'clusters' ? 'significance cluster' : 'by score'})` })) },
      layer: [
        { mark: { type: 'rect' }, encoding: { x, y, color: { field: 'rank', type: 'quantitative', title: 'rank', scale: { domain: [maxRank, 1], scheme: 'blues' }, legend: { tickMinStep: 1, format: 'd' } }, description: { field: 'tip' } } },
        { mark: { type: 'text', fontSize: 11 }, encoding: { x, y, text: { field: 'label' }, color: { condition: { test: `datum.rank <= ${(1 + maxRank) / 2}`, value: '#ffffff' }, value: '#111111' } } },
      ],
    },
    tooltips: true,
    table: {
      columns: [{ label: 'task' }, { label: 'weight', digits: 4 }, { label: 'ranked by' }, { label: 'metric' }, { label: 'score', digits: 4 }, { label: 'rank', digits: 0 }],
      rows: cells.map((c) => [c.t.label, c.t.weight, c.t.rankedBy, c.metric, c.present ? c.value : null, c.rank]),
    },
  };
  return {
    title: `Meta-evaluation: ${r.year} metrics-task average`,
    summary: [`test set ${r.testset} (${r.lps.join(', ')}), gold ${r.gold}: ${r.tasks.length} tasks, ${scorers.length} metrics`],
    blocks: [{ figure: averages }, { figure: heatmap }],
    signatures: scorers.map((s) => ({ name: metricName(s), signature: s })),
    // the result does not carry the seed of its permutation tests: say so rather than "nothing random"
    seed: r.tasks.some((t) => t.rankedBy === 'clusters') ? 'not recorded in the result (the significance clusters are seeded: --seed, default 1)' : null,
    notes: r.notes,
  };
}
