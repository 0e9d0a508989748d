// The report layer without a browser: result kinds, tables, escaping, and pages that name no outside resource.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectResultKind, escapeHtml, renderReport, renderSvg, ReportInputError } from '../../src/report/index.js';
import { count, formatCell, htmlTable } from '../../src/report/table.js';
import { sansSerifWidth } from '../../src/report/text-width.js';

const LEADERBOARD = {
  version: '0.1.0',
  method: 'bradley-terry',
  battles: 3,
  options: { scale: 400 },
  bootstrap: { rounds: 10, seed: 0, confidence: 0.95 },
  ratings: [
    { rank: 1, model: 'a<b>', rating: 1010.123, lower: 1000.5, upper: 1020.25, battles: 3, wins: 2, losses: 1, ties: 0 },
    { rank: 1, model: 'c', rating: 989.877, lower: 980, upper: 1001, battles: 3, wins: 1, losses: 2, ties: 0 },
  ],
};

test('detectResultKind tells every --json result shape apart and names the file of one it cannot draw', () => {
  assert.equal(detectResultKind(LEADERBOARD), 'prefs-leaderboard');
  assert.equal(detectResultKind({ ...LEADERBOARD, method: 'online-elo' }), 'prefs-leaderboard');
  assert.equal(detectResultKind({ tables: [], scorers: [], data: [] }), 'meta-eval');
  assert.equal(detectResultKind({ raw: { value: 1 }, alpha: [] }), 'prefs-agreement');
  assert.equal(detectResultKind({ n: [1], gold: [0], proxy: [0], goodhart: { n: 1 } }), 'bon');
  assert.equal(detectResultKind([{ outcomes: [], signature: 's' }]), 'probe-hack');
  assert.equal(detectResultKind({ buckets: {}, baselines: {} }), 'probe-length-pairs');
  assert.equal(detectResultKind({ spearman: 0, kendall: 0, signature: 's' }), 'probe-length-items');
  assert.equal(detectResultKind({ intervals: {}, consistency: 1, firstPositionBias: 0 }), 'probe-position');
  assert.equal(detectResultKind({ year: 'wmt23', tasks: [], averages: [] }), 'meta-eval-task-average');
  assert.equal(detectResultKind([{ model: 'm', length_controlled_winrate: 50 }]), 'probe-lc');
  assert.equal(detectResultKind([{ file: 'a.json', model: null, winRate: 1, lcWinRate: 2 }]), 'probe-lc');
  assert.equal(detectResultKind({ judgeFamily: 'gpt-4', generators: [], ownWinRateInterval: {} }), 'probe-self-pref');
  assert.equal(detectResultKind({ perIndex: [], picks: [], lengthProxy: {} }), 'bon-rewardbench');
  assert.equal(detectResultKind({ shape: 'trl', out: 'p.jsonl', written: 3, decided: 3 }), 'prefs-pairs');
  assert.equal(detectResultKind({ method: 'variance', picks: [{ rank: 1, id: 'a', score: 0.1, mean_prob: 0.5, scorers: 2 }] }), 'prefs-elicit');
  // a list of leaderboard-like rows without the LC field is not an lc result
  assert.throws(() => detectResultKind([{ model: 'm', rating: 1 }], 'z.json'), ReportInputError);
  assert.throws(() => detectResultKind({ hello: 1 }, 'x.json'), (e: unknown) => e instanceof ReportInputError && e.message.startsWith('x.json: not a result'));
  assert.throws(() => detectResultKind([], 'y.json'), ReportInputError);
});

test('tables: fixed decimals, NaN and null as a dash, exact value kept for sorting, text escaped', () => {
  assert.equal(formatCell(0.123456), '0.1235');
  assert.equal(formatCell(NaN), '—');
  assert.equal(formatCell(null), '—');
  assert.equal(formatCell(-Infinity), '−∞');
  assert.equal(formatCell(3, 0), '3');
  // counts print as integers, also in a column of measures; a fraction in a count column is not rounded to a count
  assert.equal(formatCell(count(16), 4), '16');
  assert.equal(formatCell(16, 4), '16.0000');
  assert.equal(formatCell(2.5, 0), '2.5');
  assert.equal(formatCell(1 / 3, 0), '0.333333');
  // huge magnitudes in scientific notation (a fitted peak n of 4.28e47), no "-0.0000" for a tiny negative
  assert.equal(formatCell(4.279267314697511e47, 4), '4.2793e47');
  assert.equal(formatCell(count(4.279267314697511e47)), '4.3e47');
  assert.equal(formatCell(-1e-17), '0.0000');
  assert.equal(formatCell(-0.00005), '-0.0001');
  const html = htmlTable({ columns: [{ label: 'model' }, { label: 'x', digits: 2 }], rows: [['<i>', 1.005e-1]] });
  assert.match(html, /<td>&lt;i&gt;<\/td>/);
  assert.match(html, /data-v="0.1005"/);
  assert.match(html, />0\.10<\/td>/);
  const counts = htmlTable({ columns: [{ label: 'quantity' }, { label: 'value', digits: 4 }], rows: [['n', count(11)], ['gold', 0.5]] });
  assert.match(counts, /data-v="11" title="11">11<\/td>/);
  assert.match(counts, />0\.5000<\/td>/);
  assert.equal(escapeHtml(`"'&`), '&quot;&#39;&amp;');
});

