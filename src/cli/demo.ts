// `trenchcoat demo` (what `npm start` runs): the main job on the bundled real MQM TED en-de sample, in four steps —
// score every system with the built-in metrics; meta-evaluate them against the human MQM scores (correlations,
// tie-calibrated accuracy, CIs, significance clusters) and as reward models on preference pairs built from the
// ratings; probe them for hackability; and show the score cache at work on a (tiny, random-weight) ONNX reward model.
import type { Command } from 'commander';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScorer } from '../scorers/registry.js';
import '../scorers/builtin.js';
import { runScorers } from '../scoring.js';
import { readItems } from '../data/index.js';
import { loadMetaEvalInput } from '../metaeval/load.js';
import { metaEvaluate } from '../metaeval/run.js';
import { calibrationSummary, formatReport, reportJson } from '../metaeval/report.js';
import { hackabilityProbe, type HackabilityReport } from '../probes/hackability.js';
import { renderReport, type ReportPart } from '../report/index.js';
import { openScoringSession } from '../store/session.js';
import type { Item } from '../scorers/contract.js';
import { action } from './errors.js';
import { hashInputs, writeFileAtomic } from './html.js';
import { formatNumber, formatTable } from './table.js';
import { SERVE_DEFAULTS, startRewardServer } from '../serve/server.js';
import { packageRoot } from '../package-root.js';

const ROOT = packageRoot();
export const DEMO_DATA = path.join(ROOT, 'examples/mqm-ted-ende/ted-ende.jsonl');
/** A tiny random-weight BERT reward model (a parity-test fixture): its rewards mean nothing; it shows the cache. */
const DEMO_RM = path.join(ROOT, 'test/fixtures/onnx/bert-rm');
export const DEMO_SCORERS = ['column:mqm', 'bleu', 'chrf', 'chrf++', 'ter', 'rouge-l', 'length'];
const META_SCORERS = ['bleu:eff=true', 'chrf', 'chrf++', 'ter', 'length'];
const PROBE_SCORERS = ['chrf', 'bleu:eff=true', 'length'];
const PROBE_PERTURBATIONS = ['self-praise', 'verbosity-padding', 'repetition', 'drop-content-word', 'truncation'];
const SEED = 1;
const RESAMPLES = 200;

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('the main job on the bundled WMT21 TED en-de MQM sample: score, meta-evaluate, probe, cache')
    .action(action(async () => runDemo()));
}

function say(...lines: string[]): void {
  process.stdout.write(lines.join('\n') + '\n');
}

export async function runDemo(): Promise<void> {
  const { items } = await readItems(DEMO_DATA, {
    mapping: { idField: 'id', outputField: 'output', refFields: ['reference'], promptField: 'source', metaFields: ['system', 'seg_id', 'mqm'] },
  });
  await scoreSystems(items);
  const metaEval = await metaEvaluateMetrics();
  const hack = await probeHackability(items);
  await cacheAtWork(items);
  await serveAReward(items);
  await writeDemoReport([...metaEval, hack]);
}

export const DEMO_REPORT = 'trenchcoat-demo.html';

/** The demo page: its meta-evaluations and probe (`parts`) under the demo's title, provenance and intro. */
export async function renderDemoPage(parts: ReportPart[], now: string): Promise<string> {
  return renderReport(parts, {
    argv: ['demo'],
    source: 'this run (npm start)',
    reproduce: 'npm start   # or: trenchcoat demo',
    dataHashes: (await hashInputs([DEMO_DATA])).map((h) => ({ ...h, file: path.relative(ROOT, h.file) })),
    computedAt: now,
    renderedAt: now,
  }, {
    title: 'trenchcoat demo: metrics as reward models on WMT21 TED en-de MQM',
    intro: ['Every built-in metric against expert MQM judgments (Freitag et al. 2021, Apache-2.0): segment-level correlations with significance clusters, the same metrics as reward models on preference pairs built from the ratings, and how easily each is hacked.'],
  });
}

