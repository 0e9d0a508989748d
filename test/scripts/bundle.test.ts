// The package as users install it: scripts/bundle.mjs (what `npm run build` runs) bundles into a copy of the package,
// `npm pack` packs it, and the tarball is unpacked into a temporary app's node_modules/trenchcoat, where npm install
// would put it, with its bin linked as npm links it. Its dependencies are linked one by one from this repository's
// node_modules (an offline `npm install` of the tarball cannot fetch them here). No npm command ever runs in the app.
// The installed bin must print its version, score with the numbers of sacreBLEU (goldens), on worker threads too
// (the worker entries are found inside the installed package), show the same help as the sources, and run the demo.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { VERSION } from '../../src/version.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/wmt21');
const HYP = path.join(FIXTURES, 'newstest2021.en-de.hyp.Facebook-AI.de.gz');
const REF = path.join(FIXTURES, 'newstest2021.en-de.ref.A.de.gz');

let tmp = '';
let app = '';
let installed = '';
let bin = '';
let packed: string[] = [];

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TRENCHCOAT_HOME: path.join(tmp, 'home'), ...env }, maxBuffer: 1 << 26 });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Links every package of this repository's node_modules into `nodeModules` (scoped ones one by one, never a scope folder). */
function linkDependencies(nodeModules: string): void {
  const from = realpathSync(path.join(REPO_ROOT, 'node_modules'));
  for (const entry of readdirSync(from)) {
    if (entry.startsWith('.') || entry === 'trenchcoat') continue;
    if (entry.startsWith('@')) {
      mkdirSync(path.join(nodeModules, entry), { recursive: true });
      for (const name of readdirSync(path.join(from, entry))) symlinkSync(path.join(from, entry, name), path.join(nodeModules, entry, name));
    } else symlinkSync(path.join(from, entry), path.join(nodeModules, entry));
  }
}

before(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'tc-pack-'));
  const pkg = path.join(tmp, 'pkg');
  mkdirSync(pkg);
  for (const f of ['package.json', 'README.md', 'examples']) cpSync(path.join(REPO_ROOT, f), path.join(pkg, f), { recursive: true });
  const bundled = run(process.execPath, ['scripts/bundle.mjs', path.join(pkg, 'dist')], REPO_ROOT);
  assert.equal(bundled.code, 0, bundled.stderr);
  const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], pkg);
  assert.equal(pack.code, 0, pack.stderr);
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  packed = info.files.map((f) => f.path).sort();
  app = path.join(tmp, 'app');
  installed = path.join(app, 'node_modules/trenchcoat');
  mkdirSync(installed, { recursive: true });
  const untar = run('tar', ['-xzf', path.join(tmp, info.filename), '-C', installed, '--strip-components=1'], tmp);
  assert.equal(untar.code, 0, untar.stderr);
  linkDependencies(path.join(app, 'node_modules'));
  const binPath = (JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin.trenchcoat;
  mkdirSync(path.join(app, 'node_modules/.bin'));
  bin = path.join(app, 'node_modules/.bin/trenchcoat');
  symlinkSync(path.join('..', 'trenchcoat', binPath), bin);
});

after(() => {
  // the app's node_modules holds symlinks only: rmSync removes the links, never what they point to
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('the tarball holds the bundle (bin, library, worker entries, notices) and the demo data, no sources', () => {
  for (const f of ['dist/cli/main.js', 'dist/index.js', 'dist/serve/cpu-worker.js', 'dist/parallel/shard-thread.js', 'dist/THIRD-PARTY-NOTICES.txt', 'examples/mqm-ted-ende/ted-ende.jsonl', 'package.json']) {
    assert.ok(packed.includes(f), `${f} is packed`);
  }
  assert.deepEqual(packed.filter((f) => /\.(ts|mts)$/.test(f) && !f.endsWith('.d.ts')), []);
  assert.ok(packed.some((f) => f.startsWith('dist/chunks/')), 'shared code is in chunks');
  assert.match(readFileSync(path.join(installed, 'dist/THIRD-PARTY-NOTICES.txt'), 'utf8'), /commander \d+\.\d+\.\d+[\s\S]*MIT License/);
});

test('the installed bin is an executable node script and prints the version', () => {
  accessSync(bin, constants.X_OK);
  assert.match(readFileSync(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  const r = run(bin, ['--version'], app);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${VERSION}\n`);
});

interface ScoreJson {
  results: { spec: string; corpus: { value: number }[] }[];
}

const golden = (metric: string): number => {
  const rows = readFileSync(path.join(FIXTURES, 'corpus-scores.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { lp: string; system: string; refs: string[]; metric: string; score: number });
  return rows.find((r) => r.lp === 'en-de' && r.system === 'Facebook-AI' && r.refs.join() === 'A' && r.metric === metric)!.score;
};

for (const threads of ['1', '2']) {
  test(`the installed bin scores BLEU, chrF, chrF++ with sacreBLEU's numbers (--threads ${threads})`, () => {
    const r = run(bin, ['score', '--hyp', HYP, '--ref', REF, '-s', 'bleu', '-s', 'chrf', '-s', 'chrf++', '--json', '--threads', threads, '--shard-size', '300'], app);
    assert.equal(r.code, 0, r.stderr);
    const values = Object.fromEntries((JSON.parse(r.stdout) as ScoreJson).results.map((x) => [x.spec, x.corpus[0].value]));
    assert.deepEqual(values, { bleu: golden('bleu'), chrf: golden('chrf'), 'chrf++': golden('chrfpp') });
  });
}

test("the installed CPU pool worker entry scores what it is sent (serve's worker threads)", async () => {
  const worker = new Worker(pathToFileURL(path.join(installed, 'dist/serve/cpu-worker.js')), { workerData: { specs: ['chrf'] } });
  try {
    const reply = await new Promise<{ packed: unknown }>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (msg: { ready?: true; id?: number; packed?: unknown; error?: { message: string } }) => {
        if (msg.ready) worker.postMessage({ id: 1, k: 0, items: [{ id: 'a', output: 'the cat sat', references: ['the cat sat'] }] });
        else if (msg.error) reject(new Error(msg.error.message));
        else resolve(msg as { packed: unknown });
      });
    });
    assert.ok(reply.packed, 'a packed score came back');
  } finally {
    await worker.terminate();
  }
});