test('text widths for the layout: Helvetica advances + 15%, bold wider, CJK a full em', () => {
  // 'abc' = 556 + 556 + 500 thousandths of an em
  assert.ok(Math.abs(sansSerifWidth('abc', 10) - 1.612 * 10 * 1.15) < 1e-9);
  assert.ok(sansSerifWidth('abc', 10, 'bold') > sansSerifWidth('abc', 10));
  assert.ok(Math.abs(sansSerifWidth('日本', 10) - 2 * 10 * 1.15) < 1e-9);
});

test('a long axis label is drawn whole within labelLimit, and the axis title clears it', async () => {
  const label = 'OpenAssistant/reward-model-deberta-v3-large-v2';
  const svg = await renderSvg({ width: 100, height: 40, data: { values: [{ m: label, x: 1 }] }, mark: 'bar', encoding: { y: { field: 'm', type: 'nominal', title: 'reward model', axis: { labelLimit: 360 } }, x: { field: 'x', type: 'quantitative' } } });
  assert.ok(svg.includes(`>${label}</text>`), 'label not cut');
  const title = /translate\((-[\d.]+),[\d.]+\) rotate\(-90\)[^>]*>reward model</.exec(svg);
  assert.ok(title, 'y title drawn');
  // the title sits left of the label's estimated width (vega's default maxExtent of 200 px put it on the label)
  assert.ok(-Number(title[1]) > sansSerifWidth(label, 11), `title at ${title[1]}`);
});

test('renderSvg draws axis titles into the SVG without a canvas', async () => {
  const svg = await renderSvg({ width: 100, height: 50, data: { values: [{ x: 1, y: 2 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative', title: 'the x' }, y: { field: 'y', type: 'quantitative', title: 'the y' } } });
  assert.match(svg, /^<svg /);
  assert.match(svg, /the x/);
  assert.match(svg, /the y/);
});

test('a page is self-contained: no script source, stylesheet link, url() or remote reference; provenance and reproduce present', async () => {
  const html = await renderReport([{ result: LEADERBOARD }], { argv: ['prefs', 'bt', '--data', 'b c.jsonl'], source: 'this run', dataHashes: [{ file: 'b c.jsonl', sha256: 'ab'.repeat(32) }], renderedAt: '2026-01-01T00:00:00.000Z' });
  assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+stylesheet|url\(|@import|(src|href)="https?:/);
  assert.ok(html.includes('trenchcoat prefs bt --data &#39;b c.jsonl&#39;'), 'shell-quoted command, escaped');
  assert.ok(html.includes('ab'.repeat(32)));
  assert.ok(html.includes('a&lt;b&gt;'), 'model names escaped');
  assert.ok(html.includes('1010.12') && html.includes('1000.50') && html.includes('1020.25'));
  assert.ok(html.includes('rank (upper bound)'));
  assert.ok(html.includes('Numbers behind this chart'));
});

test('a task-average page: averages best first, per-task scores to 3 decimals in the cells, seeded clusters named', async () => {
  const result = {
    year: 'wmt23',
    testset: 'wmt23',
    lps: ['en-de'],
    gold: 'mqm',
    tasks: [
      { label: 'en-de sys pearson', weight: 0.5, corrs: { 'column:A': 0.91234, 'column:B': 0.5 }, ranks: { 'column:A': 1, 'column:B': 2 }, rankedBy: 'clusters' },
      { label: 'en-de seg pearson (none)', weight: 0.5, corrs: { 'column:A': 0.25, 'column:B': 0.3 }, ranks: { 'column:A': 2, 'column:B': 1 }, rankedBy: 'order' },
    ],
    averages: [
      { scorer: 'column:A', score: 0.875, rank: 1.5 },
      { scorer: 'column:B', score: 0.625, rank: 1.5 },
    ],
    notes: ['a note'],
  };
  const html = await renderReport([{ result }], { argv: null, source: 'test', dataHashes: [], renderedAt: 'now' });
  assert.ok(html.includes('A (rank 1.50)'), 'average rank beside the metric');
  assert.ok(html.includes('>0.875000</td>'), 'average to 6 decimals in the table');
  assert.ok(html.includes('>0.912</text>'), 'cell label');
  assert.ok(html.includes('data-v="0.91234"'), 'exact value kept');
  assert.ok(html.includes('not recorded in the result (the significance clusters are seeded'), 'seed not claimed absent');
  assert.ok(html.includes('note: a note'));
});
