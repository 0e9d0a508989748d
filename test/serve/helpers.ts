// Starting reward servers for tests: in process on 127.0.0.1 port 0 (always drained in `after`), or as a child
// process of the real CLI (stopped by pid).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVE_DEFAULTS, startRewardServer, type RewardServer, type RewardServerOptions } from '../../src/serve/server.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TOKEN = 'trainer-token-0123456789abcdef';
export const AUTH = { Authorization: `Bearer ${TOKEN}` };

export interface TestServer extends RewardServer {
  logs: string[];
}

export async function startTestServer(o: Partial<RewardServerOptions> & { specs: string[] }): Promise<TestServer> {
  const logs: string[] = [];
  const server = await startRewardServer({
    host: '127.0.0.1',
    port: 0,
    tokens: [{ name: 'trainer', token: TOKEN }],
    maxBodyBytes: SERVE_DEFAULTS.maxBodyBytes,
    maxItems: SERVE_DEFAULTS.maxItems,
    requestTimeoutMs: SERVE_DEFAULTS.requestTimeoutMs,
    scorerTimeoutMs: SERVE_DEFAULTS.scorerTimeoutMs,
    rateLimit: 0,
    maxConcurrent: SERVE_DEFAULTS.maxConcurrent,
    maxQueued: SERVE_DEFAULTS.maxQueued,
    rewardDict: false,
    batch: { ...SERVE_DEFAULTS.batch },
    workers: 1,
    headersTimeoutMs: SERVE_DEFAULTS.headersTimeoutMs,
    log: (l) => logs.push(l),
    ...o,
  });
  return Object.assign(server, { logs });
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = AUTH): Promise<{ status: number; json: any; headers: Headers }> {
  const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null, headers: r.headers };
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** `trenchcoat serve ARGS` as a child process; resolves once it prints its URL. */
export function spawnServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'serve', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1], stdout: () => out, stderr: () => err, exited });
    });
    exited.then((code) => reject(new Error(`serve exited with ${code} before listening: ${err}`)));
  });
}
