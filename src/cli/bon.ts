// `trenchcoat bon`: best-of-n over-optimisation curves. Thin: parse flags, call src/optimize, print.
//   bon --data candidates.jsonl --group-field prompt_id --proxy-field reward --gold-field gold
//   bon --rewardbench shared/data/reward-bench/bon_eval       (RewardBench's best-of-16 table, reproduced)
import type { Command } from 'commander';
import { readRecords } from '../data/index.js';
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
  type EnsembleRule,
} from '../optimize/index.js';
import { action, UsageError } from './errors.js';
import { collect } from './options.js';
import { writeHtmlReport } from './html.js';
import { printJson } from './output.js';
import { formatNumber, formatTable } from './table.js';

interface BonFlags {
  data?: string;
  format?: string;
  groupField: string;
  proxyField: string[];
  goldField: string;
  ensemble: string;
  lambda: string;
  maxN?: string;
  rewardbench?: string;
  json?: boolean;
  html?: string;
}

export function registerBonCommand(program: Command): void {
  program
    .command('bon')
    .description('best-of-n over-optimisation: expected proxy and gold score of the proxy-best of n (n = 1…N), KL, gold-gain fit, Goodhart point')
    .option('-d, --data <file>', 'one record per candidate (.jsonl/.csv/.tsv/.parquet): prompt group, proxy score(s), gold score')
    .option('--format <fmt>', 'override the format guessed from the extension')
    .option('--group-field <f>', 'field naming the prompt a candidate belongs to', 'prompt_id')
    .option('--proxy-field <f>', 'proxy score field, repeatable (several = an ensemble)', collect, [])
    .option('--gold-field <f>', 'gold score field', 'gold')
    .option('--ensemble <rule>', 'combine several proxies: mean | min | uwo (mean − λ·variance), members z-scored first', 'mean')
    .option('--lambda <x>', 'variance penalty of --ensemble uwo', '1')
    .option('--max-n <n>', 'largest n (default: the smallest candidate set)')
    .option('--rewardbench <dir>', "reproduce RewardBench's AlpacaEval best-of-16 table from its bon_eval/ folder")
    .option('--json', 'machine-readable JSON')
    .option('--html <file>', 'also write a self-contained HTML report (curves against n and KL, fit, Goodhart point)')
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
  if (flags.proxyField.length === 0) throw new UsageError('give at least one --proxy-field');
  const rule = flags.ensemble as EnsembleRule;
  if (!['mean', 'min', 'uwo'].includes(rule)) throw new UsageError(`--ensemble must be mean, min or uwo, not "${flags.ensemble}"`);
  const lambda = Number(flags.lambda);
  if (!Number.isFinite(lambda)) throw new UsageError(`--lambda must be a number, not "${flags.lambda}"`);
  const groups = new Map<string, { proxies: number[][]; gold: number[] }>();
  const value = (rec: Record<string, unknown>, f: string, where: string): number => {
    const v = rec[f];
    if (v === null || v === undefined || v === '') return NaN; // unscored candidate: dropped by the estimator
    const x = typeof v === 'number' ? v : Number(v);
    if (!Number.isFinite(x)) throw new UsageError(`${where}: field "${f}" is not a number (${JSON.stringify(v)})`);
    return x;
  };
  for await (const r of readRecords(flags.data, { format: flags.format as never })) {
    const where = `${r.file}:${r.line}`;
    const key = r.record[flags.groupField];
    if (key === undefined || key === null) throw new UsageError(`${where}: no "${flags.groupField}" field`);
    let g = groups.get(String(key));
    if (!g) groups.set(String(key), (g = { proxies: flags.proxyField.map(() => []), gold: [] }));
    flags.proxyField.forEach((f, k) => g!.proxies[k].push(value(r.record, f, where)));
    g.gold.push(value(r.record, flags.goldField, where));
  }
  const sets = [...groups.values()];
  const members = flags.proxyField.map((_, k) => sets.map((s) => Float64Array.from(s.proxies[k])));
  const proxy = members.length === 1 ? members[0] : combineProxies(members, { rule, lambda });
  const scored = sets.map((s, i) => ({ proxy: proxy[i], gold: Float64Array.from(s.gold) }));
  const maxN = flags.maxN === undefined ? undefined : Number(flags.maxN);
  if (maxN !== undefined && !(Number.isInteger(maxN) && maxN >= 1)) throw new UsageError(`--max-n must be a positive integer, not "${flags.maxN}"`);
  const curve = meanBestOfNCurve(scored, maxN);
  const report = overoptimizationReport(curve, { proxySd: pooledStd(scored.map((s) => s.proxy)), goldSd: pooledStd(scored.map((s) => s.gold)) });
  const proxyName = members.length === 1 ? flags.proxyField[0] : `${rule}(${flags.proxyField.join(', ')})${rule === 'uwo' ? ` λ=${lambda}` : ''}`;
  // an ensemble's members alone, on the same prompts and n: the curves a report overlays on the ensemble's
  const memberCurves =
    members.length === 1
      ? undefined
      : members.map((m, k) => {
          const c = meanBestOfNCurve(sets.map((s, i) => ({ proxy: m[i], gold: Float64Array.from(s.gold) })), curve.n[curve.n.length - 1]);
          return { proxyName: flags.proxyField[k], n: Array.from(c.n), proxy: Array.from(c.proxy), gold: Array.from(c.gold) };
        });
  const data = { prompts: curve.prompts, proxyName, goldName: flags.goldField, ...report, ...(memberCurves ? { members: memberCurves } : {}) };
  print(flags.json, data, proxyName, flags.goldField, curve.prompts);
  if (flags.html) await writeHtmlReport(flags.html, { kind: 'bon', result: data, inputFiles: [flags.data] });
}

