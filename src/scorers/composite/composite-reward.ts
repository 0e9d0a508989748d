// `reward:file=reward.yaml`: one reward from several scorers, defined in a reward file (reward-file.ts).
//
// Per item, each component gives an outcome: a value (its scorer's value through the transforms), a substitute (the
// scorer failed — server down, HTTP error, `timeout` — and the component states `on-failure`: that value is used and
// the item is marked in details.substituted), a failure (no on-failure), or an abstention (value null, no error).
// The rules, by `combine`:
//   sum      Σ weight·value (weight 1 by default), in file order.
//   min|worst, mean, uwo   the best-of-n ensembles' rule (src/stats/ensembles.ts combineMemberScores, one
//            implementation): the minimum, the mean, and mean − λ·spread of the component values, spread = the
//            population standard deviation by default (`spread: std`, issue 10's `mean − λ·std`) or, with
//            `spread: var`, the population variance (Coste et al. 2024's UWO, best-of-n's default). No pooled
//            standardisation: give each component `normalize: {mean, std}` to put members on one scale.
//   max      the maximum.
//   These five need every component: any failure makes the item failed, else any abstention makes it abstain.
//   fallback the first component, in file order, with a value (a substitute counts as a value); failed if none has a
//            value and one failed, else abstained. Later components are still scored (so details show them).
//   gate     the verifier decides: it passes when its value ≥ threshold (default 0.5: 1/0 checks and ±1 checks
//            alike). mode score-passing (default): a passing item's reward is the scorer's value, a failing item's is
//            fail-value (default 0), and the scorer is only run on passing items ("rule-based + RM" recipes).
//            mode tie-break: every item gets verifier + tie-weight·scorer (default 0.01), so the scorer only orders
//            items the verifier ties; choose tie-weight·(scorer range) < the verifier's step for that to hold.
// The signature names the rule, every component's transforms and its scorer's full signature, so two rewards that can
// differ in any number never share one.
import path from 'node:path';
import { combineMemberScores } from '../../stats/ensembles.js';
import { meanScore, scoreStatus, type Item, type Needs, type Score, type Scorer, type SignatureContext } from '../contract.js';
import { createScorer, type ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec, SpecError } from '../spec.js';
import { transformComponentValue, transformedRange, transformSignature } from './component-transform.js';
import { loadRewardFile, RewardFileError, type RewardComponentDef, type RewardDefinition } from './reward-file.js';

type Outcome =
  | { kind: 'value'; value: number }
  | { kind: 'substituted'; value: number; error: string }
  | { kind: 'failed'; error: string }
  | { kind: 'abstained' };

interface Component {
  def: RewardComponentDef;
  scorer: Scorer;
}

const _loading = new Set<string>();

export class CompositeReward implements Scorer {
  readonly id = 'reward';
  readonly family = 'composite' as const;
  readonly mode = 'pointwise' as const;
  readonly direction = 'higher' as const;
  readonly needs: Needs;
  readonly range: readonly [number, number];
  readonly components: readonly Component[];

  constructor(readonly definition: RewardDefinition) {
    const d = definition;
    this.components = d.components.map((def, i) => {
      let scorer: Scorer;
      try {
        scorer = createScorer(def.spec.replaceAll('{dir}', d.dir));
      } catch (e) {
        if (e instanceof RewardFileError) throw e;
        throw new RewardFileError(d.file, `components[${i}].spec`, (e as Error).message);
      }
      if (scorer.mode !== 'pointwise') throw new RewardFileError(d.file, `components[${i}].spec`, `${scorer.id} is ${scorer.mode}; a reward combines pointwise scorers`);
      if (scorer.direction === 'lower' && !def.negate) {
        throw new RewardFileError(d.file, `components[${i}]`, `${scorer.id} is lower-is-better; set negate: true so a higher reward means better`);
      }
      return { def, scorer };
    });
    const needs: Needs = {};
    for (const c of this.components) for (const k of ['references', 'prompt', 'context'] as const) if (c.scorer.needs[k]) needs[k] = true;
    this.needs = needs;
    this.range = this._range();
  }

