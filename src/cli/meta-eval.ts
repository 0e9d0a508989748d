// `trenchcoat meta-eval`: how well scorers agree with human (or gold) judgments. Parses flags, loads the input
// (metaeval/load.ts), calls `metaEvaluate` and prints the report (metaeval/report.ts). No logic of its own.
import type { Command } from 'commander';
import { JUDGMENT_FORMATS, type JudgmentFormat } from '../judgments/importers/result.js';
import { loadMetaEvalInput } from '../metaeval/load.js';
import { MeasureError, MEASURES } from '../metaeval/measures.js';
import { MetaEvalInputError } from '../metaeval/matrices.js';
import { formatReport, reportJson } from '../metaeval/report.js';
import { formatMissingNote, MissingValues } from '../data/numbers.js';
import { missingOption, missingPolicy } from './input.js';
import { metaEvaluate, type MetaEvalOptions } from '../metaeval/run.js';
import { evaluateTaskSet, formatTaskAverage } from '../metaeval/tasks.js';
import type { PairOptions, TiePolicy } from '../prefs/pairs.js';
import { createScorer } from '../scorers/registry.js';
import { ColumnScorer } from '../scorers/simple/column.js';
import { openScoringSession } from '../store/session.js';
import { addCacheOptions, checkUnusedCache, resolveCachePath, type CacheFlags } from './cache.js';
import { benefitsFromCache } from '../store/cached-scorer.js';
import type { Scorer } from '../scorers/contract.js';
import { action, UsageError } from './errors.js';
import { atLeast, between, collect, collectList, DEFAULT_SEED, integerAtLeast, levelOf, num, oneOf } from './options.js';
import { addMaxFailuresOption, parseMaxFailures, reportFailures } from './failures.js';
import { recordResultText } from './run-record.js';
import { createProgress } from './progress.js';
import { writeHtmlReport } from './html.js';
import { addScaleOptions, type ScaleFlags } from './scale-options.js';
import { MetaEvalExecutors } from './meta-eval-scale.js';

export interface MetaEvalFlags extends CacheFlags, ScaleFlags {
  maxFailures?: string;
  missing?: string;
  judgments: string;
  judgmentFormat?: string;
  texts?: string;
  testset?: string;
  systemField?: string;
  itemField?: string;
  valueField?: string;
  outputField?: string;
  sourceField?: string;
  refField?: string;
  aField?: string;
  bField?: string;
  labelField?: string;
  promptField?: string;
  subsetField?: string;
  llmbarEvaluator?: string;
  keepSubmissionIds?: boolean;
  gold: string[];
  excludeSystems: string[];
  scorer: string[];
  scores: string[];
  level?: string;
  group?: string;
  measure: string[];
  sysAggregate?: string;
  sysItems?: string;
  summation?: string;
  asPreferences?: string | boolean;
  bootstrap: string;
  confidence: string;
  perm: string;
  alpha: string;
  correction: string;
  seed: string;
  sig: string;
  taskAverage?: string;
  json?: boolean;
  html?: string;
}

