// Held-out sentence BLEU: scores sacreBLEU 2.6.0 gave on data no other golden uses (test/fixtures/bleu-heldout,
// made by make.py there), compared as doubles with ===. A 1e-9 tolerance used to hide last-bit differences here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Item, StatisticsScorer } from '../../../src/scorers/contract.js';
import { createScorer, findScorerFactory, registerScorer } from '../../../src/scorers/registry.js';
import { bleuFactory, type BleuDetails } from '../../../src/scorers/lexical/bleu.js';
import { hypLines, refLines } from '../../fixtures/wmt21/load.js';

if (!findScorerFactory('bleu')) registerScorer(bleuFactory);

interface HeldOut {
  sacrebleu: string;
  other_refs: { lp: string; system: string; ref: string; scores: number[] }[];
  perturbed: { lp: string; line: number; hyp: string; spec: string; score: number; counts: number[]; totals: number[]; bp: number }[];
}

const golden = JSON.parse(
  gunzipSync(readFileSync(new URL('../../fixtures/bleu-heldout/sentence-bleu.json.gz', import.meta.url))).toString('utf8'),
) as HeldOut;

test('held-out: sentence BLEU of 6 WMT21 systems against references C, D (en-de) and B (de-en) is sacreBLEU bit for bit', (t) => {
  assert.equal(golden.sacrebleu, '2.6.0');
  const scorer = createScorer('bleu:eff=true') as StatisticsScorer;
  let compared = 0;
  const wrong: string[] = [];
  for (const { lp, system, ref, scores } of golden.other_refs) {
    const refs = refLines(lp, ref);
    const items: Item[] = hypLines(lp, system).map((output, i) => ({ id: String(i + 1), output, references: [refs[i]] }));
    assert.equal(items.length, scores.length, `${lp} ${system} ref ${ref}`);
    scorer.scoreSync(items).forEach((s, i) => {
      compared++;
      if (s.value !== scores[i]) wrong.push(`${lp} ${system} ref ${ref} seg ${i + 1}: ${s.value} vs sacreBLEU ${scores[i]}`);
    });
  }
  assert.deepEqual(wrong.slice(0, 10), []);
  assert.equal(compared, 4 * 1002 * 2 + 2 * 1000);
  t.diagnostic(`${compared} of ${compared} sentence BLEU values bit-identical`);
});

test('held-out: perturbed reference lines under 8 BLEU configurations are sacreBLEU bit for bit (score, bp, statistics)', (t) => {
  const scorers = new Map<string, StatisticsScorer>();
  const refs = new Map<string, string[]>();
  const wrong: string[] = [];
  for (const row of golden.perturbed) {
    const scorer = scorers.get(row.spec) ?? (createScorer(row.spec) as StatisticsScorer);
    scorers.set(row.spec, scorer);
    const lines = refs.get(row.lp) ?? refLines(row.lp, 'A');
    refs.set(row.lp, lines);
    const s = scorer.scoreSync([{ id: '1', output: row.hyp, references: [lines[row.line - 1]] }])[0];
    const d = s.details as BleuDetails;
    const what = `${row.lp} line ${row.line} ${row.spec} "${row.hyp}"`;
    assert.deepEqual([d.counts, d.totals], [row.counts, row.totals], what);
    if (s.value !== row.score || d.bp !== row.bp) wrong.push(`${what}: ${s.value} (bp ${d.bp}) vs sacreBLEU ${row.score} (bp ${row.bp})`);
  }
  assert.deepEqual(wrong.slice(0, 10), []);
  assert.equal(golden.perturbed.length, 2000);
  assert.equal(scorers.size, 8);
  t.diagnostic(`${golden.perturbed.length} of ${golden.perturbed.length} perturbed sentence BLEU values bit-identical`);
});
