// The non-math verifiable scorers (think-format, regex, json, choice) and a composite reward, side by side with the
// Python functions they reproduce (bench/reference/trl_rewards_bench.py): TRL's think_format_reward and shaping terms
// (needs TRL_DIR, a TRL checkout), Python's re, json + jsonschema, and the choice rule written with Python's re. Each
// row scores the same inputs; max |diff| says whether the two agree on them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import '../src/scorers/builtin.js';
import { createScorer } from '../src/scorers/registry.js';
import { isSyncScorer, type Item, type Scorer } from '../src/scorers/contract.js';
import { RegexScorer, type RegexMatchMode } from '../src/scorers/verifiable/regex.js';
import { createRng, type Rng } from '../src/stats/rng.js';
import { readGoldens } from '../test/scorers/verifiable/goldens.js';
import { BENCH_DIR, REPO_ROOT, bestTime, bestTimeAsync, maxAbsDiff, printRows, runPython, type BenchRow } from './harness.js';

const SCHEMA_FILE = path.join(REPO_ROOT, 'test/fixtures/rewards/answer.schema.json');

interface Task {
  name: string;
  scorer: Scorer;
  items: Item[];
  /** What the Python side runs (kind + its parameters); outputs and refs are added from items. */
  job: Record<string, unknown>;
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];

/** Rollout-like JSON answers: valid ones, wrong types, extra or missing fields, and text that is not JSON. */
function jsonOutputs(rng: Rng, n: number): string[] {
  const steps = () => Array.from({ length: rng.int(4) }, (_, i) => `step ${i + 1}: ${pick(rng, ['add', 'multiply', 'carry the 1', 'x = 7'])}`);
  const makers: (() => string)[] = [
    () => JSON.stringify({ answer: rng.int(1000), steps: ['a', ...steps()] }),
    () => JSON.stringify({ answer: rng.int(1000), steps: ['a', ...steps()] }, null, 2),
    () => `  ${JSON.stringify({ steps: ['only'], answer: rng.int(50) })}\n`,
    () => JSON.stringify({ answer: String(rng.int(1000)), steps: ['a'] }),
    () => JSON.stringify({ answer: rng.int(100) + 0.5, steps: ['a'] }),
    () => `{"answer": ${rng.int(100)}.0, "steps": ["a"]}`,
    () => JSON.stringify({ answer: rng.int(1000), steps: [] }),
    () => JSON.stringify({ answer: rng.int(1000) }),
    () => JSON.stringify({ answer: rng.int(1000), steps: ['a'], confidence: 0.9 }),
    () => JSON.stringify([rng.int(10), 'x']),
    () => `{"answer": ${rng.int(100)}, "steps": ["a",]}`,
    () => `{'answer': ${rng.int(100)}, 'steps': ['a']}`,
    () => '```json\n' + JSON.stringify({ answer: rng.int(100), steps: ['a'] }) + '\n```',
    () => `The answer is ${rng.int(100)}.`,
    () => `{"answer": NaN, "steps": ["a"]}`,
    () => '',
    () => JSON.stringify({ answer: rng.int(100), steps: ['ünïcödé ✓', '数学'] }),
    () => JSON.stringify(rng.int(100)),
  ];
  return Array.from({ length: n }, () => pick(rng, makers)());
}

/** Multiple-choice rollouts in the forms models write, with distractors and near misses. */
function choiceOutputs(rng: Rng, n: number): { output: string; ref: string }[] {
  const L = 'ABCDE';
  const lead = ['', 'Let me think. ', 'Option A looks tempting but B and C are closer. ', 'First, (D) is wrong because the sign flips. '];
  const forms: ((x: string) => string)[] = [
    (x) => `Answer: ${x}`,
    (x) => `The answer is (${x}).`,
    (x) => `**Answer:** ${x}`,
    (x) => `answer: $${x}$`,
    (x) => `Answer：${x}`,
    (x) => `So the final choice is \\boxed{${x}}.`,
    (x) => `\\boxed{\\text{${x}}}`,
    (x) => `\\boxed{(${x})}`,
    (x) => x,
    (x) => `(${x}).`,
    (x) => `**${x}**`,
    (x) => `I think it is ${x}, the answer is a prime.`,
    (x) => `answer: ${x.toLowerCase()}`,
    (x) => `The answer is ${x}2.`,
    () => 'No idea.',
  ];
  return Array.from({ length: n }, () => {
    const ref = pick(rng, [...L]);
    const x = rng.uniform() < 0.5 ? ref : pick(rng, [...L]);
    let output = pick(rng, lead) + pick(rng, forms)(x);
    if (rng.uniform() < 0.2) output = `Answer: ${pick(rng, [...L])}\n${output}`;
    return { output, ref };
  });
}

/** Token-id rollouts up to 2,048 tokens, some with looping stretches (what the repetition penalty is for). */
function tokenRollouts(rng: Rng, n: number): number[][] {
  return Array.from({ length: n }, () => {
    const len = rng.int(2048);
    const ids: number[] = [];
    while (ids.length < len) {
      if (rng.uniform() < 0.1 && ids.length > 8) {
        const span = ids.slice(ids.length - 8);
        for (let r = rng.int(6); r >= 0; r--) ids.push(...span);
      } else ids.push(rng.int(32000));
    }
    return ids.slice(0, len);
  });
}

