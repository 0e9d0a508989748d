// `trenchcoat prefs …`: preference-data tools. Each subcommand reads records (or a judgment file), makes one library
// call from src/prefs and prints a table, --json, or writes --out. The run* functions return what is printed, so
// programs and tests can call them without a shell.
import type { Command } from 'commander';
import type { RecordFormat } from '../data/index.js';
import { importJudgments, type JudgmentFormat } from '../judgments/importers/index.js';
import type { Preferences, Ratings } from '../judgments/types.js';
import {
  agreementReport,
  battlesFromPreferences,
  bradleyTerry,
  dawidSkene,
  exportPairs,
  MEASUREMENT_LEVELS,
  observationsOf,
  onlineElo,
  PAIR_SHAPES,
  preferencePairs,
  rankForElicitation,
  ratedOutputsFromRatings,
  readBattles,
  readRatedOutputs,
  readReliabilityRecords,
  readScoredPairs,
  reliabilityFromRecords,
  ELICITATION_METHODS,
  type AgreementReport,
  type Battle,
  type BradleyTerryResult,
  type DawidSkeneResult,
  type ElicitationMethod,
  type ElicitationPick,
  type EloResult,
  type KappaWeights,
  type MeasurementLevel,
  type PairShape,
  type PairStats,
  type RatedOutput,
  type TiePolicy,
} from '../prefs/index.js';
import { VERSION } from '../version.js';
import path from 'node:path';
import { action, UsageError } from './errors.js';
import { atLeast, between, collect, DEFAULT_SEED, greaterThan, integerAtLeast, num, oneOf } from './options.js';
import { writeHtmlReport } from './html.js';
import { recordResultText } from './run-record.js';
import { writeRecords } from './output.js';
import { missingOption, missingPolicy } from './input.js';
import { formatMissingNote, MissingValues, type MissingSummary } from '../data/numbers.js';
import { formatNumber, formatTable } from './table.js';

const FORMATS: readonly RecordFormat[] = ['jsonl', 'json', 'csv', 'tsv', 'parquet'];

function int(name: string, v: string | undefined, min: number): number | undefined {
  return num(name, v, integerAtLeast(min));
}

function recordFormat(v: string | undefined): RecordFormat | undefined {
  return oneOf('--format', v, FORMATS);
}

/** Where the subcommands print: stdout and stderr unless a caller (a test, an embedding program) passes its own. */
export interface PrefsOutput {
  out(text: string): void;
  err(text: string): void;
}

const STDIO: PrefsOutput = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

function line(io: PrefsOutput, text: string): void {
  io.out(text.endsWith('\n') ? text : text + '\n');
}

/** The bootstrap settings of bt and elo; seed and confidence are only read (and checked) when rounds > 0. */
function leaderboardBootstrap(rounds: number, flags: { seed: string; confidence: string }): { rounds: number; seed?: number; confidence?: number } | undefined {
  return rounds > 0 ? { rounds, seed: int('--seed', flags.seed, 0), confidence: num('--confidence', flags.confidence, between(0, 1)) } : undefined;
}

// ---------------------------------------------------------------- agreement

export interface AgreementFlags {
  data: string;
  format?: string;
  unitField: string;
  raterField: string;
  valueField: string;
  labels?: boolean;
  level: string[];
  order?: string;
  weights: string;
  bootstrap: string;
  seed: string;
  confidence: string;
  dawidSkene?: boolean;
  dsInit: string;
  dsIterations?: string;
  json?: boolean;
  html?: string;
  out?: string;
}

export interface AgreementRun {
  report: AgreementReport;
  dawidSkene?: DawidSkeneResult;
}

export async function runPrefsAgreement(flags: AgreementFlags): Promise<AgreementRun> {
  const levels = (flags.level.length ? flags.level : ['nominal']).map((l) => oneOf('--level', l, MEASUREMENT_LEVELS) as MeasurementLevel);
  const weights = oneOf('--weights', flags.weights, ['none', 'linear', 'quadratic'] as const) as KappaWeights;
  const records = await readReliabilityRecords(flags.data, { unit: flags.unitField, rater: flags.raterField, value: flags.valueField, labels: flags.labels, format: recordFormat(flags.format) });
  const data = reliabilityFromRecords(records, { order: flags.order?.split(',').map((s) => s.trim()) });
  const report = agreementReport(data, {
    levels,
    kappaWeights: weights,
    bootstrap: int('--bootstrap', flags.bootstrap, 0),
    seed: int('--seed', flags.seed, 0),
    confidence: num('--confidence', flags.confidence, between(0, 1)),
  });
  const run: AgreementRun = { report };
  if (flags.dawidSkene) {
    const init = oneOf('--ds-init', flags.dsInit, ['vote-share', 'majority'] as const);
    run.dawidSkene = dawidSkene(observationsOf(records), { init, maxIterations: int('--ds-iterations', flags.dsIterations, 1) });
  }
  return run;
}

