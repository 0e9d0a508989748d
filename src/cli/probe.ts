// `trenchcoat probe`: bias probes and perturbation hackability of any scorer. Thin: parse flags, call src/probes, print.
//   probe length     length bias (preference pairs, or within-item correlation on scored items)
//   probe position   position consistency of a pairwise judge (run both orders) or of precomputed two-order decisions
//   probe lc         AlpacaEval length-controlled win rate (exact from saved weights + difficulties, or our own GLM fit)
//   probe self-pref  self-preference of a judge on attributed pairwise judgments (AlpacaEval annotations)
//   probe hack       perturbation hack rates / instability with bootstrap CIs; exit 1 when a threshold is exceeded
import { Option, type Command } from 'commander';
import { createScorer } from '../scorers/registry.js';
import { ColumnScorer } from '../scorers/simple/column.js';
import { formatMissingNote, MissingValues, type MissingSummary } from '../data/numbers.js';
import '../scorers/builtin.js';
import type { Item } from '../scorers/contract.js';
import { importJudgments } from '../judgments/importers/index.js';
import { JUDGMENT_FORMATS, type JudgmentFormat } from '../judgments/importers/result.js';
import type { Preference } from '../judgments/types.js';
import { DataError, describeValue, readRecords, type SourceRecord } from '../data/index.js';
import {
  codePointLength,
  compareBothOrders,
  estimateInstructionDifficulty,
  familyMapping,
  fitLengthControlledWinRate,
  groupIndicesBy,
  hackabilityProbe,
  listPerturbations,
  parseLcWeightsCsv,
  parseWinner,
  positionProbe,
  predictLengthControlledWinRate,
  predictPreferences,
  preferencePairsLengthReport,
  selfPreference,
  twoOrderRunsFromOutcomes,
  withinItemLengthCorrelation,
  type AttributedJudgment,
  type HackabilityReport,
  type TwoOrderRuns,
} from '../probes/index.js';
import type { BootstrapInterval } from '../stats/bootstrap.js';
import { action, UsageError } from './errors.js';
import { addInputOptions, openItems, type InputFlags } from './input.js';
import { withNeededMetaFields } from './meta-fields.js';
import { addMaxFailuresOption, parseMaxFailures } from './failures.js';
import { FailureWatch } from './failure-watch.js';
import { collect, DEFAULT_SEED, integerAtLeast, num as numberFlag, readFlagFile } from './options.js';
import { writeHtmlReport } from './html.js';
import { printResult } from './output.js';
import { formatNumber, formatTable } from './table.js';

function num(name: string, v: string | undefined, fallback?: number): number | undefined {
  return v === undefined ? fallback : numberFlag(name, v);
}

function int(name: string, v: string | undefined, fallback: number): number {
  return v === undefined ? fallback : numberFlag(name, v, integerAtLeast(0));
}

function ci(i: BootstrapInterval): string {
  return `[${formatNumber(i.lower)}, ${formatNumber(i.upper)}]`;
}

async function loadPreferences(file: string, format?: string): Promise<Preference[]> {
  if (format !== undefined && !JUDGMENT_FORMATS.includes(format as JudgmentFormat)) {
    throw new UsageError(`--judgment-format must be one of ${JUDGMENT_FORMATS.join(', ')}, not "${format}"`);
  }
  const imported = await importJudgments(file, { format: format as JudgmentFormat | undefined });
  const prefs = imported.judgments.find((j) => j.kind === 'preferences');
  if (!prefs || prefs.kind !== 'preferences') throw new UsageError(`${file}: not preference pairs (format ${imported.format})`);
  return prefs.pairs;
}

async function collectItems(flags: InputFlags, numberFields: string[] = []): Promise<Item[]> {
  return (await collectItemsWithMissing(flags, numberFields)).items;
}

