// Deterministic local model servers for tests and benchmarks: real HTTP on 127.0.0.1 (port 0), speaking the OpenAI
// chat-completions API (with logprobs), vLLM /classify, /pooling and /score, text-embeddings-inference /predict and
// OpenRLHF /get_reward. Answers are pure functions of the request text (hashes), so every test can know them.
//
// Faults are injected by a plan consulted for every request, keyed by the request body and how many times that exact
// body was seen before (`attempt`) — so "fail item 3 twice, then answer" holds whatever order requests arrive in.
// Counters record every request, per body and per input text, for assertions about retries, loss and duplicates.
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  /** Accept the request and never answer (the client must time out). */
  | { kind: 'hang' }
  /** 200 with a truncated JSON body. */
  | { kind: 'malformed' }
  /** Destroy the socket without an answer. */
  | { kind: 'reset' };

export interface RequestInfo {
  path: string;
  /** sha256 of path + body. */
  key: string;
  /** How many earlier requests had this exact path + body. */
  attempt: number;
  body: any;
  /** The input texts of the request: chat user messages, RM texts / pairs (joined with ␟), in request order. */
  units: string[];
}

export type FaultPlan = (req: RequestInfo) => Fault | undefined;

export interface FakeChatToken {
  token: string;
  logprob: number;
  top?: [token: string, logprob: number][];
}

export interface FakeChatReply {
  content: string;
  /** Logprobs for the answer's tokens; returned only when the request asks for logprobs. */
  tokens?: FakeChatToken[];
  totalTokens?: number;
}

export interface FakeServerOptions {
  faults?: FaultPlan;
  /** Fixed service time of every request, in ms (0: answer at once). */
  latencyMs?: number;
  /** Requests served at once; more wait in a FIFO queue, like an inference server's batch slots. Default unlimited. */
  maxConcurrent?: number;
  /** The chat answer for a user message; default `fakeJudgeReply`. */
  judge?: (userText: string, body: any) => FakeChatReply;
  /** Reward of an RM input text (the chat-rendered or raw text, or `prompt␟response` for pairs); default `fakeReward`. */
  reward?: (text: string) => number;
  /** Values per input for /classify and /pooling (default 1); value j is `reward(text) + j`. */
  classes?: number;
  /** /pooling answers per-token rows (ALL pooling, 3 rows, the last one the reward) instead of one row. Default false. */
  perTokenPooling?: boolean;
}

export interface FakeServerStats {
  requests: number;
  byPath: Map<string, number>;
  /** Requests per exact body (path + body hash). */
  perKey: Map<string, number>;
  /** How many requests carried each input text. */
  perUnit: Map<string, number>;
  faults: number;
  /** Requests answered with 200 and a well-formed body. */
  answered: number;
  /** Most requests open at once (received, not yet answered or dropped). */
  maxOpen: number;
  /** Most requests being served at once (after the maxConcurrent queue). */
  maxServing: number;
  log: { path: string; attempt: number; units: string[]; body: any; authorization?: string; fault?: Fault['kind'] }[];
}

export interface FakeServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  stats: FakeServerStats;
  options: FakeServerOptions;
  close(): Promise<void>;
}

export const UNIT_SEPARATOR = '\u241f';

function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** A reward in [-10, 10) with 0.01 steps, from the text's hash. */
export function fakeReward(text: string): number {
  return (sha256(text).readUInt32BE(0) % 2000) / 100 - 10;
}

/**
 * The default judge: answers pointwise prompts (those asking for "one integer from 1 to N") with a score token and
 * top_logprobs drawn from the text's hash; pairwise prompts ("exactly one of A, B or tie") prefer the longer response
 * (tie when equally long), so it is position-consistent; listwise prompts rank candidates by length, longest first.
 */
export function fakeJudgeReply(userText: string): FakeChatReply {
  const h = sha256(userText);
  const scale = /one integer from 1 to (\d+)/.exec(userText);
  if (scale) {
    const max = Number(scale[1]);
    const k = 1 + (h.readUInt32BE(0) % max);
    const alt = k === max ? k - 1 : k + 1;
    // p(k) = 0.6, p(alt) = 0.3, p("The") = 0.1
    return {
      content: String(k),
      tokens: [{ token: String(k), logprob: Math.log(0.6), top: [[String(k), Math.log(0.6)], [String(alt), Math.log(0.3)], ['The', Math.log(0.1)]] }],
      totalTokens: 100 + (h[4] % 50),
    };
  }
  if (/exactly one of A, B or tie/.test(userText)) {
    const a = /\[Response A\]\n([\s\S]*?)\n\n\[Response B\]/.exec(userText)?.[1] ?? '';
    const b = /\[Response B\]\n([\s\S]*?)\n\nIf the two responses/.exec(userText)?.[1] ?? '';
    const v = a.length === b.length ? 'tie' : a.length > b.length ? 'A' : 'B';
    return { content: v, tokens: [{ token: v, logprob: Math.log(0.9), top: [[v, Math.log(0.9)]] }], totalTokens: 200 };
  }
  const cands = [...userText.matchAll(/\[(\d+)\]\n([\s\S]*?)(?=\n\n\[\d+\]\n|\n\nRank all responses)/g)].map((m) => ({ n: Number(m[1]), len: m[2].length }));
  if (cands.length > 0) {
    cands.sort((x, y) => y.len - x.len || x.n - y.n);
    return { content: cands.map((c) => `[${c.n}]`).join(' > '), totalTokens: 300 };
  }
  return { content: 'I cannot answer that.', totalTokens: 50 };
}

