// Every command records a run: one pair of commander hooks around every command's action starts the record (command,
// argv, seed, input hashes) and finishes it (exit code, duration, the result printed). Commands only print through
// `printJson`/`printResult` or call `recordResult` with the JSON result they print — recorded also without --json.
// `--no-record` on any recorded command turns it off. Recording never fails a command: a store that cannot be
// written gets one warning on stderr.
import type { Command } from 'commander';
import { runStorePathFor } from '../store/cache-location.js';
import { defaultStorePath } from '../store/paths.js';
import { disableCommandRun, finishCommandRun, noteCommandResult, startCommandRun } from '../store/command-run.js';

/** Commands that only read or manage the store, list scorers or demonstrate: recording them would be noise. */
const NOT_RECORDED = new Set(['runs', 'cache', 'scorers', 'demo']);

/** Options naming input files or folders, in the order their hashes combine into the run's data hash. */
const INPUT_OPTIONS = ['data', 'hyp', 'ref', 'src', 'judgments', 'scores', 'annotations', 'decisions', 'texts', 'rewardbench', 'difficulty'];

function commandPath(cmd: Command): string[] {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names;
}

function leaves(cmd: Command): Command[] {
  return cmd.commands.length === 0 ? [cmd] : cmd.commands.flatMap(leaves);
}

function recorded(cmd: Command): boolean {
  return !NOT_RECORDED.has(commandPath(cmd)[0] ?? '');
}

function inputsOf(opts: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const name of INPUT_OPTIONS) {
    const v = opts[name];
    for (const p of Array.isArray(v) ? v : [v]) if (typeof p === 'string' && p !== '-' && p !== '') out.push(p);
  }
  return out;
}

function seedOf(opts: Record<string, unknown>): number | null {
  const v = opts.seed;
  return typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : typeof v === 'number' && Number.isInteger(v) ? v : null;
}

function warn(err: unknown): void {
  process.stderr.write(`warning: this run is not recorded: ${err instanceof Error ? err.message : String(err)}\n`);
}

/** Adds `--no-record` to every recorded command and the hooks that record its run. Call once, after registering. */
export function installRunRecording(program: Command): void {
  for (const cmd of leaves(program)) if (cmd !== program && recorded(cmd)) cmd.option('--no-record', 'do not record this run (see trenchcoat runs)');
  program.hook('preAction', async (_root, cmd) => {
    if (!recorded(cmd)) return;
    const opts = cmd.opts() as Record<string, unknown>;
    if (opts.record === false) {
      disableCommandRun();
      return;
    }
    try {
      await startCommandRun({
        storePath: typeof opts.cache === 'string' ? runStorePathFor(opts.cache) : defaultStorePath(),
        command: commandPath(cmd).join(' '),
        argv: process.argv.slice(2),
        seed: seedOf(opts),
        inputs: inputsOf(opts),
      });
    } catch (err) {
      warn(err);
    }
  });
  program.hook('postAction', () => {
    const code = process.exitCode;
    try {
      finishCommandRun(typeof code === 'number' ? code : code === undefined ? 0 : Number(code) || 1);
    } catch (err) {
      warn(err);
    }
  });
}

/** Records the command's result as its exact `--json` text (2-space indented, as `printJson` prints it). */
export function recordResult(data: unknown): void {
  noteCommandResult(JSON.stringify(data, null, 2));
}

/** Records a result already serialized by the command (for commands that print JSON with their own replacer). */
export function recordResultText(json: string): void {
  noteCommandResult(json);
}
