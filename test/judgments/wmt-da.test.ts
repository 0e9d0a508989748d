import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importWmtDaSeg, importWmtDaSys } from '../../src/judgments/importers/wmt-da.js';
import { findRatings } from '../../src/judgments/importers/result.js';
import { DataError } from '../../src/data/errors.js';
import type { Ratings } from '../../src/judgments/types.js';
import { cell, fixture, hasSharedData, mean, pearson, rated, round, row, shared, tempFile } from './_fixtures.js';

const SEG = fixture('da/ad-seg-scores-de-en.3systems.csv.gz');
const RANKING_Z = fixture('da/ad-sys-ranking-de-en-z.csv');

/** The WMT ranking row of a system, recomputed from segment Ratings (README recipe 3). */
function rankingRow(z: Ratings, raw: Ratings, system: string): [number, number, number, number] {
  const s = z.systems.indexOf(system);
  let judgments = 0;
  for (let i = 0; i < z.items.length; i++) judgments += z.counts![s * z.items.length + i];
  const zs = rated(row(z, system));
  return [round(mean(rated(row(raw, system))), 1), round(mean(zs), 3), zs.length, judgments];
}

test('segment DA: submission ids stripped, SID = 1-based line, N kept as counts', async () => {
  const z = await importWmtDaSeg(SEG);
  assert.deepEqual([...z.systems].sort(), ['Borderline', 'HUMAN', 'Nemo']);
  assert.equal(z.protocol, 'da-z');
  assert.equal(z.group, 'de-en');
  // first data row of the slice: "HUMAN.0 918 98 0.3975989792839 1"
  assert.equal(cell(z, 'HUMAN', '918'), 0.3975989792839);
  assert.equal(z.counts![z.systems.indexOf('HUMAN') * z.items.length + z.items.indexOf('918')], 1);
  assert.equal(rated(row(z, 'HUMAN')).length + rated(row(z, 'Nemo')).length + rated(row(z, 'Borderline')).length, 2920);
  assert.ok(z.items.every((id, k) => k === 0 || Number(id) > Number(z.items[k - 1])));
  const renamed = await importWmtDaSeg(SEG, { rename: 'textNames' });
  assert.ok(renamed.systems.includes('NVIDIA-NeMo'));
  const raw = await importWmtDaSeg(SEG, { score: 'raw', segments: 1000 });
  assert.equal(raw.protocol, 'da-raw');
  assert.equal(raw.items.length, 1000);
});

test('segment DA reproduces the published ranking rows (raw, z, #segments, #judgments)', async () => {
  const z = await importWmtDaSeg(SEG);
  const raw = await importWmtDaSeg(SEG, { score: 'raw' });
  const ranking = await importWmtDaSys(RANKING_Z);
  const rz = findRatings(ranking.human, 'da-z')!;
  const rraw = findRatings(ranking.human, 'da-raw')!;
  for (const system of ['Borderline', 'Nemo', 'HUMAN']) {
    const published = [cell(rraw, system, 'sys'), cell(rz, system, 'sys'), NaN, rz.counts![rz.systems.indexOf(system)]];
    const mine = rankingRow(z, raw, system);
    assert.equal(mine[0], published[0], `${system} raw`);
    assert.equal(mine[1], published[1], `${system} z`);
    assert.equal(mine[3], published[3], `${system} judgments`);
  }
  // Borderline.4 71.9 0.126 944 1266 (README example)
  assert.deepEqual(rankingRow(z, raw, 'Borderline'), [71.9, 0.126, 944, 1266]);
});

test('system DA tables: ranking (no header), sys-scores (header) and WMT20 sys-scores agree on layout', async () => {
  const ranking = await importWmtDaSys(RANKING_Z);
  const rz = findRatings(ranking.human, 'da-z')!;
  assert.equal(rz.systems.length, 20);
  assert.deepEqual(rz.items, ['sys']);
  assert.equal(rz.level, 'sys');
  assert.equal(cell(rz, 'Borderline', 'sys'), 0.126);
  const names = await importWmtDaSys(fixture('da/ad-sys-ranking-de-en-z-names.csv'));
  assert.deepEqual(names.human[0].systems, rz.systems);
  const scores = await importWmtDaSys(fixture('da/ad-sys-scores-de-en.csv'));
  const sz = findRatings(scores.human, 'da-z')!;
  assert.equal(cell(sz, 'Borderline', 'sys'), 0.12608419676831);
  assert.equal(sz.counts![sz.systems.indexOf('Borderline')], 1266);
});

