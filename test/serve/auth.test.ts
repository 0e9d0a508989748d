// Authentication: tokens file / TRENCHCOAT_TOKENS / generated token (0600), constant-time matching, 401 with
// WWW-Authenticate, credentials in the URL refused, Basic auth (aiohttp user-info URLs), non-loopback refusals.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { timingSafeEqual } from 'node:crypto';
import { CONSTANT_TIME_COMPARISON, credentialOf, isLoopbackHost, loadOrCreateToken, matchToken, parseTokensEnv, readTokenFile, TokenFileError, type TokenComparison } from '../../src/serve/auth.js';
import { ServeConfigError } from '../../src/serve/server.js';
import { AUTH, postJson, ROOT, spawnServe, startTestServer, TOKEN, type TestServer } from './helpers.js';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'serve-auth-'));
let server: TestServer;
const item = { items: [{ output: 'the cat sat', references: ['the cat sat on the mat'] }] };

before(async () => {
  server = await startTestServer({ specs: ['chrf'], workers: 0, tokens: [{ name: 'trainer', token: TOKEN }, { name: 'eval', token: 'eval-token-abcdefghijklmnop' }] });
});
after(async () => {
  await server.drain(1000);
  rmSync(dir, { recursive: true, force: true });
});

test('tokens file: name:token lines, comments; errors name FILE:LINE', () => {
  const f = path.join(dir, 'tokens.txt');
  writeFileSync(f, '# trainers\ntrainer:abcdefghijklmnopqrstu\n\neval:zyxwvutsrqponmlkjihg\n');
  assert.deepEqual(readTokenFile(f), [{ name: 'trainer', token: 'abcdefghijklmnopqrstu' }, { name: 'eval', token: 'zyxwvutsrqponmlkjihg' }]);
  writeFileSync(f, 'trainer:abcdefghijklmnopqrstu\nnocolon\n');
  assert.throws(() => readTokenFile(f), (e: unknown) => e instanceof TokenFileError && e.line === 2 && e.message.startsWith(`${f}:2:`));
  writeFileSync(f, 'trainer:short\n');
  assert.throws(() => readTokenFile(f), /shorter than 16/);
  writeFileSync(f, 'a:abcdefghijklmnopqrstu\na:zyxwvutsrqponmlkjihg\n');
  assert.throws(() => readTokenFile(f), /appears twice/);
  assert.deepEqual(parseTokensEnv('a:abcdefghijklmnopqrstu, b:zyxwvutsrqponmlkjihg'), [{ name: 'a', token: 'abcdefghijklmnopqrstu' }, { name: 'b', token: 'zyxwvutsrqponmlkjihg' }]);
  assert.throws(() => parseTokensEnv('a:abcdefghijklmnopqrstu,oops'), /TRENCHCOAT_TOKENS:2/);
});

test('generated token: stored with mode 0600, reused on the next start', () => {
  const f = path.join(dir, 'home', 'serve.token');
  const first = loadOrCreateToken(f);
  assert.equal(first.created, true);
  assert.ok(first.token.token.length >= 40);
  assert.equal(statSync(f).mode & 0o777, 0o600);
  const again = loadOrCreateToken(f);
  assert.equal(again.created, false);
  assert.deepEqual(again.token, first.token);
});

test('matchToken: the matching name, or undefined for wrong, prefix, longer and empty tokens', () => {
  const tokens = [{ name: 'a', token: 'abcdefghijklmnopqrstu' }, { name: 'b', token: 'zyxwvutsrqponmlkjihg' }];
  assert.equal(matchToken(tokens, 'zyxwvutsrqponmlkjihg'), 'b');
  for (const bad of ['abcdefghijklmnopqrst', 'abcdefghijklmnopqrstuv', 'Abcdefghijklmnopqrstu', '', 'abcdefghijklmnopqrstU']) assert.equal(matchToken(tokens, bad), undefined, bad);
  assert.equal(credentialOf('Bearer abc'), 'abc');
  assert.equal(credentialOf(`Basic ${Buffer.from('trainer:s3cret:with:colons').toString('base64')}`), 's3cret:with:colons');
  assert.equal(credentialOf('Token abc'), undefined);
  assert.equal(credentialOf('Bearer a b'), undefined);
  assert.ok(isLoopbackHost('127.0.0.1') && isLoopbackHost('::1') && isLoopbackHost('localhost') && !isLoopbackHost('0.0.0.0') && !isLoopbackHost('10.0.0.1'));
});

