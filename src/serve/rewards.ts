// From scorer outcomes to what an RL trainer receives: plain numbers. A trainer cannot take a null reward, so an item
// whose score failed (and no fallback is configured) fails the request with 502 — OpenRLHF and slime retry — and an
// abstention fails it with 422; a fallback value is always flagged next to the value (`NAME/fallback`: 1).
import { scoreStatus } from '../scorers/contract.js';
import type { ScorerOutcome } from './engine.js';
import { HttpError } from './http-error.js';

export interface RlRewards {
  rewards: number[];
  /** Per scorer name, one number per item; `NAME/fallback` (0/1) for scorers that got a fallback value. */
  extraLogs: Record<string, number[]>;
}

export function rlRewards(outcomes: readonly ScorerOutcome[], rewardName: string, fallbackConfigured: boolean): RlRewards {
  const problems: { index: number; scorer: string; status: string; error?: string }[] = [];
  for (const o of outcomes) {
    o.scores.forEach((s, index) => {
      const st = scoreStatus(s);
      if (st !== 'ok') problems.push({ index, scorer: o.served.name, status: st, ...(st === 'failed' ? { error: String(s.details?.error) } : {}) });
    });
  }
  if (problems.length) {
    const failed = problems.some((p) => p.status === 'failed');
    const p = problems[0];
    throw new HttpError(
      failed ? 502 : 422,
      `${problems.length} score(s) missing: item ${p.index}, scorer ${p.scorer} ${p.status === 'failed' ? `failed: ${p.error}` : 'abstained'}${failed ? ' (set --fallback-reward to answer with a marked fallback value instead)' : ''}`,
      {},
      { problems: problems.slice(0, 100) },
    );
  }
  const reward = outcomes.find((o) => o.served.name === rewardName) as ScorerOutcome;
  const extraLogs: Record<string, number[]> = {};
  for (const o of outcomes) {
    if (o !== reward) extraLogs[o.served.name] = o.scores.map((s) => s.value as number);
    if (fallbackConfigured) extraLogs[`${o.served.name}/fallback`] = o.fallback.map((f) => (f ? 1 : 0));
  }
  return { rewards: reward.scores.map((s) => s.value as number), extraLogs };
}