function tasks(): Task[] {
  const G = JSON.parse(gunzipSync(readFileSync(path.join(REPO_ROOT, 'test/fixtures/rewards/golden-trl-rewards.json.gz'))).toString('utf8'));
  const think: string[] = G.think_format.map((c: { output: string }) => c.output);
  const math: string[] = readGoldens<{ output: string }>('math-boxed.jsonl.gz').map((c) => c.output);
  const rng = createRng(20261206);
  const items = (outputs: string[], refs?: string[]): Item[] => outputs.map((o, i) => ({ id: String(i), output: o, ...(refs ? { references: [refs[i]] } : {}) }));
  const regex = (pattern: string, flags: string, mode: RegexMatchMode, outputs: string[], label: string): Task => ({
    name: `regex ${label}`,
    scorer: new RegexScorer(pattern, flags, mode),
    items: items(outputs),
    job: { kind: 'regex', pattern, flags, mode },
  });
  const json = jsonOutputs(rng, 2400);
  const choice = choiceOutputs(rng, 2400);
  const ids = tokenRollouts(rng, 2000);
  const verdicts = ids.map(() => (rng.uniform() < 0.5 ? '42' : '41'));
  const dir = mkdtempSync(path.join(tmpdir(), 'tc-bench-rewards-'));
  const rewardFile = path.join(dir, 'shaped.yaml');
  writeFileSync(
    rewardFile,
    [
      'combine: sum',
      'components:',
      '  - {name: cosine, spec: "cosine-length:verifier=exact,max-length=1024"}',
      '  - {name: overlong, spec: "overlong:max-length=1024,buffer=256"}',
      '  - {name: repetition, spec: "repetition:ngram=3"}',
      '',
    ].join('\n'),
  );
  return [
    { name: 'think-format (TRL)', scorer: createScorer('think-format'), items: items(think), job: { kind: 'think-format' } },
    regex('^<think>[\\s\\S]*?</think>\\s*\\S', '', 'start', think, 'think block then text (match)'),
    regex('\\\\boxed\\{[^{}]+\\}', '', 'search', math, 'boxed (search)'),
    regex('answer\\s*:\\s*\\S+', 'i', 'search', math, 'answer: (search, i)'),
    regex('[\\s\\S]*\\\\boxed\\{[0-9]+\\}\\.?\\s*', '', 'full', math, 'ends in boxed integer (fullmatch)'),
    { name: 'json (valid JSON)', scorer: createScorer('json'), items: items(json), job: { kind: 'json' } },
    {
      name: 'json:schema (jsonschema draft-07)',
      scorer: createScorer(`json:schema=${SCHEMA_FILE}`),
      items: items(json),
      job: { kind: 'json', schema: JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) },
    },
    {
      name: 'choice:letters=ABCDE',
      scorer: createScorer('choice:letters=ABCDE'),
      items: items(choice.map((c) => c.output), choice.map((c) => c.ref)),
      job: { kind: 'choice', letters: 'ABCDE' },
    },
    {
      name: 'composite: cosine + overlong + repetition (TRL)',
      scorer: createScorer(`reward:file=${rewardFile}`),
      items: ids.map((t, i) => ({ id: String(i), output: '42', references: [verdicts[i]], meta: { completion_ids: t } })),
      job: { kind: 'shaped', max_len: 1024, buffer: 256, ngram: 3, ids },
    },
  ];
}

export async function benchRewards(repeats: number): Promise<BenchRow[]> {
  const all = tasks();
  const py = runPython(
    path.join(BENCH_DIR, 'reference/trl_rewards_bench.py'),
    {
      repeats,
      tasks: all.map((t) => ({
        name: t.name,
        ...t.job,
        outputs: t.items.map((it) => it.output),
        refs: t.items.map((it) => it.references?.[0] ?? ''),
      })),
    },
  );
  const rows: BenchRow[] = [];
  for (const t of all) {
    const s = t.scorer;
    const values = (scores: { value: number | null }[]) => scores.map((x) => x.value as number);
    let run: { seconds: number; out: number[] };
    if (isSyncScorer(s)) {
      s.scoreSync(t.items); // warm-up (JIT)
      run = bestTime(() => values(s.scoreSync(t.items)), repeats);
    } else {
      await s.score(t.items);
      run = await bestTimeAsync(async () => values(await s.score(t.items)), repeats);
    }
    const ref = py.ok ? py.result[t.name] : undefined;
    const refError = py.ok ? ref?.error : py.reason;
    rows.push({
      task: t.name,
      items: t.items.length,
      ours: run.seconds,
      reference: refError ? undefined : ref.seconds,
      maxAbsDiff: refError ? undefined : maxAbsDiff(run.out, ref.scores),
      note: refError ? `reference skipped: ${refError}` : undefined,
    });
  }
  printRows('non-math verifiable scorers and a composite reward', 'Python reference', rows);
  return rows;
}
