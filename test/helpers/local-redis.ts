// A real redis-server for tests and benchmarks: on 127.0.0.1, a free port, no persistence; stopped by its pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, waitForPort } from './processes.js';

export interface LocalRedis {
  port: number;
  url: string;
  pid: number;
  /** SIGKILL and wait for exit (idempotent). */
  stop(): Promise<void>;
}

/** A port nothing listens on (for "Redis is down" tests). */
export const unusedPort = freePort;

export async function startRedis(port?: number, extraArgs: string[] = []): Promise<LocalRedis> {
  const p = port ?? (await freePort());
  const child = spawn('redis-server', ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(p, 10_000, child);
  } catch (err) {
    if (child.exitCode === null) process.kill(child.pid!, 'SIGKILL');
    throw err;
  }
  return {
    port: p,
    url: `redis://127.0.0.1:${p}`,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
      await exited;
    },
  };
}