  private _range(): [number, number] {
    const r = this.components.map((c) => transformedRange(c.scorer.range, c.def));
    const los = r.map((x) => x[0]);
    const his = r.map((x) => x[1]);
    const d = this.definition;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    switch (d.combine) {
      case 'sum': {
        let lo = 0, hi = 0;
        this.components.forEach((c, i) => {
          const w = c.def.weight ?? 1;
          if (w === 0) return;
          const a = w * los[i], b = w * his[i];
          lo += Math.min(a, b);
          hi += Math.max(a, b);
        });
        return [lo, hi];
      }
      case 'min':
      case 'worst':
        return [Math.min(...los), Math.min(...his)];
      case 'max':
        return [Math.max(...los), Math.max(...his)];
      case 'mean':
        return [mean(los), mean(his)];
      case 'uwo': {
        // the population standard deviation of values in [L, H] is at most (H − L)/2 (the variance its square)
        const std = (Math.max(...his) - Math.min(...los)) / 2;
        const penalty = d.spread === 'var' ? std * std : std;
        return [d.lambda === 0 ? mean(los) : mean(los) - d.lambda * penalty, mean(his)];
      }
      case 'fallback':
        return [Math.min(...los), Math.max(...his)];
      case 'gate': {
        const g = d.gate!;
        const vi = this._index(g.verifier), si = this._index(g.scorer);
        if (g.mode === 'score-passing') return [Math.min(g.failValue, los[si]), Math.max(g.failValue, his[si])];
        const a = g.tieWeight * los[si], b = g.tieWeight * his[si];
        return [los[vi] + Math.min(a, b), his[vi] + Math.max(a, b)];
      }
    }
  }

  private _index(name: string): number {
    return this.components.findIndex((c) => c.def.name === name);
  }

  spec(): string {
    return formatSpec('reward', [], [['file', this.definition.file]]);
  }

  signature(ctx?: SignatureContext): string {
    const d = this.definition;
    const fields: [string, string | number][] = [['combine', d.combine]];
    if (d.combine === 'uwo') fields.push(['lambda', d.lambda], ['spread', d.spread]);
    if (d.gate) {
      const g = d.gate;
      fields.push(['gate', `${g.verifier}>=${g.threshold}?${g.scorer}:${g.mode === 'score-passing' ? `fail=${g.failValue}` : `tie-weight=${g.tieWeight}`}`]);
    }
    for (const c of this.components) {
      const inner = c.scorer.signature(ctx).replace(/\|version:[^|]*$/, '');
      fields.push([c.def.name, `{${transformSignature(c.def)}${transformSignature(c.def) ? ';' : ''}${inner}}`]);
    }
    return formatSignature('Reward', fields);
  }

  /** One component's outcome on each item; `only` restricts scoring to those item indices (others: abstained). */
  private async _outcomes(c: Component, items: readonly Item[], only?: number[]): Promise<Outcome[]> {
    const subset = only ? only.map((i) => items[i]) : items;
    const out: Outcome[] = items.map(() => ({ kind: 'abstained' }));
    if (subset.length === 0) return out;
    const scores = await _withTimeout(c.scorer, subset, c.def.timeout);
    const f = c.def['on-failure'];
    scores.forEach((s, k) => {
      const i = only ? only[k] : k;
      const status = typeof s === 'string' ? 'failed' : scoreStatus(s);
      if (status === 'ok') out[i] = { kind: 'value', value: transformComponentValue((s as Score).value as number, c.def) };
      else if (status === 'abstained') out[i] = { kind: 'abstained' };
      else {
        const error = typeof s === 'string' ? s : String((s as Score).details?.error);
        out[i] = f === undefined ? { kind: 'failed', error } : { kind: 'substituted', value: f, error };
      }
    });
    return out;
  }

  async score(items: readonly Item[]): Promise<Score[]> {
    const d = this.definition;
    const names = this.components.map((c) => c.def.name);
    let outcomes: Outcome[][];
    if (d.gate && d.gate.mode === 'score-passing') {
      const vi = this._index(d.gate.verifier), si = this._index(d.gate.scorer);
      const verdicts = await this._outcomes(this.components[vi], items);
      const passing = verdicts.flatMap((o, i) => (o.kind !== 'failed' && o.kind !== 'abstained' && o.value >= d.gate!.threshold ? [i] : []));
      const scored = await this._outcomes(this.components[si], items, passing);
      outcomes = this.components.map((_, k) => (k === vi ? verdicts : scored));
    } else {
      outcomes = await Promise.all(this.components.map((c) => this._outcomes(c, items)));
    }
    return items.map((_, i) => this._combine(outcomes.map((o) => o[i]), names));
  }

