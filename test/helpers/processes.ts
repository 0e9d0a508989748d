// Child processes for multi-process tests: a real redis-server on a free loopback port, `trenchcoat worker`s and
// asynchronous CLI runs (the test process keeps serving its fake model servers meanwhile). Everything is stopped by
// pid; `stopAll` is meant for after() so nothing outlives a failed test.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { MAIN, REPO_ROOT, scratchDir } from './cli.js';

const started = new Set<ChildProcess>();

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Waits until something accepts connections on 127.0.0.1:port; fails early if `child` (the process meant to listen) exits. */
export async function waitForPort(port: number, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`the process meant to listen on ${port} exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface RedisProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** SIGKILL, then a fresh empty server on the same port (a restart without persistence). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  const launch = async (): Promise<ChildProcess> => {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    started.add(child);
    await waitForPort(port, 10_000, child);
    return child;
  };
  const r: RedisProcess = {
    url: `redis://127.0.0.1:${port}`,
    port,
    child: await launch(),
    restart: async () => {
      await kill(r.child, 'SIGKILL');
      r.child = await launch();
    },
    stop: () => kill(r.child, 'SIGTERM'),
  };
  return r;
}

export async function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  started.delete(child);
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid, signal);
  await exited;
}

/**
 * Starts `node --import tsx SCRIPT ARGS…` and resolves with its first line of stdout (e.g. the id of the run it
 * started) once that line is complete; rejects, with its stderr, if the child exits first. Stop it with `kill`.
 */
export async function spawnUntilFirstLine(script: string, args: readonly string[]): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')).trim());
    });
    child.on('close', (code) => reject(new Error(`${script} exited ${code} before printing a line: ${err}`)));
  });
  return { child, line };
}

export async function stopAll(): Promise<void> {
  await Promise.all([...started].map((c) => kill(c, 'SIGKILL')));
}

export interface CliProcess {
  child: ChildProcess;
  stderr: () => string;
  /** Resolves with the first stderr text matching `re`. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** The CLI in a child process, not waited for. */
export function startCli(args: string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', TRENCHCOAT_HOME: scratchDir(), TRENCHCOAT_DEBUG: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let out = '';
  let err = '';
  const watchers: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => {
    err += d;
    for (const w of [...watchers]) {
      const m = err.match(w.re);
      if (m) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code) => {
      started.delete(child);
      resolve({ code, stdout: out, stderr: err });
    }),
  );
  return {
    child,
    stderr: () => err,
    done,
    waitFor: (re, timeoutMs = 120_000) =>
      new Promise((resolve, reject) => {
        const m = err.match(re);
        if (m) return resolve(m);
        const t = setTimeout(() => reject(new Error(`no ${re} on stderr after ${timeoutMs} ms:\n${err}`)), timeoutMs);
        watchers.push({ re, resolve: (x) => (clearTimeout(t), resolve(x)) });
      }),
  };
}

/** `trenchcoat worker` with fast stalled-shard recovery (a lock long enough for a shard on a busy machine), resolved once it is ready. */
export async function startWorker(url: string, extra: string[] = []): Promise<CliProcess> {
  const w = startCli(['worker', '--queue', url, '--lock-duration', '10000', '--stalled-interval', '1000', ...extra]);
  await w.waitFor(/ready on/);
  return w;
}
