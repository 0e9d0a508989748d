// The table of trenchcoat's commands. Each entry names a command and how to load the module that registers it; the
// module is imported only when the command line needs it (`commandsFor`): none for `--version`, the named one for
// `trenchcoat CMD …` and `trenchcoat help CMD`, and every command whenever the line could show the program's own help
// or error (no command, `--help`, an unknown word or option), so what commander prints is the same as with all loaded.
//
// Adding a command is one line here: `{ name: 'worker', load: async () => (await import('./worker.js')).registerWorkerCommand }`.
// Order is the order of `trenchcoat --help`. A command module keeps its heavy dependencies (scorer registry, onnxruntime,
// SQLite, Parquet, vega, hono, …) out of its top-level imports when they are only needed to run it, so `CMD --help`
// stays fast: declare the flags in CMD.ts and import the run from CMD-run.ts inside the action (see score.ts).
import type { Command } from 'commander';

export interface CommandEntry {
  /** The name commander knows the command by (the first word after `trenchcoat`). */
  name: string;
  /** Returns the function that registers the command (options, help, action) on the program. */
  load: () => Promise<(program: Command) => void>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'score', load: async () => (await import('./score.js')).registerScoreCommand },
  { name: 'scorers', load: async () => (await import('./scorers.js')).registerScorersCommand },
  { name: 'meta-eval', load: async () => (await import('./meta-eval.js')).registerMetaEvalCommand },
  { name: 'demo', load: async () => (await import('./demo.js')).registerDemoCommand },
  { name: 'runs', load: async () => (await import('./runs.js')).registerRunsCommand },
  { name: 'cache', load: async () => (await import('./cache.js')).registerCacheCommand },
  { name: 'prefs', load: async () => (await import('./prefs.js')).registerPrefsCommand },
  { name: 'probe', load: async () => (await import('./probe.js')).registerProbeCommand },
  { name: 'bon', load: async () => (await import('./bon.js')).registerBonCommand },
  { name: 'serve', load: async () => (await import('./serve.js')).registerServeCommand },
  { name: 'report', load: async () => (await import('./report.js')).registerReportCommand },
  { name: 'worker', load: async () => (await import('./worker.js')).registerWorkerCommand },
];

/** The program's own options that take no value: words after them can still be the command. */
const VALUELESS_GLOBAL_OPTIONS = new Set(['--debug']);
const VERSION_OPTIONS = new Set(['-V', '--version']);

/** Which commands `trenchcoat ARGS…` needs registered (ARGS without node and the script). Loading all is always safe. */
export function commandsFor(args: readonly string[], commands: readonly CommandEntry[] = COMMANDS): readonly CommandEntry[] {
  const named = (word: string | undefined): readonly CommandEntry[] => {
    const entry = commands.find((c) => c.name === word);
    return entry ? [entry] : commands;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (VALUELESS_GLOBAL_OPTIONS.has(arg)) continue;
    // commander prints the version as soon as it parses the flag, before looking at any command
    if (VERSION_OPTIONS.has(arg)) return [];
    if (arg.startsWith('-')) return commands;
    // commander's implicit `help CMD` shows CMD's help; `help` alone or with an unknown word shows the program's
    if (arg === 'help') return named(args[i + 1]);
    return named(arg);
  }
  return commands;
}
