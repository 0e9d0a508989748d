// Paths and goldens of the ONNX fixtures (test/fixtures/onnx, written by generate.py there).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findScorerFactory, registerScorer } from '../../../src/scorers/registry.js';
import { onnxFactories } from '../../../src/scorers/model/onnx/index.js';

export const ONNX_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/onnx');
export const fixtureDir = (name: 'bert-rm' | 'xlmr-cross' | 'bert-encoder' | 'xlmr-comet' | 'roberta-bpe') => path.join(ONNX_FIXTURES, name);

export function golden<T = any>(name: string): T {
  return JSON.parse(readFileSync(path.join(ONNX_FIXTURES, name), 'utf8')) as T;
}

/** The tests build scorers from spec strings; registration proper lives in builtin.ts (not ours to edit). */
export function registerOnnxFactories(): void {
  for (const f of onnxFactories) if (!findScorerFactory(f.name)) registerScorer(f);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