test('timing: every presented token, right, wrong, or right up to its last character, takes the same comparison path', () => {
  const tokens = [{ name: 'a', token: 'abcdefghijklmnopqrstu' }, { name: 'b', token: 'zyxwvutsrqponmlkjihg' }, { name: 'c', token: 'c'.repeat(40) }];
  const presented = ['abcdefghijklmnopqrstu', 'zyxwvutsrqponmlkjihg', 'abcdefghijklmnopqrstX', 'a', 'Xbcdefghijklmnopqrstu', 'zyxwvutsrqponmlkjihgX', '', 'c'.repeat(39), 'c'.repeat(400)];
  const traces = presented.map((p) => {
    const trace: string[] = [];
    const spy: TokenComparison = {
      digest: (s) => {
        const d = CONSTANT_TIME_COMPARISON.digest(s);
        // the first digest must be of the presented token; the others name the configured token hashed
        trace.push(`digest(${trace.length === 0 ? (s === p ? 'presented' : 'other') : `token ${tokens.findIndex((t) => t.token === s)}`}) -> ${d.length} bytes`);
        return d;
      },
      equal: (a, b) => {
        trace.push(`equal(${a.length}, ${b.length})`);
        return CONSTANT_TIME_COMPARISON.equal(a, b);
      },
    };
    const name = matchToken(tokens, p, spy);
    return { name, trace: trace.join('; ') };
  });
  assert.deepEqual(traces.map((t) => t.name), ['a', 'b', undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  // the presented token is hashed once, every configured token is hashed and compared, matched or not, first or last
  const expected = ['digest(presented) -> 32 bytes', ...tokens.flatMap((_, k) => [`digest(token ${k}) -> 32 bytes`, 'equal(32, 32)'])].join('; ');
  for (const [i, t] of traces.entries()) assert.equal(t.trace, expected, `presented ${JSON.stringify(presented[i])}`);
  // and the comparison the server uses is node's constant-time one, over the fixed-length digests
  assert.equal(CONSTANT_TIME_COMPARISON.equal, timingSafeEqual);
  assert.equal(CONSTANT_TIME_COMPARISON.digest('x').length, 32);
});

test('HTTP: missing or wrong token → 401 with WWW-Authenticate; the right one → 200; only its name is logged', async () => {
  const missing = await postJson(`${server.url}/v1/score`, item, {});
  assert.equal(missing.status, 401);
  assert.equal(missing.headers.get('www-authenticate'), 'Bearer realm="trenchcoat"');
  const wrong = await postJson(`${server.url}/v1/score`, item, { Authorization: `Bearer ${TOKEN}x` });
  assert.equal(wrong.status, 401);
  assert.match(wrong.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
  for (const route of ['/get_reward', '/v1/reward', '/v1/scorers', '/metrics']) {
    const r = await fetch(`${server.url}${route}`, { method: route.startsWith('/v1/s') || route === '/metrics' ? 'GET' : 'POST', body: route.startsWith('/v1/s') || route === '/metrics' ? undefined : '{}' });
    assert.equal(r.status, 401, route);
    await r.text();
  }
  const ok = await postJson(`${server.url}/v1/score`, item, { Authorization: 'Bearer eval-token-abcdefghijklmnop' });
  assert.equal(ok.status, 200);
  const line = JSON.parse(server.logs.find((l) => l.includes(ok.headers.get('x-request-id') as string)) as string);
  assert.equal(line.token, 'eval');
  assert.ok(!server.logs.some((l) => l.includes('eval-token-abcdefghijklmnop') || l.includes(TOKEN)), 'no token in the logs');
});

test('HTTP: Basic auth with the token as password (aiohttp user-info URLs: http://name:TOKEN@host/get_reward)', async () => {
  const basic = `Basic ${Buffer.from(`trainer:${TOKEN}`).toString('base64')}`;
  const r = await postJson(`${server.url}/get_reward`, { query: ['the cat sat'], labels: ['the cat sat on the mat'] }, { Authorization: basic });
  assert.equal(r.status, 200);
  assert.equal(r.json.rewards.length, 1);
});

test('HTTP: a token in the URL is refused even with a valid header; /health and /ready need none', async () => {
  for (const q of ['token', 'access_token', 'api_key']) {
    const r = await postJson(`${server.url}/v1/score?${q}=${TOKEN}`, item, AUTH);
    assert.equal(r.status, 401, q);
    assert.match(r.json.error, /credentials in the URL are refused/);
  }
  assert.equal((await fetch(`${server.url}/health`)).status, 200);
  assert.equal((await fetch(`${server.url}/ready`)).status, 200);
});

test('non-loopback without tokens is refused: by the library and by the CLI (also with a generated token)', async () => {
  await assert.rejects(startTestServer({ specs: ['chrf'], host: '0.0.0.0', tokens: undefined, workers: 0 }), (e: unknown) => e instanceof ServeConfigError && /without authentication/.test((e as Error).message));
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'serve', '-s', 'chrf', ...args], { cwd: ROOT, env: { ...process.env, TRENCHCOAT_TOKENS: '', TRENCHCOAT_HOME: path.join(dir, 'cli-home'), ...env } }).then(
      () => ({ code: 0, stderr: '' }),
      (e) => ({ code: e.code as number, stderr: String(e.stderr) }),
    );
  const noAuth = await cli(['--host', '0.0.0.0', '--no-auth', '--port', '0']);
  assert.equal(noAuth.code, 2);
  assert.match(noAuth.stderr, /--no-auth is allowed only with a loopback --host/);
  const generated = await cli(['--host', '0.0.0.0', '--port', '0']);
  assert.equal(generated.code, 2);
  assert.match(generated.stderr, /refusing to bind 0\.0\.0\.0 with a generated token/);
});

test('CLI: a generated token is printed once, saved 0600 under $TRENCHCOAT_HOME, and required', async () => {
  const home = path.join(dir, 'gen-home');
  const p = await spawnServe(['-s', 'chrf', '--port', '0', '--workers', '0'], { TRENCHCOAT_HOME: home, TRENCHCOAT_TOKENS: '' });
  try {
    await new Promise((r) => setTimeout(r, 100));
    const token = /mode 0600\): (\S+)/.exec(p.stdout())?.[1] as string;
    assert.ok(token);
    const file = path.join(home, 'serve.token');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(readFileSync(file, 'utf8').trim(), `default:${token}`);
    assert.equal((await postJson(`${p.url}/v1/score`, item, {})).status, 401);
    assert.equal((await postJson(`${p.url}/v1/score`, item, { Authorization: `Bearer ${token}` })).status, 200);
  } finally {
    p.child.kill('SIGTERM');
    assert.equal(await p.exited, 0);
  }
});
