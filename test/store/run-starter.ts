// Child process for runs.test.ts: records a run, checkpoints its progress, prints the id and then waits to be killed.
import { openRunStore } from '../../src/store/runs.js';

const store = openRunStore(process.argv[2]);
const id = store.startRun({ command: 'score', argv: ['score', '-s', 'judge:x'], signatures: ['judge|x|version:test'], dataHash: 'abc', version: '0.1.0' });
store.updateRun(id, { counts: { items: 64 }, failures: 1 });
process.stdout.write(`${id}\n`);
setInterval(() => {}, 1 << 30);
