// `trenchcoat bon`: best-of-n over-optimisation curves. Thin: parse flags, call src/optimize, print.
//   bon --data candidates.jsonl --group-field prompt_id --proxy-field reward --gold-field gold
//   bon --rewardbench shared/data/reward-bench/bon_eval       (RewardBench's best-of-16 table, reproduced)
import type { Command } from 'commander';
import { recordToItem } from '../data/index.js';
import type { Item } from '../scorers/contract.js';
import { scorerProxyColumns } from './bon-scorers.js';
import { DataError, describeValue, formatFromPath, readRecords } from '../data/index.js';
import { formatMissingNote, isTextFormat, MissingValues, readFiniteNumber, type MissingSummary, type ValueLocation } from '../data/numbers.js';
import { missingOption, missingPolicy } from './input.js';
import {
  candidateAvgLengths,
  candidateWinRates,
  combineProxies,
  judgedCandidateSets,
  loadRewardBenchBon,
  meanBestOfNCurve,
  overoptimizationReport,
  pooledStd,
  summarizeChoices,
  BON_UWO_SPREAD,
  ENSEMBLE_SPREADS,
  type EnsembleRule,
  type EnsembleSpread,
} from '../optimize/index.js';
import { action, UsageError } from './errors.js';
import { addMaxFailuresOption, parseMaxFailures } from './failures.js';
import { FailureWatch } from './failure-watch.js';
import { createScorer } from '../scorers/registry.js';
import { ColumnScorer } from '../scorers/simple/column.js';
import { collect, integerAtLeast, num } from './options.js';
import { writeHtmlReport } from './html.js';
import { printJson } from './output.js';
import { recordResult } from './run-record.js';
import { formatNumber, formatTable } from './table.js';

interface BonFlags {
  data?: string;
  format?: string;
  groupField: string;
  proxyField: string[];
  proxyScorer: string[];
  outputField: string;
  promptField?: string;
  refField: string[];
  goldField: string;
  ensemble: string;
  lambda: string;
  spread: string;
  maxN?: string;
  rewardbench?: string;
  json?: boolean;
  missing?: string;
  maxFailures?: string;
  html?: string;
}

export function registerBonCommand(program: Command): void {
  const cmd = program
    .command('bon')
    .description('best-of-n over-optimisation: expected proxy and gold score of the proxy-best of n (n = 1…N), KL, gold-gain fit, Goodhart point')
    .option('-d, --data <file>', 'one record per candidate (.jsonl/.csv/.tsv/.parquet): prompt group, proxy score(s), gold score')
    .option('--format <fmt>', 'override the format guessed from the extension')
    .option('--group-field <f>', 'field naming the prompt a candidate belongs to', 'prompt_id')
    .option('--proxy-field <f>', 'proxy score field, repeatable (several = an ensemble)', collect, [])
    .option('--proxy-scorer <spec>', 'score the candidates with this scorer as a proxy, repeatable (e.g. reward:file=reward.yaml)', collect, [])
    .option('--output-field <f>', 'with --proxy-scorer: the candidate text field', 'output')
    .option('--prompt-field <f>', 'with --proxy-scorer: the prompt field')
    .option('--ref-field <f>', 'with --proxy-scorer: reference field, repeatable', collect, [])
    .option('--gold-field <f>', 'gold score field', 'gold')
    .option('--ensemble <rule>', 'combine several proxies: mean | min | uwo (mean − λ·spread), members z-scored first', 'mean')
    .option('--lambda <x>', 'weight λ of the spread penalty of --ensemble uwo', '1')
    .option('--spread <s>', "what --ensemble uwo subtracts λ times: var (Coste et al. 2024's UWO) | std", BON_UWO_SPREAD)
    .option('--max-n <n>', 'largest n (default: the smallest candidate set)')
    .addOption(missingOption())
    .option('--rewardbench <dir>', "reproduce RewardBench's AlpacaEval best-of-16 table from its bon_eval/ folder")
    .option('--json', 'machine-readable JSON')
    .option('--html <file>', 'also write a self-contained HTML report (curves against n and KL, fit, Goodhart point; with --rewardbench: candidates, picks, longest-of-n)');
  addMaxFailuresOption(cmd)
    .addHelpText(
      'after',
      `
Examples:
  trenchcoat bon -d candidates.jsonl --group-field prompt --proxy-field rm_score --gold-field judge_score
  trenchcoat bon -d candidates.csv --proxy-field rm1 --proxy-field rm2 --proxy-field rm3 --ensemble uwo --lambda 0.5
  trenchcoat bon --rewardbench ../shared/data/reward-bench/bon_eval

Estimator: sort a prompt's candidates by proxy; the i-th is the best of a random n-subset with probability
C(i−1, n−1)/C(N, n). Proxy ties count as a uniformly random pick (gold averaged within tie groups).
KL_bon = log n − (n−1)/n; gold gain fitted as d(α − βd) with d = √KL.`,
    )
    .action(action(async (flags: BonFlags) => (flags.rewardbench ? rewardBench(flags) : candidates(flags))));
}