function agreementRows(r: AgreementReport): { name: string; value: number; units: number; lower?: number; upper?: number }[] {
  const rows = [{ name: 'raw agreement', ...r.raw }];
  if (r.cohen) rows.push({ name: `Cohen's κ${r.cohen.weights === 'none' ? '' : ` (${r.cohen.weights})`}`, ...r.cohen });
  if (r.fleiss) rows.push({ name: "Fleiss' κ", ...r.fleiss });
  for (const a of r.alpha) rows.push({ name: `Krippendorff's α (${a.level})`, ...a });
  return rows.map((x) => ({ name: x.name, value: x.value, units: x.units, lower: x.ci?.lower, upper: x.ci?.upper }));
}

/** The --json result of `prefs agreement` (also what --html draws). */
function agreementJson(run: AgreementRun): Record<string, unknown> {
  const ds = run.dawidSkene;
  return {
    version: VERSION,
    ...run.report,
    ...(ds
      ? {
          dawidSkene: {
            classes: ds.classes,
            classMarginals: [...ds.classMarginals],
            iterations: ds.iterations,
            converged: ds.converged,
            logLikelihood: ds.logLikelihood,
            annotatorAccuracy: annotatorAccuracy(ds),
            labels: Object.fromEntries(ds.items.map((it, i) => [it, ds.labels[i]])),
          },
        }
      : {}),
  };
}

function printAgreement(run: AgreementRun, flags: AgreementFlags, io: PrefsOutput): void {
  const write = (text: string) => line(io, text);
  const r = run.report;
  // the run record keeps the JSON result whether or not it is printed (`trenchcoat report RUN_ID` draws it)
  const json = JSON.stringify(agreementJson(run), null, 2);
  recordResultText(json);
  if (flags.json) {
    write(json);
    return;
  }
  const level = r.bootstrap ? `${Math.round(r.bootstrap.confidence * 100)}% CI` : 'CI';
  const rows = agreementRows(r).map((x) => [x.name, formatNumber(x.value), x.lower === undefined ? '—' : `${formatNumber(x.lower)} … ${formatNumber(x.upper)}`, String(x.units)]);
  write(`${r.raters} raters, ${r.units} units, ${r.ratings} ratings` + (r.bootstrap ? `; bootstrap ${r.bootstrap.rounds} rounds over units, seed ${r.bootstrap.seed}` : ''));
  write(formatTable(['coefficient', 'value', level, 'units'], rows, ['l', 'r', 'r', 'r']));
  if (r.fleissSkipped) write(`Fleiss' κ left out: ${r.fleissSkipped}`);
  const ds = run.dawidSkene;
  if (ds) {
    write(`\nDawid–Skene: ${ds.iterations} iterations${ds.converged ? ' (converged)' : ' (not converged)'}, log-likelihood ${ds.logLikelihood.toFixed(4)}`);
    write(formatTable(['class', 'marginal'], ds.classes.map((c, j) => [c, ds.classMarginals[j].toFixed(4)]), ['l', 'r']));
    write(formatTable(['annotator', 'accuracy'], annotatorAccuracy(ds).map((a) => [a.annotator, a.accuracy.toFixed(4)]), ['l', 'r']));
  }
}

/** Σ_j p_j·π_k[j][j]: how often annotator k is right, under the fitted model. */
function annotatorAccuracy(ds: DawidSkeneResult): { annotator: string; accuracy: number }[] {
  const J = ds.classes.length;
  return ds.annotators.map((annotator, k) => {
    let acc = 0;
    for (let j = 0; j < J; j++) acc += ds.classMarginals[j] * ds.errorRates[(k * J + j) * J + j];
    return { annotator, accuracy: acc };
  });
}

// ---------------------------------------------------------------- battles (bt, elo)

interface BattleInputFlags {
  data?: string;
  format?: string;
  judgments?: string;
  judgmentFormat?: string;
  modelAField: string;
  modelBField: string;
  winnerField: string;
  hard?: boolean;
}

