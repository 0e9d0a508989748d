// RewardBench's AlpacaEval best-of-16 data (allenai/reward-bench, historic folder bon_eval/, Apache-2.0; instructions
// and reference outputs from AlpacaEval, CC BY-NC 4.0): Tulu-2-dpo-13b sampled 16 outputs per AlpacaEval instruction,
// GPT-4-turbo judged each against gpt-3.5-turbo-0613 (AlpacaEval `weighted_alpaca_eval_gpt4_turbo`), and six reward
// models each picked one of the 16. The judge's preference of the picked output is the gold reward of that pick.
//
// `loadRewardBenchBon(dir)` reads the folder into `BonJudgedCandidates`: per candidate index the output lengths and,
// where the annotation file exists (indices 0 … 10 in the public copy), the judge's preferences; per reward model the
// index of its pick, found by matching the picked text against the 16 candidates (identical candidates: the lowest
// index, which carries the same judge annotation since AlpacaEval caches annotations by text); and any annotation
// file of a reward model's own picks. The analysis functions below work on that structure alone, so a stripped copy
// without texts reproduces everything.

import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { alpacaEvalWinRate, type AlpacaEvalRow } from '../metaeval/alpacaeval.js';
import { codePointLength } from '../scorers/lexical/text.js';

export interface BonJudgedCandidates {
  prompts: number;
  /** lengths[c][p]: code-point length of candidate c for prompt p. */
  lengths: number[][];
  /** preferences[c][p]: AlpacaEval preference (1 = reference wins … 2 = candidate wins; null = missing), or null for a candidate index without annotations. */
  preferences: ((number | null)[] | null)[];
  /** picks[rm][p]: candidate index the reward model picked (−1 = its text matched no candidate). */
  picks: Record<string, number[]>;
  /** pickAnnotations[rm][p]: the judge's preference of that reward model's pick, from its own annotation file. */
  pickAnnotations: Record<string, (number | null)[]>;
}