function chatResponse(reply: FakeChatReply, body: any): unknown {
  const logprobs =
    body.logprobs && reply.tokens
      ? {
          content: reply.tokens.map((t) => ({
            token: t.token,
            logprob: t.logprob,
            bytes: [...Buffer.from(t.token, 'utf8')],
            top_logprobs: (t.top ?? [[t.token, t.logprob]]).slice(0, body.top_logprobs ?? 0).map(([token, logprob]) => ({ token, logprob, bytes: [...Buffer.from(token, 'utf8')] })),
          })),
        }
      : null;
  const total = reply.totalTokens ?? 10;
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 0,
    model: body.model,
    choices: [{ index: 0, message: { role: 'assistant', content: reply.content }, logprobs, finish_reason: 'stop' }],
    usage: { prompt_tokens: total - 1, completion_tokens: 1, total_tokens: total },
  };
}

/** The text an RM server would score for a `messages` conversation: ChatML, as a chat template would render it. */
export function serverTemplate(messages: { role: string; content: string }[]): string {
  return messages.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join('');
}

function unitsOf(path: string, body: any): string[] {
  if (path.endsWith('/chat/completions')) return (body.messages ?? []).filter((m: any) => m.role === 'user').map((m: any) => String(m.content));
  if (path === '/classify' || path === '/pooling') {
    if (body.messages) return [serverTemplate(body.messages)];
    return Array.isArray(body.input) ? body.input.map(String) : [String(body.input)];
  }
  if (path === '/score') {
    const t1 = Array.isArray(body.text_1) ? body.text_1 : [body.text_1];
    const t2 = Array.isArray(body.text_2) ? body.text_2 : [body.text_2];
    return t2.map((r: string, i: number) => `${t1.length === 1 ? t1[0] : t1[i]}${UNIT_SEPARATOR}${r}`);
  }
  if (path === '/predict') return (body.inputs as string[][]).map((x) => x.join(UNIT_SEPARATOR));
  if (path === '/get_reward') return (body.query as string[]).map(String);
  return [];
}

function answer(path: string, body: any, units: string[], o: FakeServerOptions): { status: number; json: unknown } {
  const reward = o.reward ?? fakeReward;
  const classes = o.classes ?? 1;
  const row = (u: string) => Array.from({ length: classes }, (_, j) => reward(u) + j);
  const usage = { prompt_tokens: 10 * units.length, total_tokens: 10 * units.length, completion_tokens: 0 };
  if (path.endsWith('/chat/completions')) {
    const reply = (o.judge ?? fakeJudgeReply)(units[units.length - 1] ?? '', body);
    return { status: 200, json: chatResponse(reply, body) };
  }
  if (path === '/classify') {
    // answer in reverse order: clients must match results by `index`, not position
    const data = units.map((u, index) => ({ index, label: 'LABEL_0', probs: row(u), num_classes: classes })).reverse();
    return { status: 200, json: { id: 'classify-fake', object: 'list', created: 0, model: body.model, data, usage } };
  }
  if (path === '/pooling') {
    const data = units.map((u, index) => ({ index, object: 'pooling', data: o.perTokenPooling ? [row(u).map((x) => x - 5), row(u).map((x) => x - 3), row(u)] : row(u) }));
    return { status: 200, json: { id: 'pool-fake', object: 'list', created: 0, model: body.model, data, usage } };
  }
  if (path === '/score') {
    const data = units.map((u, index) => ({ index, object: 'score', score: reward(u) }));
    return { status: 200, json: { id: 'score-fake', object: 'list', created: 0, model: body.model, data, usage } };
  }
  if (path === '/predict') {
    return { status: 200, json: units.map((u) => [{ score: reward(u), label: 'LABEL_0' }]) };
  }
  if (path === '/get_reward') {
    return { status: 200, json: { rewards: units.map(reward), scores: units.map(reward) } };
  }
  return { status: 404, json: { error: `no route ${path}` } };
}