export function registerMetaEvalCommand(program: Command): void {
  const cmd = program
    .command('meta-eval')
    .description('meta-evaluate scorers against human judgments: correlations, RM accuracy, calibration, with CIs and significance clusters')
    .requiredOption('-j, --judgments <path>', 'judgments: ratings (MQM, DA, HANNA, FRANK, mt-metrics-eval, tables), preference pairs or candidate lists')
    .option('--judgment-format <fmt>', `format when it cannot be detected: ${JUDGMENT_FORMATS.join(', ')}`)
    .option('--texts <dir>', 'WMT plaintext folder: attaches sources, references and system outputs to MQM / DA segment scores')
    .option('--testset <name>', 'test set of a DA segment file for --texts (e.g. newstest2021)')
    .option('--value-field <name>', 'generic ratings table: the gold value column (selects the ratings shape)')
    .option('--system-field <name>', 'generic ratings / --scores tables: system column', 'system')
    .option('--item-field <name>', 'generic ratings / --scores tables: item column', 'item')
    .option('--output-field <name>', 'generic ratings table: output text column')
    .option('--source-field <name>', 'generic ratings table: source / prompt column')
    .option('--ref-field <name>', 'generic ratings table: reference column (text or list)')
    .option('--a-field <name>', 'generic preference table: first response (with --b-field; selects the preference shape)')
    .option('--b-field <name>', 'generic preference table: second response')
    .option('--label-field <name>', 'generic preference table: label (a, b, tie, A>B, P(a), …; none = a preferred)')
    .option('--prompt-field <name>', 'generic preference table: prompt')
    .option('--subset-field <name>', 'generic preference table: subset')
    .option('--llmbar-evaluator <run>', 'LLMBar: attach an evaluator run, e.g. GPT-4/Vanilla (scored as -s recorded)')
    .option('--keep-submission-ids', 'WMT files: keep the ".<id>" of system names (needed when a team has two submissions)')
    .option('--gold <protocol>', 'which human ratings to use when there are several (e.g. likert:Coherence, da-z), repeatable', collect, [])
    .option('--exclude-systems <patterns>', 'leave out systems, comma-separated, * wildcard (e.g. "Human*,ref-B")', collectList, [])
    .option('-s, --scorer <spec>', 'scorer spec, repeatable: bleu, chrf, length, column:NAME (precomputed), recorded (the file\'s judge)', collect, [])
    .option('--scores <file>', 'precomputed scores: a table with the system/item columns and one column per scorer, repeatable', collect, [])
    .option('--level <level>', 'ratings: segment (seg) or system (sys) level')
    .option('--group <grouping>', 'segment level: none | item | sys (default: per measure)')
    .option('-m, --measure <names>', `measures, repeatable or comma-separated: ${MEASURES.map((m) => m.name).join(', ')}`, collectList, [])
    .option('--sys-aggregate <how>', 'system scores from segments: corpus (BLEU/chrF/TER statistics; default) | mean')
    .option('--sys-items <which>', 'segments behind system scores: rated (default) | all')
    .option('--summation <how>', 'means: pairwise (NumPy, default) | sequential (Python sum)')
    .option('--as-preferences [opts]', 'build preference pairs from the ratings: margin=X,ties=keep|drop|soft,max-pairs=K')
    .option('--bootstrap <B>', 'bootstrap resamples for CIs (0 = none)', '1000')
    .option('--confidence <level>', 'CI level', '0.95')
    .option('--perm <K>', 'PERM-BOTH permutations per scorer pair for significance clusters (0 = none)', '0')
    .option('--alpha <p>', 'significance level of the clusters', '0.05')
    .option('--correction <how>', 'multiple comparisons: holm | none', 'holm')
    .option('--sig <test>', 'significance test of the clusters: perm (PERM-BOTH, needs --perm K) | williams (Pearson only, deterministic)', 'perm')
    .option('--task-average <year>', 'WMT metrics-task summary on an mt-metrics-eval folder (-j ROOT --testset NAME): wmt23 | wmt24')
    .option('--seed <n>', 'seed of every random procedure', DEFAULT_SEED)
    .addOption(missingOption())
    .option('--json', 'machine-readable JSON on stdout')
    .option('--html <file>', 'also write a self-contained HTML report: charts with CIs and clusters, reliability diagrams, scatter (--task-average: averages, per-task heatmap)');
  addCacheOptions(cmd);
  addMaxFailuresOption(cmd);
  addScaleOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Data shapes and default measures:
  segment-level ratings   pearson (grouping none), kendall (none), acc23-tc (grouped by item; reports ε)
  system-level ratings    pearson, kendall, pairwise-acc          (--level sys, or system-level gold)
  preference pairs        accuracy (RewardBench v1, strict >), accuracy-half (½ per scorer tie), acc23-tc
                          (tie-aware, gold ties kept, calibrated ε), ece, brier (σ(Δ/T), T cross-fitted)
                          + judgebench / two-order / win-rate when the file records a judge (-s recorded)
  candidate lists         bon-acc (best-of-k, 1/k tie credit)
Intervals: bootstrap over items (jointly across systems), pairs or lists; the same draws for every scorer.
Clusters: PERM-BOTH p-values between scorers, AssignRanks (cluster 1 = best), Holm-adjusted by default.
  --sig williams: one-sided Williams p-values instead (system-level or ungrouped segment-level Pearson only;
  clusters without --perm; --json lists every pair's raw p-value).
Task averages (--task-average wmt23|wmt24): the year's tasks (lp × level × measure) for every language pair of the
  test set, each metric file of the layout (or -s column:NAME) evaluated per task, then the weighted average of the
  scores rescaled to [0, 1] and the weighted average rank (significance clusters with --perm K for pearson and
  acc23-tc tasks, else ranks by score). The significance of the averages themselves is not computed.
Every output names the scorer signatures and the seed; same inputs and seed give the same bytes.

Examples:
  # a metric as a reward model on pairs built from human MQM ratings, next to tie-aware accuracy and calibration
  trenchcoat meta-eval -j examples/mqm-ted-ende/ted-ende.jsonl --value-field mqm --item-field seg_id \\
      --output-field output --ref-field reference --source-field source \\
      --as-preferences margin=0,ties=keep -s chrf -s bleu:eff=true -s length
  # segment- and system-level correlations of MQM with metrics on WMT21 texts
  trenchcoat meta-eval -j mqm_newstest2021_ende.avg_seg_scores.tsv --texts wmt21-news-systems/txt \\
      --exclude-systems "ref-*,metricsystem*" -s bleu -s chrf -m pearson,kendall,acc23-tc --perm 1000
  trenchcoat meta-eval -j DA-newstest2020-ende-sys-scores.csv --exclude-systems "Human*" -m pearson,kendall
  trenchcoat meta-eval -j hanna_metric_scores.csv --exclude-systems Human --gold likert:Coherence --level sys
  trenchcoat meta-eval -j judgebench-outputs.jsonl -s recorded -m judgebench
  trenchcoat meta-eval -j LLMBar/Natural --llmbar-evaluator GPT-4/Vanilla -s recorded -m two-order
  # the scoring step on \`trenchcoat worker\`s through Redis (or --threads N); the same numbers as a local run
  trenchcoat meta-eval -j mqm_newstest2021_ende.avg_seg_scores.tsv --texts wmt21-news-systems/txt -s chrf -s bleu \\
      --queue redis://10.0.0.5:6379 --shard-size 2000`,
  );
  cmd.action(action(async (flags: MetaEvalFlags) => runMetaEvalCommand(flags)));
}