function print(json: boolean | undefined, data: ReturnType<typeof overoptimizationReport> & Record<string, unknown>, proxyName: string, goldName: string, prompts: number): void {
  if (json) {
    printJson(data);
    return;
  }
  const r = data;
  const rows = r.n.map((n, k) => [String(n), formatNumber(r.kl[k]), formatNumber(r.proxy[k]), formatNumber(r.gold[k]), formatNumber(r.goldGain[k]), formatNumber(r.standardizedGap[k])]);
  const peak = r.fit.peak ? `peaks at d* = ${formatNumber(r.fit.peak.d)} (KL ${formatNumber(r.fit.peak.kl)}, n ≈ ${r.fit.peak.n < 1e6 ? r.fit.peak.n : r.fit.peak.n.toPrecision(3)})` : 'does not turn down (β ≤ 0)';
  process.stdout.write(
    [
      `best-of-n over ${prompts} prompts; proxy ${proxyName}, gold ${goldName}`,
      formatTable(['n', 'KL', 'proxy', 'gold', 'gold gain', 'gap (sd)'], rows, ['r', 'r', 'r', 'r', 'r', 'r']),
      `gold gain ≈ d(${formatNumber(r.fit.alpha)} − ${formatNumber(r.fit.beta)}·d), rmse ${formatNumber(r.fit.rmse)}; the fit ${peak}`,
      `Goodhart point: gold is highest at n = ${r.goodhart.n} (${formatNumber(r.goodhart.gold)})`,
    ].join('\n') + '\n',
  );
}

function rewardBench(flags: BonFlags): void {
  if (flags.html) throw new UsageError('--html draws best-of-n curves from --data; the --rewardbench table has no report yet');
  const data = loadRewardBenchBon(flags.rewardbench as string);
  const rates = candidateWinRates(data);
  const lengths = candidateAvgLengths(data);
  const perIndex = rates.map((r, c) => ({ candidate: c, avg_length: lengths[c], win_rate: r?.win_rate ?? null, n_wins: r?.n_wins ?? null }));
  const picks = Object.entries(data.picks).map(([rm, choice]) => ({ reward_model: rm, ...summarizeChoices(data, choice) }));
  const longest = meanBestOfNCurve(judgedCandidateSets(data, (c, p) => data.lengths[c][p]));
  const lengthProxy = overoptimizationReport(longest);
  if (flags.json) {
    printJson({ prompts: data.prompts, perIndex, picks, lengthProxy });
    return;
  }
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
