// Progress on stderr, with an injected clock and interval (no wall time): a non-terminal stream gets one plain line
// per ~10 s of a long run and nothing for a short one; a terminal's bar follows the run into its resampling phases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgress, type ProgressOptions } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (s: string) => (writes.push(s), true) } };
}

function fakeClock(): { clock: Required<Pick<ProgressOptions, 'now' | 'every'>>; advance: (ms: number) => void; stopped: () => boolean } {
  let t = 0;
  let timer: { fn: () => void; ms: number; next: number } | undefined;
  let stopped = false;
  return {
    clock: {
      now: () => t,
      every: (fn, ms) => {
        timer = { fn, ms, next: ms };
        return () => {
          stopped = true;
          timer = undefined;
        };
      },
    },
    advance(ms) {
      const end = t + ms;
      while (timer && timer.next <= end) {
        t = timer.next;
        timer.next += timer.ms;
        timer.fn();
      }
      t = end;
    },
    stopped: () => stopped,
  };
}

test('not a terminal: a run shorter than 10 s prints nothing', () => {
  const { writes, stream } = fakeStream(false);
  const { clock, advance } = fakeClock();
  const p = createProgress('scoring', stream, clock);
  for (let i = 1; i <= 50; i++) {
    advance(150);
    p.update(i * 100);
  }
  p.finish();
  assert.deepEqual(writes, []);
});

test('not a terminal: one line every 10 s of a long run, from updates or from the timer between them', () => {
  const { writes, stream } = fakeStream(false);
  const { clock, advance, stopped } = fakeClock();
  const p = createProgress('scoring', stream, clock);
  // 1000 items over 35 s, an update every 100 ms
  for (let i = 1; i <= 350; i++) {
    advance(100);
    p.update(Math.round((i * 1000) / 350), 1000);
  }
  // the timer fires at 10 s, just before the 100th update: it reports the 99th, round(99·1000/350) = 283
  assert.deepEqual(writes, [
    'scoring: 283/1000 items (28%), 10 s elapsed\n',
    'scoring: 569/1000 items (56%), 20 s elapsed\n',
    'scoring: 854/1000 items (85%), 30 s elapsed\n',
  ]);
  // a slow batch: no update for 25 s; the timer still reports — once, since nothing moved after that
  p.update(1200);
  advance(25_000);
  assert.equal(writes.length, 4);
  assert.equal(writes[3], 'scoring: 1200 items, 40 s elapsed\n');
  p.finish();
  assert.ok(stopped(), 'finish stops the timer');
});

test('not a terminal: a new phase is named in its lines', () => {
  const { writes, stream } = fakeStream(false);
  const { clock, advance } = fakeClock();
  const p = createProgress('scoring', stream, clock);
  p.update(10, 10);
  p.phase('bootstrap intervals', 'intervals');
  advance(10_000);
  assert.deepEqual(writes, [], 'no line about a phase with no progress yet');
  p.update(3);
  assert.deepEqual(writes, ['bootstrap intervals: 3 intervals, 10 s elapsed\n']);
  p.finish();
});

test('a terminal: the bar redraws when the percentage moves, then follows the bootstrap and permutation phases', () => {
  const { writes, stream } = fakeStream(true);
  const p = createProgress('scoring', stream);
  for (let i = 0; i <= 200; i++) p.update(i, 200);
  assert.equal(writes.length, 101, 'one draw per percent');
  assert.equal(writes.at(-1), `\rscoring [${'#'.repeat(30)}] 100% (200/200)\x1b[K`);
  p.phase('bootstrap intervals', 'intervals');
  p.update(1);
  p.update(2);
  p.phase('permutation tests', 'tables');
  p.update(1);
  assert.deepEqual(writes.slice(101), ['\rbootstrap intervals: 1 intervals\x1b[K', '\rbootstrap intervals: 2 intervals\x1b[K', '\rpermutation tests: 1 tables\x1b[K']);
  p.finish();
  assert.equal(writes.at(-1), '\n');
});

test('metaEvaluate reports each bootstrap interval and permutation test, which the bar then shows', async () => {
  const { loadMetaEvalInput } = await import('../../src/metaeval/load.js');
  const { metaEvaluate } = await import('../../src/metaeval/run.js');
  const { REPO_ROOT } = await import('../fixtures/wmt21/load.js');
  const input = await loadMetaEvalInput({
    judgments: `${REPO_ROOT}/examples/mqm-ted-ende/ted-ende.jsonl`,
    ratings: { system: 'system', item: 'seg_id', value: 'mqm', output: 'output', reference: 'reference', protocol: 'mqm' },
  });
  const calls: string[] = [];
  await metaEvaluate(input, { scorers: ['length', 'chrf'], measures: ['pearson'], bootstrap: 10, permutations: 10, onResampling: (phase, done) => calls.push(`${phase}:${done}`) });
  // one pearson table, two scorers: two intervals, then one table of permutation tests
  assert.deepEqual(calls, ['bootstrap:1', 'bootstrap:2', 'permutation:1']);
});