function addBattleInput(cmd: Command): Command {
  return cmd
    .option('-d, --data <file>', 'battles: .jsonl, .json, .csv, .tsv, .parquet (optionally .gz)')
    .option('--format <fmt>', 'override the record format guessed from the extension')
    .option('--judgments <path>', 'instead of --data: a judgment file whose pairs name their models (e.g. AlpacaEval annotations)')
    .option('--judgment-format <fmt>', 'format of --judgments when it cannot be detected')
    .option('--model-a-field <name>', 'model A field', 'model_a')
    .option('--model-b-field <name>', 'model B field', 'model_b')
    .option('--winner-field <name>', 'winner field: model_a | model_b | tie | tie (bothbad) | a | b | P(A)', 'winner')
    .option('--hard', 'turn soft outcomes into wins / ties (P > ½ → A, < ½ → B, = ½ → tie)');
}

async function loadBattles(flags: BattleInputFlags): Promise<{ battles: Battle[]; note?: string }> {
  if (Boolean(flags.data) === Boolean(flags.judgments)) throw new UsageError('give either --data FILE or --judgments FILE');
  let battles: Battle[];
  let note: string | undefined;
  if (flags.data) {
    battles = await readBattles(flags.data, { modelA: flags.modelAField, modelB: flags.modelBField, winner: flags.winnerField, format: recordFormat(flags.format) });
  } else {
    const imported = await importJudgments(flags.judgments as string, { format: flags.judgmentFormat as JudgmentFormat | undefined });
    const prefs = imported.judgments.filter((j): j is Preferences => j.kind === 'preferences');
    if (prefs.length === 0) throw new UsageError(`${flags.judgments}: holds ${imported.judgments.map((j) => j.kind).join(', ')}, not preferences`);
    const got = battlesFromPreferences(prefs.flatMap((p) => p.pairs));
    battles = got.battles;
    if (got.withoutModels) note = `${got.withoutModels} pair(s) without model names left out`;
  }
  if (flags.hard) {
    battles = battles.map((b) => (typeof b.outcome === 'number' ? { ...b, outcome: b.outcome > 0.5 ? 'a' : b.outcome < 0.5 ? 'b' : 'tie' } : b));
  }
  return { battles, note };
}

export interface BtFlags extends BattleInputFlags {
  bootstrap: string;
  seed: string;
  confidence: string;
  scale: string;
  base: string;
  init: string;
  anchor?: string;
  prior: string;
  skipDegenerate?: boolean;
  json?: boolean;
  html?: string;
  out?: string;
}

export async function runPrefsBt(flags: BtFlags): Promise<{ result: BradleyTerryResult; note?: string }> {
  const { battles, note } = await loadBattles(flags);
  let anchor: { model: string; rating: number } | undefined;
  if (flags.anchor !== undefined) {
    const at = flags.anchor.lastIndexOf('=');
    const text = at > 0 ? flags.anchor.slice(at + 1).trim() : '';
    // Number('') is 0: `--anchor model=` must not anchor at zero
    const rating = text === '' ? NaN : Number(text);
    if (!Number.isFinite(rating)) throw new UsageError(`--anchor must be MODEL=RATING, not "${flags.anchor}"`);
    anchor = { model: flags.anchor.slice(0, at), rating };
  }
  const rounds = int('--bootstrap', flags.bootstrap, 0) as number;
  const result = bradleyTerry(
    battles,
    {
      scale: num('--scale', flags.scale, greaterThan(0)),
      base: num('--base', flags.base, greaterThan(1)),
      init: num('--init', flags.init),
      prior: num('--prior', flags.prior, atLeast(0)),
      anchor,
    },
    rounds > 0 ? { ...leaderboardBootstrap(rounds, flags), onDegenerate: flags.skipDegenerate ? 'skip' : 'error' } : undefined,
  );
  return { result, note };
}

function btRecords(r: BradleyTerryResult): Record<string, unknown>[] {
  return r.ratings.map((m) => ({
    rank: m.rank,
    model: m.model,
    rating: m.rating,
    lower: m.lower ?? null,
    upper: m.upper ?? null,
    median: m.median ?? null,
    variance: m.variance ?? null,
    battles: m.battles,
    wins: m.wins,
    losses: m.losses,
    ties: m.ties,
  }));
}

