// Child process for pending-runs.test.ts, recording runs as the CLI does (store/command-run.ts).
//   hang STORE:     starts a run, checkpoints it, prints its id and waits to be killed
//   runs STORE N:   records N runs one after another (start, checkpoint, finish), printing their ids
import { checkpointCommandRun, finishCommandRun, noteCommandCounts, noteCommandResult, startCommandRun } from '../../src/store/command-run.js';

const [mode, store, n] = process.argv.slice(2);
const start = () => startCommandRun({ storePath: store, command: 'score', argv: ['score', '-s', 'bleu'], seed: null, inputs: [] });
if (mode === 'hang') {
  const id = await start();
  checkpointCommandRun({ items: 64 }, 1);
  process.stdout.write(`${id}\n`);
  setInterval(() => {}, 1 << 30);
} else {
  for (let i = 0; i < Number(n); i++) {
    const id = await start();
    checkpointCommandRun({ items: i });
    noteCommandCounts({ items: 2 * i }, 0, ['BLEU|v:test']);
    noteCommandResult(JSON.stringify({ i, id }));
    finishCommandRun(0);
    process.stdout.write(`${id}\n`);
  }
}