function int(name: string, v: string, min: number): number {
  return num(name, v, integerAtLeast(min));
}

/** `margin=0.5,ties=keep,max-pairs=10` → PairOptions (ties `keep` = label the pair a tie). */
export function parsePairOptions(text: string | boolean | undefined): PairOptions | undefined {
  if (text === undefined || text === false) return undefined;
  const out: PairOptions = { ties: 'tie' };
  if (text === true) return out;
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [key, value = ''] = part.split('=').map((s) => s.trim());
    if (key === 'margin') out.margin = num('--as-preferences margin', value, atLeast(0));
    else if (key === 'ties') {
      const t = oneOf('--as-preferences ties', value, ['keep', 'tie', 'drop', 'soft'] as const)!;
      out.ties = (t === 'keep' ? 'tie' : t) as TiePolicy;
    } else if (key === 'max-pairs') out.maxPairsPerItem = int('--as-preferences max-pairs', value, 1);
    else if (key === 'balance') out.balance = oneOf('--as-preferences balance', value, ['true', 'false'] as const) === 'true';
    else throw new UsageError(`--as-preferences: unknown option "${part}" (margin=X, ties=keep|drop|soft, max-pairs=K, balance=true|false)`);
  }
  return out;
}

export async function runMetaEvalCommand(flags: MetaEvalFlags): Promise<void> {
  if (flags.taskAverage !== undefined) return runTaskAverage(flags);
  const sig = oneOf('--sig', flags.sig, ['perm', 'williams'] as const) ?? 'perm';
  const format = oneOf('--judgment-format', flags.judgmentFormat, JUDGMENT_FORMATS) as JudgmentFormat | undefined;
  const longLevel = levelOf(flags.level, ['segment', 'system'] as const);
  const level = longLevel === undefined ? undefined : longLevel === 'segment' ? 'seg' : 'sys';
  const grouping = oneOf('--group', flags.group, ['none', 'item', 'sys'] as const);
  const asPreferences = parsePairOptions(flags.asPreferences);
  if (flags.aField === undefined !== (flags.bField === undefined)) throw new UsageError('--a-field and --b-field go together');
  const options: MetaEvalOptions = {
    scorers: flags.scorer,
    level,
    grouping,
    measures: flags.measure,
    gold: flags.gold,
    excludeSystems: flags.excludeSystems,
    asPreferences,
    system: {
      aggregate: oneOf('--sys-aggregate', flags.sysAggregate, ['corpus', 'mean'] as const),
      items: oneOf('--sys-items', flags.sysItems, ['rated', 'all'] as const),
      summation: oneOf('--summation', flags.summation, ['pairwise', 'sequential'] as const),
    },
    bootstrap: int('--bootstrap', flags.bootstrap, 0),
    confidence: num('--confidence', flags.confidence, between(0, 1)),
    permutations: int('--perm', flags.perm, 0),
    alpha: num('--alpha', flags.alpha, between(0, 1)),
    correction: oneOf('--correction', flags.correction, ['holm', 'none'] as const),
    seed: int('--seed', flags.seed, 0),
    significance: sig,
  };
  const scale = await MetaEvalExecutors.check(flags);
  options.scoring = scale.scoring();
  // Specs are checked before any file is read: a typo is a usage error (exit 2), not a late failure.
  const columnFields: string[] = [];
  for (const spec of flags.scorer) {
    if (spec === 'recorded') continue;
    const scorer = createScorer(spec);
    if (scorer instanceof ColumnScorer) columnFields.push(scorer.column);
  }
  const missing = new MissingValues(missingPolicy(flags.missing));
  const missingScores = new MissingValues(missing.policy);
  const input = await loadMetaEvalInput({
    judgments: flags.judgments,
    format,
    texts: flags.texts,
    testset: flags.testset,
    ratings:
      flags.valueField === undefined
        ? undefined
        : {
            system: flags.systemField ?? 'system',
            item: flags.itemField ?? 'item',
            value: flags.valueField,
            output: flags.outputField,
            source: flags.sourceField,
            reference: flags.refField,
            protocol: flags.valueField,
            missing,
          },
    preferences:
      flags.aField === undefined
        ? undefined
        : { a: flags.aField, b: flags.bField!, label: flags.labelField, prompt: flags.promptField, subset: flags.subsetField },
    llmbarEvaluator: flags.llmbarEvaluator,
    keepSubmissionIds: flags.keepSubmissionIds,
    scoreFiles: flags.scores,
    scoreMissing: missingScores,
    scoreColumns: { system: flags.systemField, item: flags.itemField },
    cellFields: columnFields.length ? columnFields : false,
    excludeSystems: flags.excludeSystems,
  });
  const inputFiles = [flags.judgments, ...flags.scores];
  let session: Awaited<ReturnType<typeof openScoringSession>> | undefined;
  const progress = createProgress('scoring');
  options.onProgress = (done, total) => progress.update(done, total);
  let phase = 'scoring';
  options.onResampling = (next, done) => {
    // the bar follows the run into its resampling phases instead of sitting at 100% after scoring
    if (next !== phase) progress.phase((phase = next) === 'bootstrap' ? 'bootstrap intervals' : 'permutation tests', next === 'bootstrap' ? 'intervals' : 'tables');
    progress.update(done);
  };
  let cacheChecked = false;
  const checkCache = async (scorers: readonly Scorer[]): Promise<void> => {
    cacheChecked = true;
    // a cache named with --cache that no scorer here uses is still checked: unusable is an error, unused is said
    if (typeof flags.cache === 'string' && !scorers.some(benefitsFromCache)) process.stderr.write((await checkUnusedCache(flags.cache)) + '\n');
  };
  options.wrapScorers = async (scorers) => {
    await checkCache(scorers);
    session = await openScoringSession(scorers, { cachePath: resolveCachePath(flags), command: 'meta-eval', argv: process.argv.slice(2), inputFiles });
    scale.noteScorers(session.scorers);
    return session.scorers;
  };
  const allowFailures = parseMaxFailures(flags.maxFailures ?? '0');
  let report;
  try {
    report = await metaEvaluate(input, options);
    // no scorer to wrap (precomputed scores, recorded judges): the named cache is checked all the same
    if (!cacheChecked) await checkCache([]);
    const failed = (session?.failures() ?? []).reduce((n, f) => n + f.failures.failed, 0);
    session?.finish({ tables: report.tables.length, failed }, failed, report.scorers.map((s) => s.signature));
  } catch (err) {
    session?.fail(err);
    if (err instanceof MeasureError) throw new UsageError(err.message);
    if (err instanceof MetaEvalInputError) throw err;
    throw err;
  } finally {
    progress.finish();
    for (const line of [...(await scale.close()), ...scale.summary()]) process.stderr.write(line + '\n');
    const c = session?.cacheSummary();
    if (c) process.stderr.write(c + '\n');
    session?.close();
  }
  // model scorers that failed or abstained on some items: counted apart, in --json and under the table
  const failing = (session?.failures() ?? []).filter((f) => f.failures.failed + f.failures.abstained > 0);
  if (failing.length) Object.assign(report, { failures: failing.map((f) => ({ scorer: f.label, ...f.failures })) });
  const missed = missing.summary();
  const missedScores = missingScores.summary();
  const json =
    missed.count + missedScores.count === 0
      ? reportJson(report)
      : JSON.stringify({ ...JSON.parse(reportJson(report)), ...(missed.count ? { missing: missed } : {}), ...(missedScores.count ? { missingScores: missedScores } : {}) }, null, 2);
  recordResultText(json);
  const notes = failing.map((f) => `${f.label}: ${f.failures.failed} of ${f.failures.total} scored item(s) failed, ${f.failures.abstained} abstained`);
  const human = [
    ...(missed.count > 0 ? [`${formatMissingNote(missed)}: not rated`] : []),
    ...(missedScores.count > 0 ? [`${formatMissingNote(missedScores)}: no score (--scores)`] : []),
    formatReport(report),
    ...notes,
  ].join('\n');
  process.stdout.write((flags.json ? json : human) + '\n');
  if (flags.html) await writeHtmlReport(flags.html, { kind: 'meta-eval', result: json, inputFiles: [flags.judgments, flags.texts, ...flags.scores] });
  if (session) reportFailures(session.failures(), allowFailures);
}