/** Items, with `column:NAME` fields read as finite numbers (errors at FILE:LINE; missing ones under --missing). */
async function collectItemsWithMissing(flags: InputFlags, numberFields: string[]): Promise<{ items: Item[]; missing: MissingSummary }> {
  const metaField = flags.metaField.includes('rest') ? flags.metaField : [...new Set([...flags.metaField, ...numberFields])];
  const source = await openItems({ ...flags, metaField: flags.hyp ? flags.metaField : metaField }, { numberFields });
  const items: Item[] = [];
  for await (const it of source.items) items.push(it);
  await source.close();
  return { items, missing: source.missing.summary() };
}

export function registerProbeCommand(program: Command): void {
  const probe = program.command('probe').description('bias probes (length, position, length-controlled win rate, self-preference) and perturbation hackability');
  registerLength(probe);
  registerPosition(probe);
  registerLc(probe);
  registerSelfPreference(probe);
  registerHack(probe);
}

// ---------------------------------------------------------------------------------------------------------------

interface LengthFlags extends InputFlags {
  judgments?: string;
  judgmentFormat?: string;
  /** hidden alias of --judgment-format */
  judgmentsFormat?: string;
  scorer?: string;
  groupField?: string;
  tolerance: string;
  toleranceChars: string;
  json?: boolean;
  html?: string;
  maxFailures?: string;
}

