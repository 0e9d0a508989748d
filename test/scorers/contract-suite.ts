// The ONE contract suite every scorer runs (the hono Router model): signature stability, batch = one-by-one,
// order independence, null handling, empty input, spec round-trip, statistics consistency.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Item, Scorer, Score } from '../../src/scorers/contract.js';
import { isStatisticsScorer, sumStatistics } from '../../src/scorers/contract.js';

export interface ContractOptions {
  /** Builds the scorer under test from its spec string (usually `createScorer`). */
  create: (spec: string) => Scorer;
  spec: string;
  /** At least 4 realistic items, with the references/prompt the scorer needs. */
  items: Item[];
}

function sameScore(a: Score, b: Score, msg: string): void {
  if (a.value === null || b.value === null) assert.equal(a.value, b.value, msg);
  else assert.ok(Object.is(a.value, b.value) || a.value === b.value, `${msg}: ${a.value} !== ${b.value}`);
}

export function runScorerContract(opts: ContractOptions): void {
  const { create, spec, items } = opts;
  const label = `contract[${spec}]`;

  test(`${label}: spec and signature are stable and round-trip`, () => {
    const s1 = create(spec);
    const s2 = create(s1.spec());
    assert.equal(s2.spec(), s1.spec());
    assert.equal(s2.signature({ nrefs: 1 }), s1.signature({ nrefs: 1 }));
    assert.equal(s1.signature({ nrefs: 1 }), s1.signature({ nrefs: 1 }));
    assert.match(s1.signature({ nrefs: 1 }), /\|version:trenchcoat-\d+\.\d+\.\d+/);
    assert.ok(s1.range[0] <= s1.range[1]);
  });

  test(`${label}: batch scoring equals one-by-one scoring, and values are numbers in range or null`, async () => {
    const s = create(spec);
    const batch = await s.score(items);
    assert.equal(batch.length, items.length);
    for (let i = 0; i < items.length; i++) {
      const [one] = await s.score([items[i]]);
      sameScore(batch[i], one, `item ${i}`);
      const v = batch[i].value;
      if (v !== null) {
        assert.equal(typeof v, 'number');
        assert.ok(!Number.isNaN(v), `item ${i} NaN`);
        assert.ok(v >= s.range[0] - 1e-12 && v <= s.range[1] + 1e-12, `item ${i} value ${v} outside ${s.range}`);
      }
    }
  });

  test(`${label}: segment scores follow their items when the order changes; corpus score is order independent`, async () => {
    const s = create(spec);
    const fwd = await s.score(items);
    const rev = await s.score([...items].reverse());
    for (let i = 0; i < items.length; i++) sameScore(fwd[i], rev[items.length - 1 - i], `item ${i}`);
    const c1 = await s.corpusScore(items);
    const c2 = await s.corpusScore([...items].reverse());
    if (c1.value === null) assert.equal(c2.value, null);
    else assert.ok(Math.abs(c1.value - (c2.value as number)) <= 1e-9 * Math.max(1, Math.abs(c1.value)));
  });

  test(`${label}: empty input gives no segment scores and a defined corpus score`, async () => {
    const s = create(spec);
    assert.deepEqual(await s.score([]), []);
    const c = await s.corpusScore([]);
    assert.ok(c.value === null || Number.isFinite(c.value), `corpus of nothing: ${c.value}`);
  });

  test(`${label}: missing required fields are refused, not guessed`, async () => {
    const s = create(spec);
    if (s.needs.references) {
      const bad = { ...items[0], references: undefined };
      await assert.rejects(s.score([bad]), /reference/i);
    }
    if (s.needs.prompt) {
      const bad = { ...items[0], prompt: undefined };
      await assert.rejects(s.score([bad]), /prompt/i);
    }
  });

  test(`${label}: statistics scorers: sentence score = score of the row, corpus = score of summed rows`, async () => {
    const s = create(spec);
    if (!isStatisticsScorer(s)) return;
    const w = s.statisticsWidth;
    const stats = s.segmentStatistics(items);
    assert.equal(stats.length, items.length * w);
    const seg = await s.score(items);
    for (let i = 0; i < items.length; i++) sameScore(s.scoreFromStatistics(stats.subarray(i * w, (i + 1) * w)), seg[i], `row ${i}`);
    sameScore(s.scoreFromStatistics(sumStatistics(stats, w)), await s.corpusScore(items), 'corpus');
  });
}