/** The demo's meta-evaluations and probe as one page, written to the current folder. */
async function writeDemoReport(parts: ReportPart[]): Promise<void> {
  const html = await renderDemoPage(parts, new Date().toISOString());
  writeFileAtomic(DEMO_REPORT, html);
  say('', `report: ${path.resolve(DEMO_REPORT)} (open it in a browser; self-contained, works offline)`);
}

async function scoreSystems(items: Item[]): Promise<void> {
  const result = await runScorers(items, DEMO_SCORERS.map((s) => createScorer(s)), { level: 'corpus', groupBy: 'system' });
  const systems = result.runs[0].corpus.map((c, k) => ({ name: c.group as string, k, mqm: c.score.value as number }));
  systems.sort((a, b) => b.mqm - a.mqm);
  const header = ['system (by human MQM)', ...result.runs.map((r) => (r.spec === 'column:mqm' ? 'MQM' : r.spec))];
  const rows = systems.map((s) => [s.name, ...result.runs.map((r) => formatNumber(r.corpus[s.k].score.value, r.spec === 'column:mqm' ? 3 : 2))]);
  say(
    `== 1. score: WMT21 TED talks en-de, ${items.length} segments from ${systems.length} MT systems, expert MQM (Freitag et al. 2021, Apache-2.0)`,
    'MQM is minus the error penalty (0 = perfect); BLEU/chrF/TER are corpus scores per system; ROUGE-L and length are means.',
    '',
    formatTable(header, rows, ['l', ...result.runs.map(() => 'r' as const)]),
    '',
    'signatures:',
    ...result.runs.map((r) => `  ${r.signature}`),
  );
}

async function metaEvaluateMetrics(): Promise<ReportPart[]> {
  const input = await loadMetaEvalInput({
    judgments: DEMO_DATA,
    ratings: { system: 'system', item: 'seg_id', value: 'mqm', output: 'output', source: 'source', reference: 'reference', protocol: 'mqm' },
  });
  const segment = await metaEvaluate(input, {
    scorers: META_SCORERS,
    measures: ['pearson', 'kendall', 'acc23-tc'],
    bootstrap: RESAMPLES,
    permutations: RESAMPLES,
    seed: SEED,
  });
  say(
    '',
    '== 2a. meta-evaluate: segment-level agreement with MQM (mt-metrics-eval measures; TER negated; clusters from PERM-BOTH)',
    '',
    formatReport(segment),
  );
  const pairs = await metaEvaluate(input, {
    scorers: META_SCORERS,
    asPreferences: { margin: 0, ties: 'tie' },
    measures: ['accuracy', 'accuracy-half', 'acc23-tc', 'ece', 'brier'],
    bootstrap: RESAMPLES,
    seed: SEED,
  });
  say(
    '',
    '== 2b. the same metrics used as reward models on preference pairs built from the MQM ratings',
    'RewardBench accuracy (strict >, gold ties left out) next to tie-aware accuracy (acc23 with a calibrated ε, gold ties in)',
    'and calibration of σ(Δ/T) (T fitted on a split); 95% bootstrap CIs are in `trenchcoat meta-eval --as-preferences …`.',
    '',
    calibrationSummary(pairs) ?? '',
  );
  return [
    { kind: 'meta-eval', result: JSON.parse(reportJson(segment)), heading: '2a. Meta-evaluation: segment-level agreement with MQM' },
    { kind: 'meta-eval', result: JSON.parse(reportJson(pairs)), heading: '2b. The same metrics as reward models on preference pairs built from MQM' },
  ];
}

