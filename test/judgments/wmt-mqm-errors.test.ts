import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importWmtMqm } from '../../src/judgments/importers/wmt-mqm.js';
import { importWmtMqmErrors, mqmErrorWeight } from '../../src/judgments/importers/wmt-mqm-errors.js';
import { DataError } from '../../src/data/errors.js';
import type { Ratings } from '../../src/judgments/types.js';
import { cell, fixture, hasSharedData, shared, tempFile } from './_fixtures.js';

const TED_ERRORS = fixture('mqm/mqm_ted_ende.seg1-60.tsv.gz');
const TED_AVG = fixture('mqm/mqm_ted_ende.avg_seg_scores.tsv.gz');

test('weights of Freitag et al. (2021): Major 5, Non-translation 25, Minor 1, Minor Fluency/Punctuation 0.1', () => {
  assert.equal(mqmErrorWeight('Major', 'Accuracy/Mistranslation'), 5);
  assert.equal(mqmErrorWeight('Major', 'Non-translation!'), 25);
  assert.equal(mqmErrorWeight('Major', 'Fluency/Punctuation'), 5);
  assert.equal(mqmErrorWeight('Minor', 'Fluency/Punctuation'), 0.1);
  assert.equal(mqmErrorWeight('Minor', 'Style/Awkward'), 1);
  assert.equal(mqmErrorWeight('Neutral', 'Other'), 0);
  assert.equal(mqmErrorWeight('No-error', 'No-error'), 0);
  assert.equal(mqmErrorWeight('Critical', 'Other'), undefined);
});

/** Every rated segment of the error file against the upstream avg file, compared as the avg file prints (6 decimals). */
function compareWithAvg(fromErrors: Ratings, avg: Ratings): { compared: number; mismatches: string[] } {
  let compared = 0;
  const mismatches: string[] = [];
  for (const system of fromErrors.systems) {
    for (const item of fromErrors.items) {
      const v = cell(fromErrors, system, item);
      if (Number.isNaN(v)) continue;
      compared++;
      const expected = cell(avg, system, item);
      if (v.toFixed(6) !== expected.toFixed(6)) mismatches.push(`${system}/${item}: ${v} vs ${expected}`);
    }
  }
  return { compared, mismatches };
}

test('TED segments 1..60: error rows → segment scores equal the upstream avg_seg_scores file', async () => {
  const r = await importWmtMqmErrors(TED_ERRORS, { rename: { ref: 'ref-A' } });
  const avg = await importWmtMqm(TED_AVG);
  assert.equal(r.systems.length, 14);
  assert.ok(r.systems.includes('ref-A') && !r.systems.includes('ref'));
  const { compared, mismatches } = compareWithAvg(r, avg);
  assert.deepEqual(mismatches, []);
  // the avg file rates the same cells: every rated avg cell in 1..60 is rated here too
  let ratedInAvg = 0;
  for (const s of avg.systems) for (let i = 1; i <= 60; i++) if (!Number.isNaN(cell(avg, s, String(i)))) ratedInAvg++;
  assert.equal(compared, ratedInAvg);
});

test('outputs have the <v>…</v> span tags removed; sources are per segment', async () => {
  const r = await importWmtMqmErrors(TED_ERRORS, { segments: 606 });
  assert.equal(r.items.length, 606);
  const i = r.items.indexOf('1');
  const s = r.systems.indexOf('Facebook-AI');
  // first data row: "… die sehr einfache Tatsache <v>in Betracht zu ziehen</v>, dass …"
  assert.match(r.outputs![s * r.items.length + i]!, /die sehr einfache Tatsache in Betracht zu ziehen, dass/);
  assert.ok(!r.outputs!.some((o) => o !== null && /<\/?v>/.test(o)));
  assert.match(r.sources![i]!, /^I want to ask you all to consider/);
  assert.ok(Number.isNaN(cell(r, 'Facebook-AI', '606')));
});

test('an unknown severity names file, line and field', async () => {
  const header = 'system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\tcomment\n';
  const bad = tempFile('mqm_x.tsv', `${header}A\td\t1\t1\tr1\tsrc "q\ttgt\tOther\tMinor\t\nA\td\t1\t2\tr1\tsrc\ttgt\tOther\tSevere\t\n`);
  await assert.rejects(importWmtMqmErrors(bad), (e: unknown) => e instanceof DataError && e.line === 3 && e.field === 'severity');
});

test('full TED file: all 6,877 rated MT-system segments (and the reference) equal the avg file', async (t) => {
  if (!hasSharedData()) return t.skip('../shared not present');
  const r = await importWmtMqmErrors(shared('wmt-mqm-human-evaluation/ted/ende/mqm_ted_ende.tsv'), { rename: { ref: 'ref-A' }, segments: 606 });
  const avg = await importWmtMqm(shared('wmt-mqm-human-evaluation/ted/ende/mqm_ted_ende.avg_seg_scores.tsv'));
  const { compared, mismatches } = compareWithAvg(r, avg);
  assert.deepEqual(mismatches, []);
  assert.equal(compared, 6877 + 529);
});