function btJson(r: BradleyTerryResult): Record<string, unknown> {
  return { version: VERSION, method: 'bradley-terry', battles: r.battles, selfBattles: r.selfBattles, iterations: r.iterations, options: r.options, bootstrap: r.bootstrap ?? null, ratings: btRecords(r) };
}

function printBt(run: { result: BradleyTerryResult; note?: string }, flags: BtFlags, io: PrefsOutput): void {
  const write = (text: string) => line(io, text);
  const r = run.result;
  if (run.note) io.err(`${run.note}\n`);
  // the run record keeps the JSON result whether or not it is printed (`trenchcoat report RUN_ID` draws it)
  const json = JSON.stringify(btJson(r), null, 2);
  recordResultText(json);
  if (flags.json) {
    write(json);
    return;
  }
  const o = r.options;
  const head = `Bradley–Terry MLE, ties = ½ win each; rating = ${o.scale}·θ + ${o.init}, base ${o.base}` + (o.prior ? `, prior ${o.prior}` : '') + (o.anchor ? `, ${o.anchor.model} anchored at ${o.anchor.rating}` : '');
  write(head);
  write(
    `${r.battles} battles, ${r.ratings.length} models` +
      (r.selfBattles ? ` (${r.selfBattles} self-battles left out)` : '') +
      (r.bootstrap ? `; bootstrap ${r.bootstrap.rounds} rounds (multinomial over outcomes), seed ${r.bootstrap.seed}${r.bootstrap.skipped ? `, ${r.bootstrap.skipped} degenerate rounds skipped` : ''}` : ''),
  );
  const ci = r.bootstrap ? `${Math.round(r.bootstrap.confidence * 100)}% CI` : 'CI';
  const rows = r.ratings.map((m) => [
    String(m.rank),
    m.model,
    m.rating.toFixed(2),
    m.lower === undefined ? '—' : `${m.lower.toFixed(2)} … ${m.upper!.toFixed(2)}`,
    String(m.battles),
    `${fmtCount(m.wins)}/${fmtCount(m.ties)}/${fmtCount(m.losses)}`,
  ]);
  write(formatTable(['rank', 'model', 'rating', ci, 'battles', 'win/tie/loss'], rows, ['r', 'l', 'r', 'r', 'r', 'r']));
}