async function probeHackability(items: Item[]): Promise<ReportPart> {
  const rows: string[][] = [];
  const reports: HackabilityReport[] = [];
  for (const spec of PROBE_SCORERS) {
    const report = await hackabilityProbe(createScorer(spec), items, {
      perturbations: PROBE_PERTURBATIONS,
      seed: SEED,
      bootstrap: { resamples: RESAMPLES },
    });
    reports.push(report);
    rows.push([spec, ...report.outcomes.map((o) => `${formatNumber(o.rate, 3)} [${formatNumber(o.interval.lower, 2)}, ${formatNumber(o.interval.upper, 2)}]`)]);
  }
  say(
    '',
    '== 3. probe: hack rate = share of outputs whose score went UP under a degrading perturbation (95% CI; seed 1)',
    '',
    formatTable(['scorer', ...PROBE_PERTURBATIONS], rows, ['l', ...PROBE_PERTURBATIONS.map(() => 'r' as const)]),
    '',
    'The length baseline is "hacked" by every padding: any reward that correlates with length inherits some of that.',
  );
  return { kind: 'probe-hack', result: JSON.parse(JSON.stringify(reports)), heading: '3. Probe: how easily each metric is hacked' };
}

async function cacheAtWork(items: Item[]): Promise<void> {
  if (!existsSync(DEMO_RM)) {
    say('', '== 4. cache: skipped (the tiny ONNX reward model of test/fixtures is not in this installation)');
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'trenchcoat-demo-'));
  const cachePath = path.join(dir, 'cache.sqlite');
  const lines: string[] = [];
  try {
    for (const attempt of ['first run', 'second run']) {
      const session = await openScoringSession([createScorer(`onnx-rm:path=${DEMO_RM}`)], {
        cachePath,
        command: 'demo',
        argv: [],
        inputFiles: [DEMO_DATA],
      });
      try {
        const result = await runScorers(items, session.scorers, { level: 'corpus' });
        session.finish({ items: result.items }, 0, result.runs.map((r) => r.signature));
        lines.push(`${attempt}: mean reward ${formatNumber(result.runs[0].corpus[0].score.value)}; ${(session.cacheSummary() ?? '').replace(cachePath, 'a temporary cache')}`);
      } finally {
        session.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  say(
    '',
    '== 4. cache: a model scorer (a tiny random-weight ONNX reward model standing in for a real one) scored twice',
    ...lines.map((l) => l.replace(/; run \S+$/, '')),
    'Identical outputs are scored once (hits in the first run); the second run is served from the content-addressed cache.',
  );
}

async function serveAReward(items: Item[]): Promise<void> {
  const server = await startRewardServer({
    ...SERVE_DEFAULTS,
    port: 0,
    specs: ['chrf', 'bleu:eff=true'],
    maxBodyBytes: SERVE_DEFAULTS.maxBodyBytes,
    maxQueued: SERVE_DEFAULTS.maxQueued,
    batch: { ...SERVE_DEFAULTS.batch },
    workers: 0,
    rewardDict: false,
    log: () => {},
  });
  try {
    const batch = items.slice(0, 4);
    const prompt = (it: Item) => `Translate into German: ${it.prompt}\n`;
    const body = { query: batch.map((it) => prompt(it) + it.output), prompts: batch.map(prompt), labels: batch.map((it) => it.references?.[0] ?? null) };
    const answer = (await (await fetch(`${server.url}/get_reward`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json()) as {
      rewards: number[];
      extra_logs: Record<string, number[]>;
    };
    say(
      '',
      `== 5. serve: chrF as an RL reward (trenchcoat serve -s chrf -s bleu:eff=true), one OpenRLHF /get_reward batch to ${server.url}`,
      formatTable(
        ['item', 'reward (chrF)', 'extra_logs bleu'],
        batch.map((it, i) => [it.id, formatNumber(answer.rewards[i]), formatNumber(answer.extra_logs['bleu:eff=true'][i])]),
        ['l', 'r', 'r'],
      ),
      'The same numbers as `trenchcoat score --level segment`; the demo server ran without auth on loopback and is stopped.',
    );
  } finally {
    await server.drain(1000);
  }
}
