#!/usr/bin/env node
// trenchcoat command line. Each command lives in its own file and only parses flags, calls the library and prints.
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { registerScoreCommand } from './score.js';
import { registerScorersCommand } from './scorers.js';
import { registerDemoCommand } from './demo.js';
import { registerRunsCommand } from './runs.js';
import { registerCacheCommand } from './cache.js';
import { registerPrefsCommand } from './prefs.js';
import { registerProbeCommand } from './probe.js';
import { registerBonCommand } from './bon.js';
import { registerMetaEvalCommand } from './meta-eval.js';
import { installRunRecording } from './run-record.js';
import { describeEmptyListDefaults } from './options.js';
import { installProcessGuards } from './process-guards.js';
import { registerServeCommand } from './serve.js';
import { registerReportCommand } from './report.js';
import { registerWorkerCommand } from './worker.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('trenchcoat')
    .description('Reward models and evaluation metrics as one thing: score, meta-evaluate, probe.')
    .version(VERSION)
    .option('--debug', 'print stack traces with errors (for bug reports)')
    .showHelpAfterError()
    .exitOverride((err) => {
      // commander's own usage errors (unknown option, missing argument) exit 2; --help and --version exit 0
      process.exit(err.exitCode === 0 ? 0 : 2);
    });
  program.hook('preAction', (thisCommand) => {
    if (thisCommand.opts().debug) process.env.TRENCHCOAT_DEBUG = '1';
  });
  registerScoreCommand(program);
  registerScorersCommand(program);
  registerMetaEvalCommand(program);
  registerDemoCommand(program);
  registerRunsCommand(program);
  registerCacheCommand(program);
  registerPrefsCommand(program);
  registerProbeCommand(program);
  registerBonCommand(program);
  registerServeCommand(program);
  registerReportCommand(program);
  registerWorkerCommand(program);
  installRunRecording(program);
  describeEmptyListDefaults(program);
  return program;
}

installProcessGuards();
await buildProgram().parseAsync(process.argv);