/** What the installed bin loads for a command line: our bundle files (with the source modules each holds) and packages. */
function loadedByInstalled(args: string[]): { bundleFiles: string[]; sources: string[]; packages: string[]; builtins: string[] } {
  const log = path.join(tmp, `modules-${args.join('-')}.log`);
  const hook = path.join(REPO_ROOT, 'test/helpers/log-loaded-modules.mjs');
  const r = run(process.execPath, ['--import', hook, bin, ...args], app, { TRENCHCOAT_MODULE_LOG: log });
  assert.equal(r.code, 0, r.stderr);
  const files = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => l.replace(/^(import|require) (file:\/\/)?/, ''));
  const dist = path.join(realpathSync(installed), 'dist') + path.sep;
  const bundleFiles = [...new Set(files.filter((f) => f.startsWith(dist)))];
  // esbuild marks where each source module starts in a chunk with a `// src/…` (or `// node_modules/…`) line
  const sources = bundleFiles.flatMap((f) => readFileSync(f, 'utf8').match(/^\/\/ \S+\.(?:ts|js|mjs)$/gm) ?? []).map((m) => m.slice(3).replace(/^.*node_modules\//, 'node_modules/'));
  const packages = [...new Set(files.filter((f) => f.includes('/node_modules/') && !f.startsWith(dist)).map((f) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1] ?? f))];
  const builtins = [...new Set(files.filter((f) => f.startsWith('node:')).map((f) => f.slice('node:'.length)))];
  return { bundleFiles, sources, packages, builtins };
}

test('the bundle keeps the lazy split points: --version loads no commander, score --help no scorer and no dependency', () => {
  const version = loadedByInstalled(['--version']);
  assert.deepEqual(version.sources.sort(), ['src/cli/broken-pipe.ts', 'src/cli/commands.ts', 'src/cli/main.ts', 'src/version.ts']);
  assert.deepEqual(version.packages, []);
  const help = loadedByInstalled(['score', '--help']);
  assert.ok(help.sources.includes('src/cli/score.ts') && help.sources.some((s) => s.startsWith('node_modules/commander/')), help.sources.join(' '));
  assert.deepEqual(help.sources.filter((s) => s === 'src/cli/score-run.ts' || s === 'src/scorers/builtin.ts' || s.startsWith('src/scorers/lexical/bleu')), []);
  // commander is compiled into the bundle; nothing is loaded from node_modules
  assert.deepEqual(help.packages, []);
  // Node builtins outside the start-up snapshot that only a run needs (commander's child_process is loaded on use)
  assert.ok(help.builtins.includes('path'), help.builtins.join(' '));
  assert.deepEqual(help.builtins.filter((b) => ['crypto', 'zlib', 'stream', 'child_process', 'worker_threads'].includes(b)), []);
  // each bundle file costs start-up time (docs/startup.md): a change that splits the help path further shows here
  assert.ok(help.bundleFiles.length <= 23, `score --help reads ${help.bundleFiles.length} bundle files`);
});

test('the installed bin prints the same help as the sources', () => {
  for (const args of [['--help'], ['score', '--help'], ['prefs', 'bt', '--help']]) {
    const installedHelp = run(bin, args, app);
    const sourceHelp = runCli(args);
    assert.equal(installedHelp.code, 0, installedHelp.stderr);
    assert.equal(installedHelp.stdout, sourceHelp.stdout, args.join(' '));
  }
});

test('the installed library imports and scores', () => {
  const code = "const t = await import('trenchcoat'); const s = t.createScorer('chrf'); process.stdout.write(t.VERSION + ' ' + s.signature({ nrefs: 1 }));";
  const r = run(process.execPath, ['--input-type=module', '-e', code], app);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${VERSION} chrF2|nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:trenchcoat-${VERSION}`);
});

test('the installed bin runs the demo on its bundled data', () => {
  const r = run(bin, ['demo'], app);
  assert.equal(r.code, 0, r.stderr);
  for (const step of ['== 1. score', '== 2a. meta-evaluate', '== 3. probe', '== 5. serve']) assert.ok(r.stdout.includes(step), step);
  // the tiny ONNX model is a test fixture, not packed: the demo says so instead of failing
  assert.match(r.stdout, /== 4\. cache: skipped/);
  assert.ok(existsSync(path.join(app, 'trenchcoat-demo.html')));
});