async function candidates(flags: BonFlags): Promise<void> {
  if (!flags.data) throw new UsageError('give --data FILE (one record per candidate) or --rewardbench DIR');
  if (flags.proxyField.length + flags.proxyScorer.length === 0) throw new UsageError('give at least one --proxy-field or --proxy-scorer');
  const rule = flags.ensemble as EnsembleRule;
  if (!['mean', 'min', 'uwo'].includes(rule)) throw new UsageError(`--ensemble must be mean, min or uwo, not "${flags.ensemble}"`);
  const lambda = num('--lambda', flags.lambda);
  const spread = flags.spread as EnsembleSpread;
  if (!ENSEMBLE_SPREADS.includes(spread)) throw new UsageError(`--spread must be std or var, not "${flags.spread}"`);
  const maxN = num('--max-n', flags.maxN, { ...integerAtLeast(3), expected: 'an integer ≥ 3 (the gold-gain fit needs two n > 1)' });
  const missing = new MissingValues(missingPolicy(flags.missing));
  const allowFailures = parseMaxFailures(flags.maxFailures ?? '0');
  // specs are checked before the file is read (a typo is a usage error); `column:NAME` proxies read NAME like a
  // --proxy-field, with FILE:LINE errors and --missing
  const proxyScorers = flags.proxyScorer.map((spec) => createScorer(spec));
  const columnFields = [...new Set(proxyScorers.flatMap((s) => (s instanceof ColumnScorer ? [s.column] : [])))];
  const text = isTextFormat(flags.format ?? formatFromPath(flags.data)?.format);
  const groups = new Map<string, { proxies: number[][]; gold: number[]; items: Item[]; line: number }>();
  // items are built only for --proxy-scorer, with one field mapping for the whole file
  const mapping = flags.proxyScorer.length
    ? { outputField: flags.outputField, promptField: flags.promptField, refFields: flags.refField.length ? flags.refField : undefined }
    : undefined;
  for await (const r of readRecords(flags.data, { format: flags.format as never })) {
    const at = (field: string) => ({ file: r.file, line: r.line, unit: r.unit, field });
    const key = groupKey(r.record[flags.groupField], at(flags.groupField));
    // a candidate with a missing proxy or gold score cannot be ranked or judged: under --missing skip it is left out
    // (and counted); otherwise readFiniteNumber stops at it
    const proxies = flags.proxyField.map((f) => readFiniteNumber(r.record[f], at(f), { text, missing }));
    const gold = readFiniteNumber(r.record[flags.goldField], at(flags.goldField), { text, missing });
    const columns = columnFields.map((f) => readFiniteNumber(r.record[f], at(f), { text, missing }));
    if (gold === null || proxies.includes(null) || columns.includes(null)) continue;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { proxies: flags.proxyField.map(() => []), gold: [], items: [], line: r.line }));
    proxies.forEach((x, k) => g!.proxies[k].push(x as number));
    g.gold.push(gold);
    if (mapping) {
      const item = recordToItem(r, mapping);
      if (columnFields.length) item.meta = { ...item.meta, ...Object.fromEntries(columnFields.map((f, k) => [f, columns[k]])) };
      g.items.push(item);
    }
  }
  if (groups.size === 0) throw new DataError({ file: flags.data, line: 0, kind: 'empty', detail: 'no candidates with both scores' });
  // the gold-gain fit needs two n > 1, so every prompt needs at least 3 candidates (or --max-n of them)
  const need = maxN ?? 3;
  const [smallestKey, smallest] = [...groups].reduce((a, b) => (b[1].gold.length < a[1].gold.length ? b : a));
  if (smallest.gold.length < need) {
    throw new DataError({
      file: flags.data,
      line: smallest.line,
      field: flags.groupField,
      kind: 'insufficient',
      detail: `prompt ${JSON.stringify(smallestKey)} has ${smallest.gold.length} scored candidate(s); best-of-n needs ${need} in every prompt${maxN === undefined ? ' (two n > 1 for the gold-gain fit)' : ' (--max-n)'}`,
    });
  }
  const sets = [...groups.values()];
  const watch = new FailureWatch();
  const members = [
    ...flags.proxyField.map((_, k) => sets.map((s) => Float64Array.from(s.proxies[k]))),
    ...(await scorerProxyColumns(proxyScorers, sets.map((s) => s.items), watch)),
  ];
  const proxyNames = [...flags.proxyField, ...flags.proxyScorer];
  const proxy = members.length === 1 ? members[0] : combineProxies(members, { rule, lambda, spread });
  const scored = sets.map((s, i) => ({ proxy: proxy[i], gold: Float64Array.from(s.gold) }));
  let curve: ReturnType<typeof meanBestOfNCurve>;
  try {
    curve = meanBestOfNCurve(scored, maxN);
  } catch (err) {
    // candidates a proxy scorer failed on cannot be ranked: the failures are the cause, so they are reported first
    watch.report(allowFailures);
    throw err;
  }
  const report = overoptimizationReport(curve, { proxySd: pooledStd(scored.map((s) => s.proxy)), goldSd: pooledStd(scored.map((s) => s.gold)) });
  const proxyName = members.length === 1 ? proxyNames[0] : `${rule}(${proxyNames.join(', ')})${rule === 'uwo' ? ` λ=${lambda} spread=${spread}` : ''}`;
  // an ensemble's members alone, on the same prompts and n: the curves a report overlays on the ensemble's
  const memberCurves =
    members.length === 1
      ? undefined
      : members.map((m, k) => {
          const c = meanBestOfNCurve(sets.map((s, i) => ({ proxy: m[i], gold: Float64Array.from(s.gold) })), curve.n[curve.n.length - 1]);
          return { proxyName: proxyNames[k], n: Array.from(c.n), proxy: Array.from(c.proxy), gold: Array.from(c.gold) };
        });
  const missed = missing.summary();
  const data = { prompts: curve.prompts, proxyName, goldName: flags.goldField, ...report, ...(memberCurves ? { members: memberCurves } : {}), ...(missed.count > 0 ? { missing: missed } : {}), ...watch.jsonBlock() };
  print(flags.json, data, proxyName, flags.goldField, curve.prompts, missed, watch.notes());
  if (flags.html) await writeHtmlReport(flags.html, { kind: 'bon', result: data, inputFiles: [flags.data] });
  watch.report(allowFailures);
}