  private _combine(o: Outcome[], names: string[]): Score {
    const d = this.definition;
    const details: Record<string, unknown> = {
      components: Object.fromEntries(o.map((x, k) => [names[k], x.kind === 'value' || x.kind === 'substituted' ? x.value : null])),
    };
    const substituted = names.filter((_, k) => o[k].kind === 'substituted');
    if (substituted.length) details.substituted = substituted;
    const failedAt = names.flatMap((n, k) => (o[k].kind === 'failed' ? [`${n}: ${(o[k] as { error: string }).error}`] : []));
    const abstained = names.filter((_, k) => o[k].kind === 'abstained');
    const valueOf = (k: number) => (o[k] as { value: number }).value;
    const has = (k: number) => o[k].kind === 'value' || o[k].kind === 'substituted';
    const fail = (): Score => ({ value: null, details: { ...details, error: `component ${failedAt.join('; ')}` } });

    if (d.combine === 'fallback') {
      const k = o.findIndex((_, j) => has(j));
      if (k >= 0) return { value: valueOf(k), details: { ...details, chosen: names[k] } };
      return failedAt.length ? fail() : { value: null, details: { ...details, abstained } };
    }
    if (d.combine === 'gate') {
      const g = d.gate!;
      const vi = this._index(g.verifier), si = this._index(g.scorer);
      if (o[vi].kind === 'failed') return fail();
      if (!has(vi)) return { value: null, details: { ...details, abstained: [g.verifier] } };
      const passed = valueOf(vi) >= g.threshold;
      if (g.mode === 'score-passing' && !passed) return { value: g.failValue, details: { ...details, passed } };
      if (o[si].kind === 'failed') return fail();
      if (!has(si)) return { value: null, details: { ...details, passed, abstained: [g.scorer] } };
      const value = g.mode === 'score-passing' ? valueOf(si) : valueOf(vi) + g.tieWeight * valueOf(si);
      return { value, details: { ...details, passed } };
    }
    if (failedAt.length) return fail();
    if (abstained.length) return { value: null, details: { ...details, abstained } };
    const v = o.map((_, k) => valueOf(k));
    let value: number;
    if (d.combine === 'sum') {
      value = 0;
      this.components.forEach((c, k) => (value += (c.def.weight ?? 1) * v[k]));
    } else if (d.combine === 'max') value = Math.max(...v);
    else value = combineMemberScores(v, d.combine === 'worst' ? 'min' : d.combine, d.lambda, d.spread);
    return { value, details };
  }

  async corpusScore(items: readonly Item[]): Promise<Score> {
    const scores = await this.score(items);
    // meanScore counts failed and abstained items apart already
    const m = meanScore(scores);
    const substituted = scores.filter((s) => Array.isArray(s.details?.substituted)).length;
    return { value: m.value, details: { n: m.details?.n, abstained: m.details?.abstained, failed: m.details?.failed, substituted } };
  }
}

async function _withTimeout(scorer: Scorer, items: readonly Item[], timeoutS: number | undefined): Promise<(Score | string)[]> {
  if (timeoutS === undefined) return scorer.score(items);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`timeout after ${timeoutS}s`), timeoutS * 1000);
  });
  try {
    const r = await Promise.race([scorer.score(items), timedOut]);
    return typeof r === 'string' ? items.map(() => r) : r;
  } finally {
    clearTimeout(timer);
  }
}

/** Builds the composite reward a reward file defines. Nested `reward:file=` components are allowed; cycles are refused. */
export function createCompositeReward(file: string): CompositeReward {
  const key = path.resolve(file);
  if (_loading.has(key)) throw new RewardFileError(file, '', 'the reward file includes itself (through reward:file= components)');
  _loading.add(key);
  try {
    return new CompositeReward(loadRewardFile(file));
  } finally {
    _loading.delete(key);
  }
}

export const compositeRewardFactory: ScorerFactory = {
  name: 'reward',
  summary: 'a composite reward defined in a reward file (YAML/JSON): weighted sum, min/max, gate, fallback, ensembles',
  options: 'file=PATH (or the path as the positional value)',
  optionDocs: {
    file: 'the reward file (YAML or JSON): components, transforms and the combine rule; see examples/rewards',
  },
  create(o) {
    const named = o.optionalString('file');
    const file = named ?? o.parsed.positional[0];
    if (!file) throw new SpecError(`reward needs file=PATH in "${o.spec}"`, o.spec);
    o.done(named === undefined ? 1 : 0);
    return createCompositeReward(file);
  },
};