function fmtCount(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

export interface EloFlags extends BattleInputFlags {
  k: string;
  scale: string;
  base: string;
  init: string;
  bootstrap: string;
  seed: string;
  confidence: string;
  json?: boolean;
  html?: string;
  out?: string;
}

export async function runPrefsElo(flags: EloFlags): Promise<{ result: EloResult; note?: string }> {
  const { battles, note } = await loadBattles(flags);
  const rounds = int('--bootstrap', flags.bootstrap, 0) as number;
  const result = onlineElo(
    battles,
    { k: num('--k', flags.k, greaterThan(0)), scale: num('--scale', flags.scale, greaterThan(0)), base: num('--base', flags.base, greaterThan(1)), init: num('--init', flags.init) },
    leaderboardBootstrap(rounds, flags),
  );
  return { result, note };
}

function eloRecords(r: EloResult): Record<string, unknown>[] {
  return r.ratings.map((m) => ({ rank: m.rank, model: m.model, rating: m.rating, median: m.median ?? null, lower: m.lower ?? null, upper: m.upper ?? null, battles: m.battles }));
}

function eloJson(r: EloResult): Record<string, unknown> {
  return { version: VERSION, method: 'online-elo', battles: r.battles, options: r.options, bootstrap: r.bootstrap ?? null, ratings: eloRecords(r) };
}

function printElo(run: { result: EloResult; note?: string }, flags: EloFlags, io: PrefsOutput): void {
  const write = (text: string) => line(io, text);
  const r = run.result;
  if (run.note) io.err(`${run.note}\n`);
  // the run record keeps the JSON result whether or not it is printed (`trenchcoat report RUN_ID` draws it)
  const json = JSON.stringify(eloJson(r), null, 2);
  recordResultText(json);
  if (flags.json) {
    write(json);
    return;
  }
  const o = r.options;
  write(`online Elo in input order: K ${o.k}, scale ${o.scale}, base ${o.base}, init ${o.init}; ${r.battles} battles` + (r.bootstrap ? `; bootstrap ${r.bootstrap.rounds} rounds (battles resampled and replayed), seed ${r.bootstrap.seed}` : ''));
  const rows = r.ratings.map((m) => [
    String(m.rank),
    m.model,
    m.rating.toFixed(2),
    ...(r.bootstrap ? [m.median!.toFixed(2), `${m.lower!.toFixed(2)} … ${m.upper!.toFixed(2)}`] : []),
    String(m.battles),
  ]);
  const head = ['rank', 'model', 'online', ...(r.bootstrap ? ['median', `${Math.round(r.bootstrap.confidence * 100)}% CI`] : []), 'battles'];
  write(formatTable(head, rows, head.map((_, i) => (i === 1 ? 'l' : 'r'))));
}

// ---------------------------------------------------------------- pairs

export interface PairsFlags {
  data?: string;
  format?: string;
  judgments?: string;
  judgmentFormat?: string;
  itemField: string;
  systemField: string;
  valueField: string;
  annotatorField?: string;
  outputField?: string;
  promptField?: string;
  margin: string;
  ties: string;
  soft?: boolean;
  maxPairs?: string;
  select: string;
  balance: boolean;
  seed: string;
  direction: string;
  shape: string;
  withMargin?: boolean;
  missing?: string;
  out?: string;
  json?: boolean;
  html?: string;
}

export async function runPrefsPairs(flags: PairsFlags): Promise<{ stats: PairStats; records: Record<string, unknown>[]; skippedTies: number; missing?: MissingSummary }> {
  if (Boolean(flags.data) === Boolean(flags.judgments)) throw new UsageError('give either --data FILE or --judgments FILE');
  const shape = oneOf('--shape', flags.shape, PAIR_SHAPES) as PairShape;
  let rated: RatedOutput[];
  const missing = new MissingValues(missingPolicy(flags.missing));
  if (flags.data) {
    rated = await readRatedOutputs(flags.data, {
      missing,
      item: flags.itemField,
      system: flags.systemField,
      value: flags.valueField,
      annotator: flags.annotatorField,
      output: flags.outputField,
      prompt: flags.promptField,
      format: recordFormat(flags.format),
    });
  } else {
    const imported = await importJudgments(flags.judgments as string, { format: flags.judgmentFormat as JudgmentFormat | undefined });
    const ratings = imported.judgments.filter((j): j is Ratings => j.kind === 'ratings');
    if (ratings.length === 0) throw new UsageError(`${flags.judgments}: holds ${imported.judgments.map((j) => j.kind).join(', ')}, not ratings`);
    rated = ratings.flatMap((r) => ratedOutputsFromRatings(r, ratings.length > 1 ? r.protocol ?? r.group : undefined));
  }
  const { pairs, stats } = preferencePairs(rated, {
    margin: num('--margin', flags.margin, atLeast(0)),
    ties: oneOf('--ties', flags.ties, ['drop', 'tie', 'soft'] as const) as TiePolicy,
    softLabels: flags.soft,
    maxPairsPerItem: int('--max-pairs', flags.maxPairs, 1),
    selection: oneOf('--select', flags.select, ['margin', 'random'] as const),
    balance: flags.balance,
    seed: int('--seed', flags.seed, 0),
    direction: oneOf('--direction', flags.direction, ['higher', 'lower'] as const),
  });
  if (shape !== 'preference' && pairs.some((p) => p.a === '' && p.b === '')) {
    throw new UsageError('the ratings carry no output texts: name them with --output-field (or use --shape preference)');
  }
  const { records, skippedTies } = exportPairs(pairs, shape, { margin: flags.withMargin, probability: flags.soft });
  return { stats, records, skippedTies, ...(missing.count ? { missing: missing.summary() } : {}) };
}

// ---------------------------------------------------------------- elicit

export interface ElicitFlags {
  data: string;
  format?: string;
  idField?: string;
  probField: string[];
  method: string;
  top?: string;
  json?: boolean;
  html?: string;
  out?: string;
}

export async function runPrefsElicit(flags: ElicitFlags): Promise<ElicitationPick[]> {
  if (flags.probField.length === 0) throw new UsageError('give --prob-field once per scorer (P(a ≻ b) columns)');
  const method = oneOf('--method', flags.method, ELICITATION_METHODS) as ElicitationMethod;
  const pairs = await readScoredPairs(flags.data, { id: flags.idField, probs: flags.probField, format: recordFormat(flags.format) });
  return rankForElicitation(pairs, method, int('--top', flags.top, 1));
}

// ---------------------------------------------------------------- registration

export function registerPrefsCommand(program: Command, io: PrefsOutput = STDIO): void {
  const write = (text: string) => line(io, text);
  // errors.ts's `action` with its `error: …` line printed through `io`
  const act = <A extends unknown[]>(fn: (...args: A) => Promise<void>) => action(fn, (text) => io.err(text));
  const prefs = program.command('prefs').description('preference data: rater agreement, Bradley–Terry / Elo leaderboards, training pairs, what to label next');

  prefs
    .command('agreement')
    .description("raw agreement, Cohen's κ, Fleiss' κ and Krippendorff's α with bootstrap CIs; optional Dawid–Skene")
    .requiredOption('-d, --data <file>', 'long records: one (unit, rater, value) per row')
    .option('--format <fmt>', 'override the record format guessed from the extension')
    .option('--unit-field <name>', 'unit (item) field', 'item')
    .option('--rater-field <name>', 'rater (annotator) field', 'annotator')
    .option('--value-field <name>', 'value field (number or label; null or empty = not rated)', 'label')
    .option('--labels', 'read numeric-looking values as labels (default: all-numeric text is read as numbers)')
    .option('--level <level>', `Krippendorff level, repeatable: ${MEASUREMENT_LEVELS.join(' | ')}`, collect, [])
    .option('--order <labels>', 'comma-separated label order, lowest first (ordinal α on labels)')
    .option('--weights <w>', "Cohen's κ weights: none | linear | quadratic", 'none')
    .option('--bootstrap <n>', 'bootstrap rounds over units (0: no CIs)', '1000')
    .option('--seed <n>', 'bootstrap seed', DEFAULT_SEED)
    .option('--confidence <p>', 'CI level', '0.95')
    .option('--dawid-skene', 'also fit Dawid–Skene: class marginals, annotator accuracy, item labels')
    .option('--ds-init <init>', 'Dawid–Skene start: vote-share (the 1979 paper) | majority', 'vote-share')
    .option('--ds-iterations <n>', 'Dawid–Skene iteration cap (default 100)')
    .option('--json', 'machine-readable JSON on stdout')
    .option('-o, --out <file>', 'write one row per coefficient (.jsonl, .csv, .tsv, .parquet)')
    .option('--html <file>', 'also write a self-contained HTML report (coefficients with CIs)')
    .addHelpText('after', '\nExample:\n  trenchcoat prefs agreement --data labels.jsonl --unit-field item --rater-field annotator --value-field label --level nominal --level ordinal')
    .action(
      act(async (flags: AgreementFlags) => {
        const run = await runPrefsAgreement(flags);
        if (flags.out) await writeRecords(flags.out, agreementRows(run.report).map((r) => ({ coefficient: r.name, value: r.value, lower: r.lower ?? null, upper: r.upper ?? null, units: r.units })), inputsOf(flags));
        printAgreement(run, flags, io);
        if (flags.html) await writeHtmlReport(flags.html, { kind: 'prefs-agreement', result: agreementJson(run), inputFiles: [flags.data] });
      }),
    );

  const bt = prefs
    .command('bt')
    .alias('arena')
    .description('Bradley–Terry leaderboard (Chatbot Arena method) with multinomial-bootstrap CIs and rank upper bounds')
    .option('--bootstrap <n>', 'bootstrap rounds (0: none)', '1000')
    .option('--seed <n>', 'bootstrap seed', DEFAULT_SEED)
    .option('--confidence <p>', 'CI level', '0.95')
    .option('--scale <x>', 'rating points per unit of log-odds in base --base', '400')
    .option('--base <x>', 'odds base', '10')
    .option('--init <x>', 'mean rating (before anchoring)', '1000')
    .option('--anchor <model=rating>', 'shift ratings so that MODEL gets RATING (Arena: mixtral-8x7b-instruct-v0.1=1114)')
    .option('--prior <λ>', 'Gaussian prior on θ; needed when some model won or lost everything (sklearn C ↔ λ = 1/(2C))', '0')
    .option('--skip-degenerate', 'skip bootstrap rounds without a finite MLE instead of failing')
    .option('--json', 'machine-readable JSON on stdout')
    .option('-o, --out <file>', 'write the leaderboard (.jsonl, .csv, .tsv, .parquet)')
    .option('--html <file>', 'also write a self-contained HTML report (leaderboard with CI whiskers and rank bounds)');
  addBattleInput(bt).addHelpText(
    'after',
    '\nExamples:\n  trenchcoat prefs bt --data battles.jsonl --anchor mixtral-8x7b-instruct-v0.1=1114\n  trenchcoat prefs arena --judgments results/alpaca-7b/weighted_alpaca_eval_gpt4_turbo/annotations.json --hard --bootstrap 200',
  );
  bt.action(
    act(async (flags: BtFlags) => {
      const run = await runPrefsBt(flags);
      if (flags.out) await writeRecords(flags.out, btRecords(run.result), inputsOf(flags));
      printBt(run, flags, io);
      if (flags.html) await writeHtmlReport(flags.html, { kind: 'prefs-leaderboard', result: btJson(run.result), inputFiles: [flags.data, flags.judgments] });
    }),
  );

  const elo = prefs
    .command('elo')
    .description('online Elo over battles in input order (FastChat compute_elo), optional bootstrap medians')
    .option('--k <x>', 'K factor', '4')
    .option('--scale <x>', 'scale', '400')
    .option('--base <x>', 'base', '10')
    .option('--init <x>', 'starting rating', '1000')
    .option('--bootstrap <n>', 'bootstrap rounds (0: online ratings only)', '0')
    .option('--seed <n>', 'bootstrap seed', DEFAULT_SEED)
    .option('--confidence <p>', 'CI level', '0.95')
    .option('--json', 'machine-readable JSON on stdout')
    .option('-o, --out <file>', 'write the ratings (.jsonl, .csv, .tsv, .parquet)')
    .option('--html <file>', 'also write a self-contained HTML report (leaderboard with CI whiskers and rank bounds)');
  addBattleInput(elo).addHelpText('after', '\nExample:\n  trenchcoat prefs elo --data battles.jsonl --k 4');
  elo.action(
    act(async (flags: EloFlags) => {
      const run = await runPrefsElo(flags);
      if (flags.out) await writeRecords(flags.out, eloRecords(run.result), inputsOf(flags));
      printElo(run, flags, io);
      if (flags.html) await writeHtmlReport(flags.html, { kind: 'prefs-leaderboard', result: eloJson(run.result), inputFiles: [flags.data, flags.judgments] });
    }),
  );

  prefs
    .command('pairs')
    .description('ratings → chosen/rejected pairs for TRL / OpenRLHF (margin, tie policy, caps, position balancing, soft labels)')
    .option('-d, --data <file>', 'ratings: one (item, system, value[, annotator, output, prompt]) per row')
    .option('--format <fmt>', 'override the record format guessed from the extension')
    .option('--judgments <path>', 'instead of --data: a ratings judgment file (e.g. WMT MQM with texts, HANNA)')
    .option('--judgment-format <fmt>', 'format of --judgments when it cannot be detected')
    .option('--item-field <name>', 'item field', 'item')
    .option('--system-field <name>', 'system field', 'system')
    .option('--value-field <name>', 'rating field', 'score')
    .option('--annotator-field <name>', 'annotator field (several ratings per output; enables soft labels)')
    .option('--output-field <name>', 'output text field')
    .option('--prompt-field <name>', 'prompt field (text or a message list)')
    .option('--margin <x>', 'a pair needs |Δ mean rating| > margin', '0')
    .option('--ties <policy>', 'pairs within the margin: drop | tie | soft', 'drop')
    .option('--soft', 'label every pair with the annotators’ vote share P(a ≻ b)')
    .option('--max-pairs <k>', 'at most k pairs per item')
    .option('--select <how>', 'which pairs to keep under --max-pairs: margin (largest |Δ|) | random', 'margin')
    .option('--no-balance', 'do not randomise positions (default: the preferred side is first in half of the pairs)')
    .option('--seed <n>', 'seed for position balancing and random selection', DEFAULT_SEED)
    .option('--direction <d>', 'higher | lower ratings are better', 'higher')
    .option('--shape <shape>', `output shape: ${PAIR_SHAPES.join(' | ')}`, 'trl')
    .option('--with-margin', 'write "margin" (the rating difference) for margin losses')
    .addOption(missingOption())
    .option('-o, --out <file>', 'where the pairs go (.jsonl, .json, .parquet)')
    .option('--json', 'print the summary as JSON')
    .option('--html <file>', 'also write a self-contained HTML report (how the pairs were chosen: a table)')
    .addHelpText('after', '\nExample:\n  trenchcoat prefs pairs --data ratings.jsonl --output-field response --prompt-field prompt --margin 0.5 --max-pairs 4 --shape trl-chat --out pairs.jsonl')
    .action(
      act(async (flags: PairsFlags) => {
        if (!flags.out) throw new UsageError('give --out FILE for the pairs');
        if (flags.html && path.resolve(flags.html) === path.resolve(flags.out)) throw new UsageError(`--html ${flags.html} is the --out file; choose another path`);
        const run = await runPrefsPairs(flags);
        await writeRecords(flags.out, run.records, inputsOf(flags));
        const summary = { version: VERSION, shape: flags.shape, out: flags.out, written: run.records.length, skippedTies: run.skippedTies, ...run.stats, ...(run.missing ? { missing: run.missing } : {}) };
        recordResultText(JSON.stringify(summary, null, 2));
        if (flags.json) write(JSON.stringify(summary, null, 2));
        else {
          const s = run.stats;
          if (run.missing) write(`${formatMissingNote(run.missing)}: not rated`);
          write(
            `${s.items} items, ${s.candidates} candidate pairs: ${s.decided} decided, ${s.ties} ties kept, ${s.dropped} dropped as ties, ${s.capped} over --max-pairs; ` +
              `preferred side first in ${s.preferredFirst} of ${s.decided}\n${run.records.length} records (${flags.shape}) → ${flags.out}` +
              (run.skippedTies ? ` (${run.skippedTies} ties have no chosen side and were not written)` : ''),
          );
        }
        if (flags.html) await writeHtmlReport(flags.html, { kind: 'prefs-pairs', result: summary, inputFiles: [flags.data, flags.judgments] });
      }),
    );

  prefs
    .command('elicit')
    .description('rank unlabelled pairs for annotation: where scorers disagree (variance, vote entropy) or are least sure')
    .requiredOption('-d, --data <file>', 'pairs with one P(a ≻ b) column per scorer')
    .option('--format <fmt>', 'override the record format guessed from the extension')
    .option('--id-field <name>', 'pair id field (default: id, else the row number)')
    .option('--prob-field <name>', 'P(a ≻ b) of one scorer, repeatable', collect, [])
    .option('--method <m>', `${ELICITATION_METHODS.join(' | ')}`, 'variance')
    .option('--top <k>', 'how many pairs to return (default all)')
    .option('--json', 'machine-readable JSON on stdout')
    .option('-o, --out <file>', 'write the ranking (.jsonl, .csv, .tsv, .parquet)')
    .option('--html <file>', 'also write a self-contained HTML report (the ranking as a table)')
    .addHelpText('after', '\nExample:\n  trenchcoat prefs elicit --data unlabelled.jsonl --prob-field judge_gpt4 --prob-field judge_llama --prob-field rm --method variance --top 100')
    .action(
      act(async (flags: ElicitFlags) => {
        if (flags.html && flags.out && path.resolve(flags.html) === path.resolve(flags.out)) throw new UsageError(`--html ${flags.html} is the --out file; choose another path`);
        const picks = await runPrefsElicit(flags);
        const records = picks.map((p, i) => ({ rank: i + 1, id: p.id, score: p.score, mean_prob: p.meanProb, scorers: p.scorers }));
        if (flags.out) await writeRecords(flags.out, records, inputsOf(flags));
        recordResultText(JSON.stringify({ version: VERSION, method: flags.method, picks: records }, null, 2));
        if (flags.json) write(JSON.stringify({ version: VERSION, method: flags.method, picks: records }, null, 2));
        else write(formatTable(['rank', 'id', flags.method, 'mean P(a)', 'scorers'], records.map((r) => [String(r.rank), r.id, r.score.toFixed(4), r.mean_prob.toFixed(4), String(r.scorers)]), ['r', 'l', 'r', 'r', 'r']));
        if (flags.html) await writeHtmlReport(flags.html, { kind: 'prefs-elicit', result: { version: VERSION, method: flags.method, picks: records }, inputFiles: [flags.data] });
      }),
    );
}

/** The files a prefs command reads, so `--out` can never overwrite one. */
function inputsOf(flags: object): string[] {
  const f = flags as { data?: unknown; judgments?: unknown };
  return [f.data, f.judgments].flatMap((p) => (typeof p === 'string' ? [p] : Array.isArray(p) ? p.filter((x): x is string => typeof x === 'string') : []));
}