/** A prompt id: text or an integer, as everywhere else ids are read. */
function groupKey(raw: unknown, at: ValueLocation): string {
  if (typeof raw === 'string' && raw !== '') return raw;
  if (typeof raw === 'number' && Number.isSafeInteger(raw)) return String(raw);
  if (typeof raw === 'bigint') return raw.toString();
  throw new DataError({ ...at, kind: raw === undefined ? 'missing-field' : 'type', detail: raw === undefined ? 'missing: every candidate names its prompt' : `expected a prompt id (text or an integer), got ${describeValue(raw)}` });
}

function print(
  json: boolean | undefined,
  data: ReturnType<typeof overoptimizationReport> & Record<string, unknown>,
  proxyName: string,
  goldName: string,
  prompts: number,
  missing?: MissingSummary,
  failureNotes: readonly string[] = [],
): void {
  if (json) {
    printJson(data);
    return;
  }
  recordResult(data);
  const r = data;
  const rows = r.n.map((n, k) => [String(n), formatNumber(r.kl[k]), formatNumber(r.proxy[k]), formatNumber(r.gold[k]), formatNumber(r.goldGain[k]), formatNumber(r.standardizedGap[k])]);
  const peak = r.fit.peak ? `peaks at d* = ${formatNumber(r.fit.peak.d)} (KL ${formatNumber(r.fit.peak.kl)}, n ≈ ${r.fit.peak.n < 1e6 ? r.fit.peak.n : r.fit.peak.n.toPrecision(3)})` : 'does not turn down (β ≤ 0)';
  process.stdout.write(
    [
      `best-of-n over ${prompts} prompts; proxy ${proxyName}, gold ${goldName}`,
      ...(missing !== undefined && missing.count > 0 ? [`${formatMissingNote(missing)}: their candidates are not ranked`] : []),
      formatTable(['n', 'KL', 'proxy', 'gold', 'gold gain', 'gap (sd)'], rows, ['r', 'r', 'r', 'r', 'r', 'r']),
      `gold gain ≈ d(${formatNumber(r.fit.alpha)} − ${formatNumber(r.fit.beta)}·d), rmse ${formatNumber(r.fit.rmse)}; the fit ${peak}`,
      `Goodhart point: gold is highest at n = ${r.goodhart.n} (${formatNumber(r.goodhart.gold)})`,
      ...failureNotes.map((n) => `${n} (their candidates are not ranked by that proxy)`),
    ].join('\n') + '\n',
  );
}

