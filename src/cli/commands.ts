// The table of trenchcoat's commands. Each entry names a command and how to load the module that registers it; the
// module is imported only when the command line needs it (see `commandsFor` in program.ts), so `trenchcoat --version`
// loads no command at all and `trenchcoat score …` loads only score.ts and what it imports.
//
// Adding a command is one line here: `{ name: 'worker', load: async () => (await import('./worker.js')).registerWorkerCommand }`.
// Order is the order of `trenchcoat --help`. A command module keeps its heavy dependencies (scorer registry, onnxruntime,
// SQLite, Parquet, vega, hono, …) out of its top-level imports when they are only needed to run it, so `CMD --help`
// stays fast: import them inside the action (`await import('../scorers/builtin.js')`).
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
];
