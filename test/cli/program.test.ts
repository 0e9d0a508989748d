// The lazily loaded CLI: which commands a command line loads (commandsFor), that help printed with only the needed
// command loaded is the same as with every command loaded, and that `--version` / `score --help` load none of the heavy
// dependencies (module graph of a real child process, recorded by a loader hook).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { COMMANDS, commandsFor } from '../../src/cli/commands.js';
import { MAIN, REPO_ROOT, scratchDir } from '../helpers/cli.js';

const ALL = COMMANDS.map((c) => c.name);
const names = (args: string[]) => commandsFor(args).map((c) => c.name);

test('commandsFor: the named command only, none for --version, all whenever the program itself may print', () => {
  assert.deepEqual(names(['score', '--hyp', 'h', '--ref', 'r']), ['score']);
  assert.deepEqual(names(['score', '--help']), ['score']);
  assert.deepEqual(names(['--debug', 'prefs', 'bt', '--judgments', 'x']), ['prefs']);
  assert.deepEqual(names(['help', 'meta-eval']), ['meta-eval']);
  assert.deepEqual(names(['--version']), []);
  assert.deepEqual(names(['--debug', '-V']), []);
  // commander prints the program's help or an error listing (or suggesting) commands: everything must be there
  assert.deepEqual(names([]), ALL);
  assert.deepEqual(names(['--help']), ALL);
  assert.deepEqual(names(['-h', 'score']), ALL);
  assert.deepEqual(names(['help']), ALL);
  assert.deepEqual(names(['help', 'scor']), ALL);
  assert.deepEqual(names(['scor', '--hyp', 'h']), ALL);
  assert.deepEqual(names(['--bogus', 'score']), ALL);
  // an option value that looks like a command name is not the command
  assert.deepEqual(names(['score', '--data', 'serve']), ['score']);
});

function helpTexts(cmd: Command, prefix: string[] = []): Map<string, string> {
  const out = new Map<string, string>([[prefix.join(' '), cmd.helpInformation()]]);
  for (const sub of cmd.commands) for (const [k, v] of helpTexts(sub, [...prefix, sub.name()])) out.set(k, v);
  return out;
}

test('help of every command and subcommand is the same with only that command loaded as with all loaded', async () => {
  const all = helpTexts(await buildProgram(COMMANDS));
  assert.equal(all.size > COMMANDS.length + 5, true, `expected nested subcommands, got ${[...all.keys()].join(', ')}`);
  for (const entry of COMMANDS) {
    const alone = await buildProgram(commandsFor([entry.name, '--help']));
    assert.deepEqual(alone.commands.map((c) => c.name()), [entry.name]);
    for (const [key, text] of helpTexts(alone)) {
      if (key === '') continue;
      assert.equal(text, all.get(key), `help of "${key}"`);
    }
  }
});

/** Runs the real CLI (from sources) and returns what it printed and every module it loaded. */
function loadedModules(args: string[]): { code: number; stdout: string; modules: string[] } {
  const log = path.join(scratchDir(), 'modules.log');
  const hook = path.join(REPO_ROOT, 'test/helpers/log-loaded-modules.mjs');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', hook, MAIN, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, TRENCHCOAT_MODULE_LOG: log, TRENCHCOAT_HOME: scratchDir() },
  });
  return { code: r.status ?? -1, stdout: r.stdout, modules: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

const HEAVY = [
  'onnxruntime-node', 'better-sqlite3', 'hyparquet', 'hyparquet-compressors', 'hyparquet-writer', '@huggingface/tokenizers',
  'vega', 'vega-lite', 'hono', '@hono/node-server', 'bullmq', 'ioredis', 'ajv', 'yaml', 'zod', 'prom-client',
];
const heavyIn = (modules: string[]) => modules.filter((m) => HEAVY.some((h) => m.includes(`/node_modules/${h}/`)));
const ours = (modules: string[]) => modules.filter((m) => m.includes('/src/') && !m.includes('/node_modules/')).map((m) => m.slice(m.indexOf('/src/') + 1));

test('`trenchcoat --version` prints what commander prints for it, loading neither commander nor any command', async () => {
  const program = await buildProgram([]);
  let printed = '';
  program.exitOverride().configureOutput({ writeOut: (s) => (printed += s) });
  await assert.rejects(program.parseAsync(['node', 'trenchcoat', '--version']), { code: 'commander.version' });
  for (const flag of ['--version', '-V']) {
    const run = loadedModules(['--debug', flag]);
    assert.equal(run.code, 0);
    assert.equal(run.stdout, printed);
    assert.deepEqual(ours(run.modules), ['src/cli/main.ts', 'src/version.ts', 'src/cli/commands.ts', 'src/cli/broken-pipe.ts']);
    assert.deepEqual(run.modules.filter((m) => m.includes('/node_modules/commander/')), []);
  }
});

test('`trenchcoat score --help` loads score.ts but not its run, no scorer and no heavy dependency', () => {
  const run = loadedModules(['score', '--help']);
  assert.equal(run.code, 0);
  assert.match(run.stdout, /^Usage: trenchcoat score \[options\]/);
  // the hook sees both commander's ES entry and its CommonJS files: an empty log cannot pass for a small graph
  assert.ok(run.modules.some((m) => m.startsWith('import ') && m.includes('/node_modules/commander/')), 'commander (import)');
  assert.ok(run.modules.some((m) => m.startsWith('require ') && m.includes('/node_modules/commander/lib/command.js')), 'commander (require)');
  const loaded = ours(run.modules);
  assert.ok(loaded.includes('src/cli/score.ts'));
  assert.ok(!loaded.includes('src/cli/score-run.ts'));
  // (cache.ts is loaded: score shares its --cache options)
  assert.deepEqual(loaded.filter((m) => ['src/cli/serve.ts', 'src/cli/report.ts', 'src/cli/prefs.ts', 'src/cli/meta-eval.ts'].includes(m)), []);
  assert.deepEqual(loaded.filter((m) => m === 'src/scorers/builtin.ts' || m.startsWith('src/scorers/lexical/') && m !== 'src/scorers/lexical/text.ts' || m.startsWith('src/scorers/model/')), []);
  assert.deepEqual(heavyIn(run.modules), []);
  // what only a run needs: the stores, the line reader (zlib, stream), the output files (crypto), the column scorer
  const runOnly = ['src/store/sqlite-cache.ts', 'src/store/redis-cache.ts', 'src/store/runs.ts', 'src/data/lines.ts', 'src/data/output-file.ts', 'src/scorers/simple/column.ts'];
  assert.deepEqual(loaded.filter((m) => runOnly.includes(m)), []);
});
