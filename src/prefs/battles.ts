// Battles (model A vs model B, who won) and their sufficient statistics. Bradley–Terry needs only, per unordered model
// pair, the number of battles and the score of one side (a tie counts half a win for each, FastChat's convention), so
// battles are folded once into unique (pair, score) cells with counts; a bootstrap resample is then a multinomial draw
// of the cell counts, which has the same distribution as resampling the battles themselves.

import type { Preference } from '../judgments/types.js';

/** `a` / `b` won, `tie`, or the probability (score) that A won. */
export type BattleOutcome = 'a' | 'b' | 'tie' | number;

export interface Battle {
  modelA: string;
  modelB: string;
  outcome: BattleOutcome;
}

export interface BattleTable {
  /** In order of first appearance over (A, B, A, B, …), as `pd.unique(df[[model_a, model_b]].values.ravel())`. */
  models: string[];
  /** Unordered pairs, i < j. */
  pairI: Int32Array;
  pairJ: Int32Array;
  /** Unique cells: pair index, score of pairI[pair] in [0, 1], number of battles. */
  cellPair: Int32Array;
  cellScore: Float64Array;
  cellCount: Float64Array;
  /** Battles in the table (self-battles excluded). */
  battles: number;
  /** Battles of a model against itself: they carry no information and are left out. */
  selfBattles: number;
  /** Per model: battles, wins, losses, ties (a soft outcome counts its score as wins and the rest as losses). */
  perModel: { battles: Float64Array; wins: Float64Array; losses: Float64Array; ties: Float64Array };
}

export function outcomeScore(outcome: BattleOutcome): number {
  if (outcome === 'a') return 1;
  if (outcome === 'b') return 0;
  if (outcome === 'tie') return 0.5;
  if (typeof outcome === 'number' && outcome >= 0 && outcome <= 1) return outcome;
  throw new RangeError(`battle outcome must be a, b, tie or a probability in [0, 1], got ${JSON.stringify(outcome)}`);
}

/** Battles from preferences that name their models (`modelA`, `modelB`); pairs without both are counted, not used. */
export function battlesFromPreferences(pairs: Iterable<Preference>): { battles: Battle[]; withoutModels: number } {
  const battles: Battle[] = [];
  let withoutModels = 0;
  for (const p of pairs) {
    if (p.modelA === undefined || p.modelB === undefined) withoutModels++;
    else battles.push({ modelA: p.modelA, modelB: p.modelB, outcome: p.label });
  }
  return { battles, withoutModels };
}

export function tabulateBattles(battles: Iterable<Battle>): BattleTable {
  const modelIndex = new Map<string, number>();
  const index = (m: string): number => {
    let i = modelIndex.get(m);
    if (i === undefined) modelIndex.set(m, (i = modelIndex.size));
    return i;
  };
  const rawA: number[] = [];
  const rawB: number[] = [];
  const rawS: number[] = [];
  let selfBattles = 0;
  for (const b of battles) {
    const a = index(b.modelA);
    const c = index(b.modelB);
    const s = outcomeScore(b.outcome);
    if (a === c) {
      selfBattles++;
      continue;
    }
    rawA.push(a);
    rawB.push(c);
    rawS.push(s);
  }
  const M = modelIndex.size;
  const per = { battles: new Float64Array(M), wins: new Float64Array(M), losses: new Float64Array(M), ties: new Float64Array(M) };
  const pairIndex = new Map<number, number>();
  const pairI: number[] = [];
  const pairJ: number[] = [];
  const pairCells: number[][] = []; // the cells of each pair (rarely more than win / tie / loss)
  const cellPair: number[] = [];
  const cellScore: number[] = [];
  const cellCount: number[] = [];
  for (let k = 0; k < rawA.length; k++) {
    const a = rawA[k];
    const c = rawB[k];
    const s = rawS[k];
    // canonical orientation: the lower index first, its score flipped when it was B
    const i = a < c ? a : c;
    const j = a < c ? c : a;
    const si = a < c ? s : 1 - s;
    const key = i * M + j;
    let p = pairIndex.get(key);
    if (p === undefined) {
      pairIndex.set(key, (p = pairI.length));
      pairI.push(i);
      pairJ.push(j);
      pairCells.push([]);
    }
    const cells = pairCells[p];
    let cell = -1;
    for (const x of cells) {
      if (cellScore[x] === si) {
        cell = x;
        break;
      }
    }
    if (cell < 0) {
      cell = cellPair.length;
      cells.push(cell);
      cellPair.push(p);
      cellScore.push(si);
      cellCount.push(0);
    }
    cellCount[cell] += 1;
    per.battles[a] += 1;
    per.battles[c] += 1;
    if (s === 0.5) {
      per.ties[a] += 1;
      per.ties[c] += 1;
    } else {
      per.wins[a] += s;
      per.losses[a] += 1 - s;
      per.wins[c] += 1 - s;
      per.losses[c] += s;
    }
  }
  return {
    models: [...modelIndex.keys()],
    pairI: Int32Array.from(pairI),
    pairJ: Int32Array.from(pairJ),
    cellPair: Int32Array.from(cellPair),
    cellScore: Float64Array.from(cellScore),
    cellCount: Float64Array.from(cellCount),
    battles: rawA.length,
    selfBattles,
    perModel: per,
  };
}

/** Per pair: battles n and score s of pairI, summed over the cells with the given counts. */
export function pairTotals(table: BattleTable, counts: ArrayLike<number> = table.cellCount): { n: Float64Array; s: Float64Array } {
  const n = new Float64Array(table.pairI.length);
  const s = new Float64Array(table.pairI.length);
  for (let c = 0; c < table.cellPair.length; c++) {
    const w = counts[c];
    if (w === 0) continue;
    n[table.cellPair[c]] += w;
    s[table.cellPair[c]] += w * table.cellScore[c];
  }
  return { n, s };
}
