// Child process of bench/ter-memory.ts: corpus TER of one (hypothesis, reference) line pair read from two files,
// with its wall time and this process's peak resident set size. Prints one JSON object.
import { readFileSync } from 'node:fs';
import { Ter } from '../src/scorers/lexical/ter.js';

const [hypPath, refPath] = process.argv.slice(2);
const hyp = readFileSync(hypPath, 'utf8').replace(/\n$/, '');
const ref = readFileSync(refPath, 'utf8').replace(/\n$/, '');
const t0 = process.hrtime.bigint();
const score = new Ter().corpusScoreSync([{ id: '1', output: hyp, references: [ref] }]);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(JSON.stringify({ ter: score.value, details: score.details, seconds, maxRSSMB: process.resourceUsage().maxRSS / 1024 }));
