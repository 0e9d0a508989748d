// Lowers the scheduling priority (raises the nice value) of the calling thread only. Pool workers run at a lower
// priority than the main thread so that, when the cores are oversubscribed (overload, a load generator or a trainer on
// the same machine), the thread that accepts, refuses and answers requests is scheduled first and the scoring threads
// take what is left: without it the main thread waited on the run queue for most of each second at 4x overload and a
// refusal took as long as a scored request (bench/serve.ts). Linux applies setpriority(PRIO_PROCESS, tid) to one
// thread; the thread id comes from /proc/thread-self. Elsewhere, or when refused, the priority is left as it is.
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** The calling thread's kernel thread id, or undefined where /proc/thread-self does not exist (not Linux). */
export function currentThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/** Adds `niceIncrement` to this thread's nice value (capped at 19); returns the new value, or undefined if not done. */
export function lowerThreadPriority(niceIncrement: number): number | undefined {
  if (niceIncrement <= 0) return undefined;
  const tid = currentThreadId();
  if (tid === undefined) return undefined;
  try {
    const nice = Math.min(19, getPriority(tid) + niceIncrement);
    setPriority(tid, nice);
    return getPriority(tid);
  } catch {
    return undefined;
  }
}