/** Starts a fake server on 127.0.0.1 with an OS-chosen port. */
export async function startFakeServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  const stats: FakeServerStats = {
    requests: 0,
    byPath: new Map(),
    perKey: new Map(),
    perUnit: new Map(),
    faults: 0,
    answered: 0,
    maxOpen: 0,
    maxServing: 0,
    log: [],
  };
  let open = 0;
  let serving = 0;
  const queue: (() => void)[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const acquireSlot = (): Promise<void> => {
    const limit = options.maxConcurrent ?? Infinity;
    if (serving < limit) {
      serving++;
      stats.maxServing = Math.max(stats.maxServing, serving);
      return Promise.resolve();
    }
    return new Promise((resolve) => queue.push(resolve));
  };
  const releaseSlot = () => {
    const next = queue.shift();
    if (next) next(); // the slot passes on
    else serving--;
  };
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    open++;
    stats.maxOpen = Math.max(stats.maxOpen, open);
    let closed = false;
    res.on('close', () => {
      if (!closed) {
        closed = true;
        open--;
      }
    });
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      // vLLM serves the pooling routes with and without /v1; chat stays under /v1
      let path = (req.url ?? '/').split('?')[0];
      if (!path.endsWith('/chat/completions')) path = path.replace(/^\/v1(?=\/)/, '');
      let body: any;
      try {
        body = JSON.parse(raw);
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad json"}');
        return;
      }
      const key = sha256(path + '\n' + raw).toString('hex');
      const attempt = stats.perKey.get(key) ?? 0;
      stats.perKey.set(key, attempt + 1);
      stats.requests++;
      stats.byPath.set(path, (stats.byPath.get(path) ?? 0) + 1);
      const units = unitsOf(path, body);
      for (const u of units) stats.perUnit.set(u, (stats.perUnit.get(u) ?? 0) + 1);
      const fault = options.faults?.({ path, key, attempt, body, units });
      stats.log.push({ path, attempt, units, body, authorization: req.headers.authorization, fault: fault?.kind });

      await acquireSlot();
      try {
        if (options.latencyMs) await wait(options.latencyMs);
        if (fault) {
          stats.faults++;
          if (fault.kind === 'hang') return; // the client's timeout ends it; close() drops the socket
          if (fault.kind === 'reset') {
            req.socket.destroy();
            return;
          }
          if (fault.kind === 'malformed') {
            res.writeHead(200, { 'content-type': 'application/json' }).end('{"choices": [{"message": {"content": "7"');
            return;
          }
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
          res.writeHead(fault.status, headers).end(fault.body ?? JSON.stringify({ error: { message: `injected ${fault.status}` } }));
          return;
        }
        const a = answer(path, body, units, options);
        if (a.status === 200) stats.answered++;
        res.writeHead(a.status, { 'content-type': 'application/json' }).end(JSON.stringify(a.json));
      } finally {
        releaseSlot();
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    options,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Retry-After/backoff-free client environment for tests: records every requested delay and never sleeps. */
export function recordingSleep(): { delays: number[]; sleep: (ms: number) => Promise<void> } {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

/** The options of a server in another process: only plain data crosses the process boundary. */
export type FakeServerProcessOptions = Pick<FakeServerOptions, 'latencyMs' | 'maxConcurrent' | 'classes' | 'perTokenPooling'>;

export interface FakeServerProcess {
  url: string;
  /** Request count and peaks, read from the child. */
  stats(): Promise<{ requests: number; answered: number; maxOpen: number; maxServing: number }>;
  close(): Promise<void>;
}

/**
 * The fake server in a child process, for benchmarks: a real inference server does not share the client's event
 * loop, and on a busy machine the server's own work would otherwise be charged to the client.
 */
export function startFakeServerProcess(opts: FakeServerProcessOptions = {}): Promise<FakeServerProcess> {
  const file = fileURLToPath(import.meta.url);
  const child = fork(file, [JSON.stringify(opts)], {
    execArgv: ['--import', 'tsx'],
    cwd: path.resolve(path.dirname(file), '../..'),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`fake server process exited with ${code}`)));
    child.once('message', (m: any) => {
      child.removeAllListeners('exit');
      resolve({
        url: m.url,
        stats: () =>
          new Promise((res) => {
            child.once('message', (s: any) => res(s));
            child.send('stats');
          }),
        close: () =>
          new Promise((res) => {
            child.once('exit', () => res());
            child.send('close');
          }),
      });
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.send) {
  const server = await startFakeServer(JSON.parse(process.argv[2] ?? '{}') as FakeServerProcessOptions);
  process.on('message', async (m) => {
    if (m === 'stats') {
      const { requests, answered, maxOpen, maxServing } = server.stats;
      process.send!({ requests, answered, maxOpen, maxServing });
    } else if (m === 'close') {
      await server.close();
      process.exit(0);
    }
  });
  process.send({ url: server.url });
}