function registerLength(probe: Command): void {
  const cmd = probe
    .command('length')
    .description('length bias: accuracy by chosen longer/shorter/similar and the pure length baselines (pairs), or within-item score–length rank correlation (items)')
    .option('-j, --judgments <file>', 'preference pairs (any importer format: hh-rlhf, rewardbench-v1, alpaca-eval, preferences …)')
    .option('--judgment-format <fmt>', 'importer format, when it cannot be detected')
    .addOption(new Option('--judgments-format <fmt>').hideHelp())
    .option('-s, --scorer <spec>', 'scorer to probe (pairs: optional; items: required)')
    .option('--group-field <field>', 'items: meta field naming the item/prompt the outputs belong to (default: the prompt text)')
    .option('--tolerance <r>', 'similar length: |Δ| ≤ r · longer length', '0.1')
    .option('--tolerance-chars <n>', 'similar length: or |Δ| ≤ n characters', '0')
    .option('--json', 'machine-readable JSON')
    .option('--html <file>', 'also write a self-contained HTML report (length buckets, accuracy by bucket, score vs length)');
  addInputOptions(cmd);
  addMaxFailuresOption(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  trenchcoat probe length -j harmless-base/test.jsonl.gz                 # length baselines of the data alone
  trenchcoat probe length -j rewardbench.jsonl -s column:score_chosen      # not meaningful; use a real scorer:
  trenchcoat probe length -j pairs.jsonl --judgment-format preferences -s length
  trenchcoat probe length --data outputs.jsonl --group-field prompt_id -s column:reward`,
  );
  cmd.action(
    action(async (flags: LengthFlags) => {
      const tolerance = { relative: num('--tolerance', flags.tolerance)!, chars: num('--tolerance-chars', flags.toleranceChars)! };
      const allowFailures = parseMaxFailures(flags.maxFailures ?? '0');
      const watch = new FailureWatch();
      if (flags.judgments) {
        const pairs = await loadPreferences(flags.judgments, flags.judgmentFormat ?? flags.judgmentsFormat);
        const scorer = flags.scorer ? createScorer(flags.scorer) : undefined;
        const predicted = scorer ? await predictPreferences(watch.track(scorer), pairs) : undefined;
        const r = preferencePairsLengthReport(pairs, { predicted, tolerance });
        const result = { ...r, scorer: r.scorer, spec: scorer?.spec(), signature: scorer?.signature(), ...watch.jsonBlock() };
        printResult(flags.json, result, () => {
          const lines = [
            `pairs ${r.pairs} (decisive ${r.decisive}); chosen longer ${r.buckets.longer}, shorter ${r.buckets.shorter}, similar ${r.buckets.similar} (|Δ| ≤ max(${tolerance.chars}, ${tolerance.relative}·longer))`,
            `length baselines: prefer-longer ${formatNumber(r.baselines.preferLonger)}, prefer-shorter ${formatNumber(r.baselines.preferShorter)} (equal-length pairs count as wrong: ${r.baselines.equalLength})`,
          ];
          if (r.scorer && scorer) {
            const s = r.scorer;
            lines.push(
              `${scorer.signature()}`,
              formatTable(
                ['subset', 'n', 'accuracy'],
                [
                  ['all', String(r.decisive - s.abstained), formatNumber(s.accuracy)],
                  ...(['longer', 'shorter', 'similar'] as const).map((b) => [`chosen ${b}`, String(s.byBucket[b].n), formatNumber(s.byBucket[b].accuracy)]),
                  ['length-matched (similar)', String(s.byBucket.similar.n), formatNumber(s.lengthMatched)],
                  ['length-balanced', '', formatNumber(s.lengthBalanced)],
                ],
                ['l', 'r', 'r'],
              ),
              `picks the longer output in ${formatNumber(s.prefersLonger)} of unequal-length decisions; abstained on ${s.abstained}`,
            );
          }
          return [...lines, ...watch.notes()].join('\n');
        });
        if (flags.html) await writeHtmlReport(flags.html, { kind: 'probe-length-pairs', result, inputFiles: [flags.judgments] });
        watch.report(allowFailures);
        return;
      }
      if (!flags.scorer) throw new UsageError('probe length on items needs --scorer');
      const scorer = createScorer(flags.scorer);
      const { items, missing } = await collectItemsWithMissing(withNeededMetaFields(flags, [scorer], [flags.groupField]), scorer instanceof ColumnScorer ? [scorer.column] : []);
      const scores = await watch.track(scorer).score(items);
      const sign = scorer.direction === 'higher' ? 1 : -1;
      const keys = items.map((it) => String(flags.groupField ? (it.meta?.[flags.groupField] ?? '') : JSON.stringify(it.prompt ?? '')));
      const groups = groupIndicesBy(keys).map((idx) => ({
        lengths: idx.map((i) => codePointLength(items[i].output)),
        scores: idx.map((i) => (scores[i].value === null ? NaN : sign * (scores[i].value as number))),
      }));
      const r = withinItemLengthCorrelation(groups);
      const result = { ...r, spec: scorer.spec(), signature: scorer.signature(), ...lengthPoints(items, scores, keys), ...(missing.count > 0 ? { missing } : {}), ...watch.jsonBlock() };
      printResult(flags.json, result, () =>
        `${missing.count > 0 ? `${formatMissingNote(missing)}\n` : ''}${scorer.signature()}\nwithin-item rank correlation of score with length over ${r.items} items (${r.skipped} undefined): Spearman ${formatNumber(r.spearman)}, Kendall tau-b ${formatNumber(r.kendall)}` +
          watch.notes().map((n) => `\n${n}`).join(''),
      );
      if (flags.html) await writeHtmlReport(flags.html, { kind: 'probe-length-items', result, inputFiles: [flags.data, flags.hyp, ...flags.ref, flags.src] });
      watch.report(allowFailures);
    }),
  );
}

const MAX_LENGTH_POINTS = 2000;

/**
 * The (item, length, score) points a score-vs-length chart draws, in input order (score null = abstained, in the
 * scorer's own direction). Above MAX_LENGTH_POINTS outputs an even stride through the input is kept and
 * `pointsTotal` says how many there were, so the --json result stays small.
 */
function lengthPoints(items: readonly Item[], scores: readonly { value: number | null }[], keys: readonly string[]): { points: { group: string; length: number; score: number | null }[]; pointsTotal: number } {
  const stride = Math.max(1, Math.ceil(items.length / MAX_LENGTH_POINTS));
  const points: { group: string; length: number; score: number | null }[] = [];
  for (let i = 0; i < items.length; i += stride) points.push({ group: keys[i], length: codePointLength(items[i].output), score: scores[i].value });
  return { points, pointsTotal: items.length };
}

// ---------------------------------------------------------------------------------------------------------------

interface PositionFlags {
  judgments?: string;
  judgmentFormat?: string;
  /** hidden alias of --judgment-format */
  judgmentsFormat?: string;
  scorer?: string;
  decisions?: string;
  labelField: string;
  originalField: string;
  swappedField: string;
  seed: string;
  bootstrap: string;
  /** hidden alias of --bootstrap */
  resamples?: string;
  json?: boolean;
  html?: string;
  maxFailures?: string;
}

function registerPosition(probe: Command): void {
  const cmd = probe
    .command('position')
    .description('position bias: consistency across the two orders, first/second-slot bias, accuracy with inconsistent pairs as ½ and as wrong')
    .option('-j, --judgments <file>', 'preference pairs to run a pairwise judge on in both orders')
    .option('--judgment-format <fmt>', 'importer format, when it cannot be detected')
    .addOption(new Option('--judgments-format <fmt>').hideHelp())
    .option('-s, --scorer <spec>', 'a pairwise-native judge spec')
    .option('--decisions <file>', 'precomputed decisions instead: one record per pair with label, original and swapped winners (1/2)')
    .option('--label-field <f>', 'decisions: gold winner field', 'label')
    .option('--original-field <f>', 'decisions: winner with output 1 shown first', 'original')
    .option('--swapped-field <f>', 'decisions: winner with output 2 shown first, in original-order terms', 'swapped')
    .option('--seed <n>', 'bootstrap seed', DEFAULT_SEED)
    .option('--bootstrap <n>', 'bootstrap resamples', '1000')
    .addOption(new Option('--resamples <n>').hideHelp())
    .option('--json', 'machine-readable JSON')
    .option('--html <file>', 'also write a self-contained HTML report (consistent / first / second slot with CIs)');
  addMaxFailuresOption(cmd)
    .addHelpText(
      'after',
      `
Examples:
  trenchcoat probe position --decisions llmbar-decisions.jsonl
  trenchcoat probe position -j llmbar/Natural/dataset.json --judgment-format llmbar -s 'judge:…'`,
    )
    .action(
      action(async (flags: PositionFlags) => {
        const boot = { seed: int('--seed', flags.seed, 1), resamples: int('--bootstrap', flags.resamples ?? flags.bootstrap, 1000) };
        const allowFailures = parseMaxFailures(flags.maxFailures ?? '0');
        const watch = new FailureWatch();
        const noGold = new MissingValues('skip');
        let runs: TwoOrderRuns;
        if (flags.decisions) {
          const labels: (1 | 2)[] = [], original: (1 | 2 | null)[] = [], swapped: (1 | 2 | null)[] = [];
          for await (const rec of readRecords(flags.decisions)) {
            const label = decisionOf(rec, flags.labelField);
            // no gold winner: nothing to be consistent about; left out, counted and named with the result
            if (label === null) {
              noGold.note({ file: rec.file, line: rec.line, unit: rec.unit, field: flags.labelField });
              continue;
            }
            labels.push(label);
            original.push(decisionOf(rec, flags.originalField));
            swapped.push(decisionOf(rec, flags.swappedField));
          }
          runs = { labels, original, swapped };
        } else {
          if (!flags.judgments || !flags.scorer) throw new UsageError('give --decisions FILE, or --judgments FILE with --scorer JUDGE');
          const pairs = await loadPreferences(flags.judgments, flags.judgmentFormat ?? flags.judgmentsFormat);
          const outcomes = await compareBothOrders(watch.track(createScorer(flags.scorer)), pairs);
          runs = twoOrderRunsFromOutcomes(outcomes, pairs.map((p) => p.label)).runs;
        }
        if (runs.labels.length === 0) throw new UsageError('no pairs with a gold winner');
        const r = positionProbe(runs, boot);
        const missed = noGold.summary();
        const result = { ...r, spec: flags.scorer ?? null, ...(missed.count ? { missing: missed } : {}), ...watch.jsonBlock() };
        printResult(flags.json, result, () =>
          [...(missed.count ? [`${formatMissingNote(missed)}: no gold winner`] : []), formatTable(
            ['measure', 'value', `${r.intervals.consistency.level * 100}% CI (seed ${boot.seed})`],
            [
              ['pairs', String(r.n), ''],
              ['consistency', formatNumber(r.consistency), ci(r.intervals.consistency)],
              ['first-position bias', formatNumber(r.firstPositionBias), ci(r.intervals.firstPositionBias)],
              ['second-position bias', formatNumber(r.secondPositionBias), ci(r.intervals.secondPositionBias)],
              ['accuracy (inconsistent = ½)', formatNumber(r.accuracyInconsistentHalf), ci(r.intervals.accuracyInconsistentHalf)],
              ['accuracy (inconsistent = wrong)', formatNumber(r.accuracyInconsistentWrong), ci(r.intervals.accuracyInconsistentWrong)],
            ],
            ['l', 'r', 'l'],
          ), ...watch.notes()].join('\n'),
        );
        if (flags.html) await writeHtmlReport(flags.html, { kind: 'probe-position', result, inputFiles: [flags.decisions, flags.judgments] });
        watch.report(allowFailures);
      }),
    );
}

/**
 * A winner in a decisions file: 1/2, "1"/"2", a/b or A/B; null, an absent field or "" is no decision (the judge gave
 * none). Anything else (a typo, 3, "left") is an error at FILE:LINE and field, never silently "no decision".
 */
function decisionOf(rec: SourceRecord, field: string): 1 | 2 | null {
  const raw = rec.record[field];
  if (raw === null || raw === undefined || raw === '') return null;
  const w = parseWinner(raw);
  if (w === null) throw new DataError({ file: rec.file, line: rec.line, unit: rec.unit, field, kind: 'type', detail: `expected a winner 1 or 2 (or a / b; null for no decision), got ${describeValue(raw)}` });
  return w;
}

// ---------------------------------------------------------------------------------------------------------------

interface LcFlags {
  annotations: string[];
  weights?: string;
  difficulty?: string;
  model: string[];
  baseline: string;
  json?: boolean;
  html?: string;
}

function registerLc(probe: Command): void {
  probe
    .command('lc')
    .description('AlpacaEval length-controlled win rate: exact from saved GLM weights + instruction difficulties, or our own GLM fit of annotations (an approximation)')
    .option('-a, --annotations <file>', 'AlpacaEval annotations.json of a model (repeatable): fit our GLM per file', collect, [])
    .option('--weights <csv>', "upstream's weights CSV (metrics/weights/<annotator>/length_controlled_v1/baseline_<b>.csv)")
    .option('--difficulty <csv>', "upstream's instruction_difficulty.csv (Hugging Face); last column, in instruction order")
    .option('-m, --model <name>', 'with --weights: model(s) to predict (default: all rows)', collect, [])
    .option('--baseline <name>', 'with --weights: the baseline row', 'gpt4_1106_preview')
    .option('--json', 'machine-readable JSON')
    .option('--html <file>', 'also write a self-contained HTML report (win rate and length-controlled win rate per model)')
    .addHelpText(
      'after',
      `
Examples:
  trenchcoat probe lc --weights baseline_gpt4_1106_preview.csv --difficulty instruction_difficulty.csv -m claude-2.1
  trenchcoat probe lc -a results/claude-2.1/weighted_alpaca_eval_gpt4_turbo/annotations.json

With several --annotations files the instruction difficulty is estimated as logit(mean P(win)) over them (the
AlpacaEval notebook's fallback); with one, the GLM has only the length and constant terms. Either way the fit is an
approximation of the published column (no gamed-baseline rows, different difficulty): see src/probes/length-controlled/fit.ts.`,
    )
    .action(
      action(async (flags: LcFlags) => {
        if (flags.weights) {
          if (!flags.difficulty) throw new UsageError('--weights needs --difficulty (per-instruction difficulties)');
          const weights = parseLcWeightsCsv(readFlagFile('--weights', flags.weights));
          const difficulty = readFlagFile('--difficulty', flags.difficulty)
            .trim()
            .split(/\r?\n/)
            .slice(1)
            .map((l) => Number(l.split(',').pop()));
          const base = weights.get(flags.baseline);
          if (!base) throw new UsageError(`--baseline ${flags.baseline} is not a row of ${flags.weights}`);
          const names = flags.model.length ? flags.model : [...weights.keys()];
          const rows = names.map((m) => {
            const w = weights.get(m);
            if (!w) throw new UsageError(`model ${m} is not a row of ${flags.weights}`);
            return { model: m, length_controlled_winrate: predictLengthControlledWinRate(w, base, difficulty) };
          });
          printResult(flags.json, rows, () => formatTable(['model', 'LC win rate'], rows.map((r) => [r.model, formatNumber(r.length_controlled_winrate)]), ['l', 'r']));
          if (flags.html) await writeHtmlReport(flags.html, { kind: 'probe-lc', result: rows, inputFiles: [flags.weights, flags.difficulty] });
          return;
        }
        if (flags.annotations.length === 0) throw new UsageError('give --annotations FILE (fit) or --weights CSV --difficulty CSV (exact)');
        const sets = await Promise.all(flags.annotations.map((f) => loadPreferences(f, 'alpaca-eval')));
        const byInstruction = new Map<string, number>();
        for (const pairs of sets) for (const p of pairs) if (!byInstruction.has(String(p.prompt))) byInstruction.set(String(p.prompt), byInstruction.size);
        const pWin = sets.map((pairs) => {
          const row = new Float64Array(byInstruction.size).fill(NaN);
          for (const p of pairs) {
            const pref = p.meta?.preference as number | null;
            if (pref !== null && pref !== undefined) row[byInstruction.get(String(p.prompt))!] = (pref === 0 ? 1.5 : pref) - 1;
          }
          return row;
        });
        const difficulty = sets.length > 1 ? estimateInstructionDifficulty(pWin) : undefined;
        const rows = sets.map((pairs, k) => {
          const fit = fitLengthControlledWinRate({
            preferences: pairs.map((p) => (p.meta?.preference as number | null) ?? null),
            baselineLengths: pairs.map((p) => codePointLength(p.a)),
            modelLengths: pairs.map((p) => codePointLength(p.b)),
            difficulty: difficulty ? pairs.map((p) => difficulty[byInstruction.get(String(p.prompt))!]) : undefined,
          });
          return { file: flags.annotations[k], model: pairs[0]?.modelB ?? null, ...fit };
        });
        printResult(flags.json, rows, () =>
          formatTable(
            ['model', 'win rate', 'LC (own fit)', 'w_len', 'w_diff', 'w_gamed', 'C'],
            rows.map((r) => [String(r.model), formatNumber(r.winRate, 2), formatNumber(r.lcWinRate, 2), formatNumber(r.weights.length), formatNumber(r.weights.difficulty), formatNumber(r.weights.notGamed), r.C.toPrecision(3)]),
            ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
          ),
        );
        if (flags.html) await writeHtmlReport(flags.html, { kind: 'probe-lc', result: rows, inputFiles: flags.annotations });
      }),
    );
}

// ---------------------------------------------------------------------------------------------------------------

interface SelfPrefFlags {
  judgments: string[];
  judgeFamily: string;
  family: string[];
  seed: string;
  bootstrap: string;
  /** hidden alias of --bootstrap */
  resamples?: string;
  json?: boolean;
  html?: string;
}

function registerSelfPreference(probe: Command): void {
  probe
    .command('self-pref')
    .description("self-preference: how often a judge prefers outputs of its own model family (pairs whose data name each output's generator)")
    .option('-j, --judgments <file>', 'AlpacaEval-style annotations (generator_1/generator_2/preference), repeatable', collect, [])
    .requiredOption('--judge-family <name>', "the judge's own family")
    .option('--family <prefix=family>', 'generator-name prefix → family, repeatable (first match wins)', collect, [])
    .option('--seed <n>', 'bootstrap seed', DEFAULT_SEED)
    .option('--bootstrap <n>', 'bootstrap resamples', '1000')
    .addOption(new Option('--resamples <n>').hideHelp())
    .option('--json', 'machine-readable JSON')
    .option('--html <file>', 'also write a self-contained HTML report (own-family win rate with CI, judge win rate per generator)')
    .addHelpText(
      'after',
      `
Example:
  trenchcoat probe self-pref -j results/*/weighted_alpaca_eval_gpt4_turbo/annotations.json --judge-family gpt-4 --family gpt4=gpt-4

Without reference labels the own-family win rate mixes self-preference with real quality differences.`,
    )
    .action(
      action(async (flags: SelfPrefFlags) => {
        if (flags.judgments.length === 0) throw new UsageError('give at least one --judgments file');
        const prefixes = flags.family.map((f) => {
          const at = f.indexOf('=');
          if (at <= 0) throw new UsageError(`--family takes PREFIX=FAMILY, not "${f}"`);
          return [f.slice(0, at), f.slice(at + 1)] as [string, string];
        });
        const js: AttributedJudgment[] = [];
        for (const file of flags.judgments) {
          for (const p of await loadPreferences(file)) {
            if (p.modelA === undefined || p.modelB === undefined) throw new UsageError(`${file}: pair ${p.id} does not name its generators`);
            const l = p.label;
            js.push({ generatorA: p.modelA, generatorB: p.modelB, judgeA: l === 'a' ? 1 : l === 'b' ? 0 : l === 'tie' ? 0.5 : l });
          }
        }
        const r = selfPreference(js, {
          judgeFamily: flags.judgeFamily,
          family: familyMapping(prefixes),
          bootstrap: { seed: int('--seed', flags.seed, 1), resamples: int('--bootstrap', flags.resamples ?? flags.bootstrap, 1000) },
        });
        printResult(flags.json, r, () =>
          [
            `judge family ${r.judgeFamily}: ${r.ownPairs} pairs with exactly one own-family output`,
            `own-family win rate ${formatNumber(r.ownWinRate)} ${ci(r.ownWinRateInterval)}`,
            formatTable(['generator', 'family', 'pairs', 'judge win rate'], r.generators.map((g) => [g.generator, g.family ?? '—', String(g.pairs), formatNumber(g.judgeWinRate)]), ['l', 'l', 'r', 'r']),
          ].join('\n'),
        );
        if (flags.html) await writeHtmlReport(flags.html, { kind: 'probe-self-pref', result: r, inputFiles: flags.judgments });
      }),
    );
}

// ---------------------------------------------------------------------------------------------------------------

interface HackFlags extends InputFlags {
  scorer: string[];
  perturbation: string[];
  seed: string;
  epsilon?: string;
  hackMargin: string;
  maxHackRate?: string;
  maxInstability?: string;
  bootstrap: string;
  /** hidden alias of --bootstrap */
  resamples?: string;
  json?: boolean;
  html?: string;
  list?: boolean;
  maxFailures?: string;
}

function registerHack(probe: Command): void {
  const cmd = probe
    .command('hack')
    .description('perturbation hackability: hack rate of degrading perturbations, instability under meaning-preserving ones, with bootstrap CIs; exit 1 above a threshold')
    .option('-s, --scorer <spec>', 'scorer to probe, repeatable', collect, [])
    .option('-p, --perturbation <name>', 'perturbation, repeatable (default: all; --list shows them)', collect, [])
    .option('--seed <n>', 'seed of the perturbations and the bootstrap', DEFAULT_SEED)
    .option('--epsilon <x>', 'instability threshold on |Δscore| (default: 1% of the sd of the unperturbed scores)')
    .option('--hack-margin <x>', 'a degrading perturbation hacks when the score improves by more than this', '0')
    .option('--max-hack-rate <r>', 'fail (exit 1) when a hack rate exceeds r')
    .option('--max-instability <r>', 'fail (exit 1) when an instability exceeds r')
    .option('--bootstrap <n>', 'bootstrap resamples', '1000')
    .addOption(new Option('--resamples <n>').hideHelp())
    .option('--list', 'list the perturbations and exit')
    .option('--json', 'machine-readable JSON')
    .option('--html <file>', 'also write a self-contained HTML report (heatmap of scorers × perturbations, CIs in the table)');
  addInputOptions(cmd);
  addMaxFailuresOption(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  trenchcoat probe hack --list
  trenchcoat probe hack --hyp sys.de --ref ref.de -s bleu -s chrf --max-hack-rate 0.05
  trenchcoat probe hack --data answers.jsonl --prompt-field question -s 'rm:…' -p verbosity-padding -p self-praise --max-hack-rate 0.2`,
  );
  cmd.action(
    action(async (flags: HackFlags) => {
      if (flags.list) {
        const all = listPerturbations();
        printResult(flags.json, all.map((p) => ({ name: p.name, kind: p.kind, description: p.description })), () =>
          formatTable(['name', 'kind', 'what'], all.map((p) => [p.name, p.kind, p.description])),
        );
        return;
      }
      if (flags.scorer.length === 0) throw new UsageError('give at least one --scorer');
      const scorers = flags.scorer.map((s) => createScorer(s));
      const items = await collectItems(withNeededMetaFields(flags, scorers), scorers.flatMap((s) => (s instanceof ColumnScorer ? [s.column] : [])));
      const seed = int('--seed', flags.seed, 1);
      const options = {
        perturbations: flags.perturbation.length ? flags.perturbation : undefined,
        seed,
        epsilon: num('--epsilon', flags.epsilon),
        hackMargin: num('--hack-margin', flags.hackMargin, 0),
        bootstrap: { seed, resamples: int('--bootstrap', flags.resamples ?? flags.bootstrap, 1000) },
        thresholds: { maxHackRate: num('--max-hack-rate', flags.maxHackRate), maxInstability: num('--max-instability', flags.maxInstability) },
      };
      if (options.perturbations) for (const p of options.perturbations) if (!listPerturbations().some((x) => x.name === p)) throw new UsageError(`unknown perturbation "${p}" (see --list)`);
      const allowFailures = parseMaxFailures(flags.maxFailures ?? '0');
      const watch = new FailureWatch();
      const reports: HackabilityReport[] = [];
      for (const scorer of scorers) reports.push(await hackabilityProbe(watch.track(scorer), items, options));
      const failures = watch.failures();
      // --json stays the list of reports; a scorer's failed/abstained counts ride on its own report
      const printed = failures.length ? reports.map((r, k) => ({ ...r, ...(failures.find((f) => f.scorer === scorers[k].spec()) ? { failures: failures.find((f) => f.scorer === scorers[k].spec()) } : {}) })) : reports;
      printResult(flags.json, printed, () =>
        reports
          .map((r) =>
            [
              `${r.signature}  (items ${r.items}, seed ${r.seed}, ε ${r.epsilon.toPrecision(3)})`,
              formatTable(
                ['perturbation', 'kind', 'n', 'rate', '95% CI', 'mean Δ (better +)', ''],
                r.outcomes.map((o) =>
                  o.skipped
                    ? [o.perturbation, o.kind === 'degrading' ? 'hack rate' : 'instability', String(o.scored), '—', '—', '—', 'skipped']
                    : [o.perturbation, o.kind === 'degrading' ? 'hack rate' : 'instability', String(o.scored), formatNumber(o.rate), ci(o.interval), formatNumber(o.meanImprovement), o.exceeded ? 'FAIL' : ''],
                ),
                ['l', 'l', 'r', 'r', 'l', 'r', 'l'],
              ),
              ...r.outcomes.filter((o) => o.skipped).map((o) => `skipped ${o.perturbation}: ${o.skipped}`),
              ...r.violations.map((v) => `FAIL ${v}`),
            ].join('\n'),
          )
          .join('\n\n') + watch.notes().map((n) => `\n${n}`).join(''),
      );
      if (flags.html) await writeHtmlReport(flags.html, { kind: 'probe-hack', result: reports, inputFiles: [flags.data, flags.hyp, ...flags.ref, flags.src] });
      if (reports.some((r) => r.failed)) process.exitCode = 1;
      watch.report(allowFailures);
    }),
  );
}
