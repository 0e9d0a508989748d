// A registered test scorer for the queue's poison-shard tests: the output "POISON" crashes it (counted, so a test can
// check how often it was retried), "BAD" is bad input (a typed ScorerInputError), anything else scores its length.
import { registerScorer } from '../../src/scorers/registry.js';
import { BasePointwiseScorer, ScorerInputError, type Item, type Score } from '../../src/scorers/contract.js';

export interface PoisonScorer {
  /** A new instance of the registered scorer. */
  create(): BasePointwiseScorer;
  /** Crashes on "POISON" so far, in this process. */
  attempts(): number;
  resetAttempts(): void;
}

/** Registers a poison scorer under `name` (queue workers in the same process build it from its spec). */
export function registerPoisonScorer(name: string): PoisonScorer {
  let attemptsSeen = 0;
  class PoisonTestScorer extends BasePointwiseScorer {
    readonly id = name;
    readonly family = 'verifiable' as const;
    readonly needs = {};
    readonly direction = 'higher' as const;
    readonly range = [0, Infinity] as const;
    spec(): string {
      return name;
    }
    signature(): string {
      return `${name}|version:test`;
    }
    protected scoreOne(item: Item): Score {
      if (item.output === 'POISON') {
        attemptsSeen++;
        throw new Error('the scorer crashed on this row');
      }
      if (item.output === 'BAD') throw new ScorerInputError(`${name}: item ${item.id} is bad`, item.id, 'output');
      return { value: item.output.length };
    }
  }
  registerScorer({ name, summary: 'test only', create: () => new PoisonTestScorer() });
  return {
    create: () => new PoisonTestScorer(),
    attempts: () => attemptsSeen,
    resetAttempts: () => {
      attemptsSeen = 0;
    },
  };
}
