// Scores crossing from a pool worker to the main thread. Most lexical scores are a bare `{ value }`; those go as one
// Float64Array whose buffer is transferred, not copied — structured-cloning 64 small objects per job was a tenth of
// the worker's time in the profile. Float64Array holds every double exactly (-0 included), so the numbers are the
// worker's bit for bit; any score with more than a finite value (null, prob, details) sends the whole array as is.
import type { Score } from '../scorers/contract.js';

export type PackedScores = { values: Float64Array } | { scores: Score[] };

function isBareValue(s: Score): boolean {
  if (typeof s.value !== 'number' || !Number.isFinite(s.value)) return false;
  for (const k in s) if (k !== 'value' || (s as unknown as Record<string, unknown>)[k] === undefined) return false;
  return true;
}

export function packScores(scores: readonly Score[]): PackedScores {
  for (const s of scores) if (!isBareValue(s)) return { scores: scores as Score[] };
  const values = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) values[i] = scores[i].value as number;
  return { values };
}

export function unpackScores(p: PackedScores): Score[] {
  if ('scores' in p) return p.scores;
  const out: Score[] = new Array(p.values.length);
  for (let i = 0; i < out.length; i++) out[i] = { value: p.values[i] };
  return out;
}
