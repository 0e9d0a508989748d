// `trackFailures(scorer, tally)`: the same scorer, counting every score, pair outcome or ranking it returns as ok,
// abstained or failed (`details.error`) — so commands that hand scorers to a library (meta-eval, probes) can report
// failures apart from abstentions without that library knowing about them.
import type { Score, Scorer } from './contract.js';
import { FailureTally } from './failure-tally.js';

const COUNTED = new Set(['score', 'comparePairs', 'rankLists']);

type Outcome = { value?: number | null; pA?: number | null; ranking?: number[] | null; details?: Record<string, unknown> };

/** An outcome as a Score for the tally: failed with `details.error`, abstained when it carries no decision. */
function asScore(o: Outcome): Score {
  const decided = o.value !== undefined ? o.value : o.pA !== undefined ? o.pA : o.ranking !== undefined ? (o.ranking === null ? null : 1) : null;
  const s: Score = { value: decided ?? null };
  if (o.details) s.details = o.details;
  return s;
}

export function trackFailures<S extends Scorer>(scorer: S, tally: FailureTally): S {
  return new Proxy(scorer, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || !COUNTED.has(prop) || typeof v !== 'function') return v;
      return async (inputs: readonly { id?: string }[], ...rest: unknown[]) => {
        const out = (await (v as (...a: unknown[]) => Promise<Outcome[]>).call(target, inputs, ...rest)) as Outcome[];
        out.forEach((o, i) => tally.add(inputs[i]?.id ?? `#${i + 1}`, asScore(o)));
        return out;
      };
    },
  });
}