/** `--task-average wmt23|wmt24`: precomputed metric files of an mt-metrics-eval folder only. */
async function runTaskAverage(flags: MetaEvalFlags): Promise<void> {
  const year = oneOf('--task-average', flags.taskAverage, ['wmt23', 'wmt24'] as const)!;
  if (flags.scores.length) throw new UsageError('--task-average reads the metric-scores/ files of the layout; --scores is not supported with it');
  if ((flags.sig ?? 'perm') !== 'perm') throw new UsageError('--task-average ranks with --perm clusters; --sig williams is not supported with it');
  const metrics = flags.scorer.map((s) => {
    if (!s.trim().toLowerCase().startsWith('column:')) throw new UsageError(`--task-average evaluates precomputed metric files: use -s column:NAME, not "${s}"`);
    return s.trim().slice('column:'.length);
  });
  if (flags.gold.length > 1) throw new UsageError('--task-average takes one --gold');
  // metric files are scores already: nothing goes to threads or the queue (said on stderr when --queue was given)
  const scale = await MetaEvalExecutors.check(flags);
  let report;
  try {
    report = await evaluateTaskSet({
      year,
      root: flags.judgments,
      testset: flags.testset,
      gold: flags.gold[0],
      metrics: metrics.length ? metrics : undefined,
      permutations: int('--perm', flags.perm, 0),
      alpha: num('--alpha', flags.alpha, between(0, 1)),
      correction: oneOf('--correction', flags.correction, ['holm', 'none'] as const),
      seed: int('--seed', flags.seed, 0),
    });
  } catch (err) {
    if (err instanceof MeasureError) throw new UsageError(err.message);
    throw err;
  }
  for (const line of scale.summary()) process.stderr.write(line + '\n');
  const json = JSON.stringify(report, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
  recordResultText(json);
  process.stdout.write((flags.json ? json : formatTaskAverage(report)) + '\n');
  if (flags.html) await writeHtmlReport(flags.html, { kind: 'meta-eval-task-average', result: json, inputFiles: [flags.judgments] });
}
