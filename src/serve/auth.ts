// Bearer-token authentication for the reward server. Tokens come from a file (`name:token` per line), from
// TRENCHCOAT_TOKENS (`name:token,name:token`), or are generated once and kept at $TRENCHCOAT_HOME/serve.token (0600).
// Only the token's name ever reaches logs and metrics.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ServeToken {
  name: string;
  token: string;
}

/** A malformed tokens file or variable; carries the file (or variable) and line. */
export class TokenFileError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'TokenFileError';
  }
}

const NAME = /^[A-Za-z0-9_.@-]{1,64}$/;
const MIN_TOKEN_LENGTH = 16;

function parseTokenEntry(entry: string, where: string, line: number): ServeToken {
  const colon = entry.indexOf(':');
  if (colon <= 0) throw new TokenFileError(`${where}:${line}: expected name:token`, where, line);
  const name = entry.slice(0, colon).trim();
  const token = entry.slice(colon + 1).trim();
  if (!NAME.test(name)) throw new TokenFileError(`${where}:${line}: token name "${name}" must be 1-64 of A-Z a-z 0-9 _ . @ -`, where, line);
  if (token.length < MIN_TOKEN_LENGTH) throw new TokenFileError(`${where}:${line}: token of "${name}" is shorter than ${MIN_TOKEN_LENGTH} characters`, where, line);
  if (/\s/.test(token)) throw new TokenFileError(`${where}:${line}: token of "${name}" contains whitespace`, where, line);
  return { name, token };
}

function checkUnique(tokens: ServeToken[], where: string): ServeToken[] {
  const names = new Set<string>();
  tokens.forEach((t, i) => {
    if (names.has(t.name)) throw new TokenFileError(`${where}: token name "${t.name}" appears twice`, where, i + 1);
    names.add(t.name);
  });
  if (tokens.length === 0) throw new TokenFileError(`${where}: no tokens`, where, 0);
  return tokens;
}

/** `name:token` per line; blank lines and `#` comments skipped. */
export function readTokenFile(file: string): ServeToken[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const out: ServeToken[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    out.push(parseTokenEntry(line, file, i + 1));
  });
  return checkUnique(out, file);
}

/** TRENCHCOAT_TOKENS: `name:token` entries separated by commas. */
export function parseTokensEnv(value: string): ServeToken[] {
  const entries = value.split(',').map((s) => s.trim()).filter(Boolean);
  return checkUnique(entries.map((e, i) => parseTokenEntry(e, 'TRENCHCOAT_TOKENS', i + 1)), 'TRENCHCOAT_TOKENS');
}

/** Where the generated token lives: $TRENCHCOAT_HOME/serve.token, else ./.trenchcoat/serve.token (as the store). */
export function generatedTokenPath(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.resolve(cwd, env.TRENCHCOAT_HOME ?? '.trenchcoat', 'serve.token');
}

/** Reuses the stored token or writes a new random one (mode 0600); `created` tells the caller to print it. */
export function loadOrCreateToken(file: string): { token: ServeToken; created: boolean } {
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim();
    return { token: parseTokenEntry(text.includes(':') ? text : `default:${text}`, file, 1), created: false };
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, `default:${token}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { token: { name: 'default', token }, created: true };
}

/** The two primitives token matching is built from; injectable so a test can watch that every path does the same work. */
export interface TokenComparison {
  digest(s: string): Buffer;
  equal(a: Buffer, b: Buffer): boolean;
}

export const CONSTANT_TIME_COMPARISON: TokenComparison = {
  digest: (s) => createHash('sha256').update(s, 'utf8').digest(),
  equal: timingSafeEqual,
};

/**
 * The name of the token `presented` matches, or undefined. Both sides are hashed to equal-length digests and every
 * configured token is compared with timingSafeEqual (no early exit), so the time taken says nothing about how much of
 * a token was right or which token was tried.
 */
export function matchToken(tokens: readonly ServeToken[], presented: string, cmp: TokenComparison = CONSTANT_TIME_COMPARISON): string | undefined {
  const p = cmp.digest(presented);
  let found: string | undefined;
  for (const t of tokens) {
    // `&&` after the comparison, never before it: the comparison runs for every token, matched or not
    if (cmp.equal(cmp.digest(t.token), p) && found === undefined) found = t.name;
  }
  return found;
}

/**
 * The credential of an Authorization header: `Bearer TOKEN`, or `Basic base64(name:TOKEN)` — the form aiohttp sends
 * for a URL with user info (`http://trainer:TOKEN@host/get_reward`), which is how OpenRLHF and slime, whose clients set
 * no headers, can authenticate.
 */
export function credentialOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^(Bearer|Basic)\s+(\S+)\s*$/i.exec(header);
  if (!m) return undefined;
  if (m[1].toLowerCase() === 'bearer') return m[2];
  const decoded = Buffer.from(m[2], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/** Query parameters that would carry a credential in the URL, where proxies and access logs keep it. */
export const URL_CREDENTIAL_PARAMS = ['token', 'access_token', 'api_key', 'apikey', 'key', 'auth'];

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '[::1]']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}