function readJsonGz<T>(file: string): T {
  const buf = readFileSync(file);
  return JSON.parse((file.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8')) as T;
}

interface OutputRecord {
  instruction: string;
  output: string;
}

interface AnnotationRecord {
  instruction: string;
  output_2: string;
  preference: number | null;
}

/** Candidate index of each picked text (lowest index among identical candidates; −1 when none matches). */
export function matchPicks(candidates: readonly (readonly string[])[], picked: readonly string[]): number[] {
  return picked.map((text, p) => {
    for (let c = 0; c < candidates.length; c++) if (candidates[c][p] === text) return c;
    return -1;
  });
}

/** Reads `bon_eval/` (the folder holding `alpaca_eval_n=16/` and `rm_bon_eval_results/`). */
export function loadRewardBenchBon(dir: string): BonJudgedCandidates {
  const annDir = path.join(dir, 'alpaca_eval_n=16', 'annotations');
  const files = readdirSync(annDir).filter((f) => /^tulu-2-dpo-13b\.\d+\.json(\.gz)?$/.test(f));
  const count = files.length;
  const candidates: OutputRecord[][] = [];
  for (let c = 0; c < count; c++) {
    const f = files.find((x) => x.startsWith(`tulu-2-dpo-13b.${c}.json`));
    if (!f) throw new Error(`${annDir}: candidate file ${c} missing`);
    candidates.push(readJsonGz<OutputRecord[]>(path.join(annDir, f)));
  }
  const prompts = candidates[0].length;
  const texts = candidates.map((recs) => recs.map((r) => r.output));
  const preferences: BonJudgedCandidates['preferences'] = [];
  for (let c = 0; c < count; c++) {
    const base = path.join(annDir, 'annotations_ref=GPT35t', `tulu-2-dpo-13b.${c}`, 'weighted_alpaca_eval_gpt4_turbo', 'annotations.json');
    const file = [`${base}.gz`, base].find(existsSync);
    if (!file) {
      preferences.push(null);
      continue;
    }
    const ann = readJsonGz<AnnotationRecord[]>(file);
    if (ann.length !== prompts) throw new Error(`${file}: ${ann.length} annotations, expected ${prompts}`);
    ann.forEach((a, p) => {
      if (a.output_2 !== texts[c][p]) throw new Error(`${file}: annotation ${p} is not of candidate ${c}'s output`);
    });
    preferences.push(ann.map((a) => a.preference));
  }
  const picks: Record<string, number[]> = {};
  const pickAnnotations: Record<string, (number | null)[]> = {};
  const rmDir = path.join(dir, 'rm_bon_eval_results');
  for (const org of readdirSync(rmDir).sort()) {
    for (const f of readdirSync(path.join(rmDir, org)).sort()) {
      const m = /^(.*)\.(model_outputs|annotations)\.json(\.gz)?$/.exec(f);
      if (!m) continue;
      const rm = `${org}/${m[1]}`;
      const recs = readJsonGz<(OutputRecord & AnnotationRecord)[]>(path.join(rmDir, org, f));
      if (m[2] === 'model_outputs') picks[rm] = matchPicks(texts, recs.map((r) => r.output));
      else pickAnnotations[rm] = recs.map((r) => r.preference);
    }
  }
  return { prompts, lengths: texts.map((t) => t.map(codePointLength)), preferences, picks, pickAnnotations };
}

// ---------------------------------------------------------------------------------------------------------------

/** The AlpacaEval leaderboard row of every candidate index that has annotations (null elsewhere). */
export function candidateWinRates(data: BonJudgedCandidates): (AlpacaEvalRow | null)[] {
  return data.preferences.map((prefs) => (prefs ? alpacaEvalWinRate(prefs) : null));
}

/** avg_length of each candidate index: int(mean(len(output))), as AlpacaEval prints it. */
export function candidateAvgLengths(data: BonJudgedCandidates): number[] {
  return data.lengths.map((l) => Math.trunc(l.reduce((a, b) => a + b, 0) / l.length));
}

/**
 * The judge's preference of the candidate chosen per prompt, where one is known: the candidate's own annotation, or
 * a reward model's pick annotation for the same candidate index (same text, same cached judgment). undefined = not
 * known; null = judged but the annotation is missing (AlpacaEval drops those from n_total).
 */
export function goldOfChoices(data: BonJudgedCandidates, choice: readonly number[]): (number | null | undefined)[] {
  return choice.map((c, p) => {
    if (c < 0) return undefined;
    const own = data.preferences[c];
    if (own) return own[p];
    for (const [rm, ann] of Object.entries(data.pickAnnotations)) if (data.picks[rm]?.[p] === c) return ann[p];
    return undefined;
  });
}

export interface PickSummary {
  /** int(mean length) of the picked outputs: AlpacaEval's avg_length of the pick set. */
  avgLength: number;
  /** Prompts whose pick has a known judge preference. */
  covered: number;
  /** The full leaderboard row when every pick is covered. */
  row: AlpacaEvalRow | null;
  /** Bounds on the full win rate (percent): unknown picks lost (0) or won (1) outright. */
  winRateBounds: [number, number];
  /** Bounds on n_wins likewise. */
  nWinsBounds: [number, number];
  /** Win rate over the covered picks only (percent). */
  coveredWinRate: number;
}

export function summarizeChoices(data: BonJudgedCandidates, choice: readonly number[]): PickSummary {
  const gold = goldOfChoices(data, choice);
  const lengths = choice.map((c, p) => data.lengths[c][p]);
  let sum = 0, covered = 0, wins = 0;
  for (const g of gold) {
    if (g === undefined) continue;
    covered++;
    const p = (g === null || g === 0 ? 1.5 : g) - 1;
    sum += p;
    if (p > 0.5) wins++;
  }
  const n = choice.length;
  const unknown = n - covered;
  return {
    avgLength: Math.trunc(lengths.reduce((a, b) => a + b, 0) / n),
    covered,
    row: unknown === 0 ? alpacaEvalWinRate(gold as (number | null)[]) : null,
    winRateBounds: [(sum / n) * 100, ((sum + unknown) / n) * 100],
    nWinsBounds: [wins, wins + unknown],
    coveredWinRate: covered ? (sum / covered) * 100 : NaN,
  };
}

/**
 * Candidate sets for the best-of-n estimator: per prompt, the candidate indices that have judge preferences, with
 * gold = P(candidate beats the reference) = preference − 1 (missing → ½, AlpacaEval's draw) and a proxy chosen by
 * the caller per (candidate, prompt).
 */
export function judgedCandidateSets(
  data: BonJudgedCandidates,
  proxy: (candidate: number, prompt: number) => number,
): { proxy: Float64Array; gold: Float64Array }[] {
  const judged = data.preferences.map((p, c) => (p ? c : -1)).filter((c) => c >= 0);
  const sets: { proxy: Float64Array; gold: Float64Array }[] = [];
  for (let p = 0; p < data.prompts; p++) {
    sets.push({
      proxy: Float64Array.from(judged, (c) => proxy(c, p)),
      gold: Float64Array.from(judged, (c) => {
        const v = data.preferences[c]![p];
        return v === null || v === 0 ? 0.5 : v - 1;
      }),
    });
  }
  return sets;
}