test('WMT20 en-de system scores: HUMAN is DA z; Pearson over the 14 MT systems matches the findings table', async () => {
  const b = await importWmtDaSys(fixture('da/DA-newstest2020-ende-sys-scores.csv'));
  const human = findRatings(b.human, 'da-z')!;
  assert.equal(b.metrics.length, 28);
  assert.equal(human.group, 'en-de');
  const mt = human.systems.filter((s) => !s.startsWith('Human'));
  assert.equal(mt.length, 14);
  const corr = (protocol: string): number => {
    const m = findRatings([...b.metrics, ...b.human], protocol)!;
    return round(pearson(mt.map((s) => cell(human, s, 'sys')), mt.map((s) => cell(m, s, 'sys'))), 3);
  };
  // tbl-DA-Pearson-MTall-exclhuman-ento.tex, en-de column
  assert.equal(corr('metric:BLEU'), 0.928);
  assert.equal(corr('metric:chrF'), 0.962);
  assert.equal(corr('metric:sentBLEU'), 0.934);
  assert.equal(corr('metric:TER'), 0.941);
  assert.equal(corr('metric:COMET'), 0.972);
  assert.equal(corr('da-raw'), 0.984);
  // Human-A has no BLEU: an empty field between single spaces
  assert.ok(Number.isNaN(cell(findRatings(b.metrics, 'metric:BLEU')!, 'Human-A', 'sys')));
});

test('malformed DA rows name file, line and field', async () => {
  const head = 'SYS SID RAW.SCR Z.SCR N \n';
  const badSid = tempFile('ad-seg-scores-de-en.csv', `${head}A.1 1 90 0.5 2 \nA.1 x 90 0.5 2 \n`);
  await assert.rejects(importWmtDaSeg(badSid), (e: unknown) => e instanceof DataError && e.line === 3 && e.field === 'SID');
  const badZ = tempFile('ad-seg-scores-de-en.csv', `${head}A.1 1 90 high 2 \n`);
  await assert.rejects(importWmtDaSeg(badZ), (e: unknown) => e instanceof DataError && e.line === 2 && e.field === 'Z.SCR');
  const wide = tempFile('ad-seg-scores-de-en.csv', `${head}A.1 1 90 0.5 2 7\n`);
  await assert.rejects(importWmtDaSeg(wide), (e: unknown) => e instanceof DataError && e.line === 2 && /5 fields/.test(e.message));
  const outside = tempFile('ad-seg-scores-de-en.csv', `${head}A.1 1 90 0.5 2 \nA.1 1001 90 0.5 2 \n`);
  await assert.rejects(importWmtDaSeg(outside, { segments: 1000 }), (e: unknown) => e instanceof DataError && e.line === 3 && e.field === 'SID');
});

test('full de-en segment file reproduces all 20 ranking rows', async (t) => {
  if (!hasSharedData()) return t.skip('../shared not present');
  const dir = 'wmt21-news-systems/humaneval/newstest2021-toen';
  const z = await importWmtDaSeg(shared(dir, 'ad-seg-scores-de-en.csv'));
  const raw = await importWmtDaSeg(shared(dir, 'ad-seg-scores-de-en.csv'), { score: 'raw' });
  const ranking = await importWmtDaSys(shared(dir, 'ad-sys-ranking-de-en-z.csv'));
  const rz = findRatings(ranking.human, 'da-z')!;
  const rraw = findRatings(ranking.human, 'da-raw')!;
  assert.equal(z.systems.length, 20);
  for (const system of rz.systems) {
    const [r, zz, , n] = rankingRow(z, raw, system);
    assert.deepEqual([r, zz, n], [cell(rraw, system, 'sys'), cell(rz, system, 'sys'), rz.counts![rz.systems.indexOf(system)]], system);
  }
});

test('full data: DA systems get their de-en outputs through the name map (Nemo → NVIDIA-NeMo; HUMAN has none)', async (t) => {
  if (!hasSharedData()) return t.skip('../shared not present');
  const dir = 'wmt21-news-systems/humaneval/newstest2021-toen';
  const z = await importWmtDaSeg(shared(dir, 'ad-seg-scores-de-en.csv'), { texts: { dir: shared('wmt21-news-systems/txt'), testset: 'newstest2021' } });
  assert.equal(z.items.length, 1000);
  const first = (system: string): string | null => z.outputs![z.systems.indexOf(system) * z.items.length];
  assert.equal(typeof first('Nemo'), 'string');
  assert.equal(first('HUMAN'), null);
  assert.equal(z.systems.filter((s) => first(s) === null).length, 1);
  assert.deepEqual(z.referenceNames, ['A', 'B']);
});