/** The --json result of `bon --rewardbench` (also what --html draws) from the loaded RewardBench best-of-16 data. */
export function rewardBenchResult(data: ReturnType<typeof loadRewardBenchBon>) {
  const rates = candidateWinRates(data);
  const lengths = candidateAvgLengths(data);
  const perIndex = rates.map((r, c) => ({ candidate: c, avg_length: lengths[c], win_rate: r?.win_rate ?? null, n_wins: r?.n_wins ?? null }));
  const picks = Object.entries(data.picks).map(([rm, choice]) => ({ reward_model: rm, ...summarizeChoices(data, choice) }));
  const longest = meanBestOfNCurve(judgedCandidateSets(data, (c, p) => data.lengths[c][p]));
  const lengthProxy = overoptimizationReport(longest);
  return { prompts: data.prompts, perIndex, picks, lengthProxy, longest };
}

async function rewardBench(flags: BonFlags): Promise<void> {
  const data = loadRewardBenchBon(flags.rewardbench as string);
  const { longest, ...result } = rewardBenchResult(data);
  const { perIndex, picks, lengthProxy } = result;
  if (flags.html) await writeHtmlReport(flags.html, { kind: 'bon-rewardbench', result, inputFiles: [flags.rewardbench] });
  if (flags.json) {
    printJson(result);
    return;
  }
  recordResult(result);
  process.stdout.write(
    [
      `RewardBench best-of-16 (AlpacaEval, ${data.prompts} prompts; judge win rate vs gpt-3.5-turbo-0613)`,
      formatTable(['candidate', 'avg length', 'win rate', 'n_wins'], perIndex.map((r) => [String(r.candidate), String(r.avg_length), r.win_rate === null ? '—' : formatNumber(r.win_rate, 3), r.n_wins === null ? '—' : String(r.n_wins)]), ['r', 'r', 'r', 'r']),
      '',
      formatTable(
        ['reward model', 'avg length', 'judged picks', 'win rate', 'win-rate bounds'],
        picks.map((p) => [p.reward_model, String(p.avgLength), String(p.covered), p.row ? formatNumber(p.row.win_rate, 3) : '—', `[${formatNumber(p.winRateBounds[0], 2)}, ${formatNumber(p.winRateBounds[1], 2)}]`]),
        ['l', 'r', 'r', 'r', 'l'],
      ),
      '',
      `longest-of-n among the judged candidates: gold win rate ${formatNumber(longest.gold[0] * 100, 2)} at n = 1 → ${formatNumber(longest.gold[longest.gold.length - 1] * 100, 2)} at n = ${longest.n.length}; Goodhart point n = ${lengthProxy.goodhart.n}`,
    ].join('\n') + '\n',
  );
}
