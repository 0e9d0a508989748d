// Cold start of the installed CLI (dist/cli/main.js), whole process, side by side with a bare `node -e 0` in the same
// run: `trenchcoat --version` and `trenchcoat score --help` (target ≤ 1.5× node), and the program's own `--help`,
// which loads every command module, for scale.
import { VERSION } from '../src/version.js';
import { builtCli, printProcessTimings, timeProcesses, type ProcessTiming } from './process-timing.js';

export async function benchColdstart(repeats: number): Promise<ProcessTiming[]> {
  const main = builtCli();
  const node = process.execPath;
  const rows = timeProcesses(
    [
      { name: 'node -e 0', argv: [node, '-e', '0'] },
      { name: 'trenchcoat --version', argv: [node, main, '--version'], check: (out) => (out.trim() === VERSION ? undefined : `printed ${JSON.stringify(out)}`) },
      { name: 'trenchcoat score --help', argv: [node, main, 'score', '--help'], check: (out) => (out.startsWith('Usage: trenchcoat score') ? undefined : 'no score usage') },
      { name: 'trenchcoat --help', argv: [node, main, '--help'], check: (out) => (out.includes('\n  score [options]') ? undefined : 'no command list') },
    ],
    Math.max(10, repeats),
  );
  printProcessTimings(`Cold start, whole process (${Math.max(10, repeats)} interleaved runs each)`, rows, 'node -e 0');
  return rows;
}
