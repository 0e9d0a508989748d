// The bad inputs a new user tries, run through the real CLI: each case writes its small files to a temporary folder,
// runs one command and records the exit code and the first line of the message (stderr, or stdout when the input is
// accepted). `node --import tsx scripts/bad-inputs.ts` writes docs/bad-inputs.md from these runs;
// test/scripts/bad-inputs.test.ts runs the same cases and checks every row of that file, so the doc cannot drift.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = path.join(REPO_ROOT, 'src/cli/main.ts');
export const DOC_PATH = path.join(REPO_ROOT, 'docs/bad-inputs.md');

export interface BadInputCase {
  /** The input class, as the doc's first column names it. */
  what: string;
  /** Files to write in the case folder (a name ending in `/` is a folder). */
  files: Record<string, string | Buffer>;
  /** Arguments; `$DIR` is the case folder. */
  args: string[];
  /** A file of the case folder given as standard input. */
  stdin?: string;
}

const jsonl = (rows: readonly unknown[]) => rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
/** Four scored items: ids a…d, outputs, references, a reward column `r`. */
const items = (patch: (row: Record<string, unknown>, i: number) => void = () => {}) =>
  jsonl(
    ['a', 'b', 'c', 'd'].map((id, i) => {
      const row: Record<string, unknown> = { id, prompt: `say ${i}`, output: `the cat sat ${i}`, ref: `the cat sat on the mat ${i}`, r: i / 10 };
      patch(row, i);
      return row;
    }),
  );
const ratings = (value: (i: number) => unknown) =>
  jsonl(Array.from({ length: 6 }, (_, i) => ({ system: `S${i % 2}`, item: `i${i >> 1}`, score: value(i) })));
const candidates = (proxy: (i: number) => unknown, gold: (i: number) => unknown = (i) => i % 4) =>
  jsonl(Array.from({ length: 6 }, (_, i) => ({ prompt_id: `p${i % 2}`, rm: proxy(i), gold: gold(i) })));
const labels = (rows: [string, string, unknown][]) => jsonl(rows.map(([item, annotator, label]) => ({ item, annotator, label })));
/** `score` on a case file; BLEU unless the case names its scorer. */
const score = (file: string, ...more: string[]) => ['score', '-d', `$DIR/${file}`, '--ref-field', 'ref', ...(more.includes('-s') ? [] : ['-s', 'bleu']), ...more];

export const BAD_INPUT_CASES: readonly BadInputCase[] = [
  // files that are not what they should be
  { what: 'file does not exist', files: {}, args: score('missing.jsonl') },
  { what: 'a folder given as the data file', files: { 'data.jsonl/': '' }, args: score('data.jsonl') },
  { what: 'empty file', files: { 'empty.jsonl': '' }, args: score('empty.jsonl') },
  { what: 'only blank lines', files: { 'blank.jsonl': '\n\n  \n' }, args: score('blank.jsonl') },
  { what: 'unknown extension', files: { 'data.txt': items() }, args: score('data.txt') },
  { what: 'a line that is not JSON', files: { 'bad.jsonl': items().replace('{"id":"c"', '{id:"c"') }, args: score('bad.jsonl') },
  { what: 'NaN literal in JSON', files: { 'nan.jsonl': items().replace('"r":0.2', '"r":NaN') }, args: score('nan.jsonl', '-s', 'column:r') },
  { what: 'a JSON line that is not an object', files: { 'arr.jsonl': items() + '[1, 2]\n' }, args: score('arr.jsonl') },
  { what: 'invalid UTF-8', files: { 'latin1.jsonl': Buffer.from('{"id":"a","output":"caf\xe9","ref":"x"}\n', 'latin1') }, args: score('latin1.jsonl') },
  { what: 'UTF-8 byte-order mark (accepted)', files: { 'bom.jsonl': '\ufeff' + items() }, args: score('bom.jsonl') },
  { what: 'CRLF line ends (accepted)', files: { 'crlf.jsonl': items().replace(/\n/g, '\r\n') }, args: score('crlf.jsonl') },
  { what: 'CSV row with too many cells', files: { 'ragged.csv': 'id,output,ref\na,x,y\nb,x,y,z\n' }, args: score('ragged.csv') },
  { what: 'CSV with an unterminated quote', files: { 'quote.csv': 'id,output,ref\na,"x,y\n' }, args: score('quote.csv') },
  { what: 'corrupt gzip', files: { 'data.jsonl.gz': gzipSync(items()).subarray(0, 30) }, args: score('data.jsonl.gz') },
  { what: 'not a parquet file', files: { 'data.parquet': items() }, args: score('data.parquet') },
  // fields
  { what: 'output field missing', files: { 'nofield.jsonl': items((r, i) => i === 2 && delete r.output) }, args: score('nofield.jsonl') },
  { what: 'output is a number', files: { 'num.jsonl': items((r, i) => i === 1 && (r.output = 42)) }, args: score('num.jsonl') },
  { what: 'output is null', files: { 'null.jsonl': items((r, i) => i === 1 && (r.output = null)) }, args: score('null.jsonl') },
  { what: 'one row with two references, the others one', files: { 'refs.jsonl': items((r, i) => i === 2 && (r.ref = ['a b', 'c d'])) }, args: score('refs.jsonl', '-s', 'chrf') },
  { what: 'duplicate ids (accepted: an id labels a row, it is not a key)', files: { 'dup.jsonl': items((r, i) => i === 3 && (r.id = 'a')) }, args: score('dup.jsonl') },
  { what: 'hypothesis and reference files of different lengths', files: { 'hyp.txt': 'a\nb\nc\n', 'ref.txt': 'a\nb\n' }, args: ['score', '--hyp', '$DIR/hyp.txt', '--ref', '$DIR/ref.txt'] },
  // numbers (column:, ratings, proxies, rewards)
  { what: 'column: value null', files: { 'd.jsonl': items((r, i) => i === 1 && (r.r = null)) }, args: score('d.jsonl', '-s', 'column:r') },
  { what: 'column: value "" (JSON)', files: { 'd.jsonl': items((r, i) => i === 1 && (r.r = '')) }, args: score('d.jsonl', '-s', 'column:r') },
  { what: 'column: value "0.7" (a string in JSON)', files: { 'd.jsonl': items((r, i) => i === 1 && (r.r = '0.7')) }, args: score('d.jsonl', '-s', 'column:r') },
  { what: 'column: value 1e999 (overflows to Infinity)', files: { 'd.jsonl': items().replace('"r":0.1', '"r":1e999') }, args: score('d.jsonl', '-s', 'column:r') },
  { what: 'column: CSV cell "Infinity"', files: { 'd.csv': 'id,output,ref,r\na,x,y,0.5\nb,x,y,Infinity\n' }, args: score('d.csv', '-s', 'column:r') },
  { what: 'column: CSV cell "0x1A"', files: { 'd.csv': 'id,output,ref,r\na,x,y,0.5\nb,x,y,0x1A\n' }, args: score('d.csv', '-s', 'column:r') },
  { what: 'column: field absent', files: { 'd.jsonl': items((r, i) => i === 2 && delete r.r) }, args: score('d.jsonl', '-s', 'column:r') },
  { what: 'column: null with --missing skip (accepted, counted)', files: { 'd.jsonl': items((r, i) => i === 1 && (r.r = null)) }, args: score('d.jsonl', '-s', 'column:r', '--missing', 'skip') },
  { what: 'meta-eval rating null', files: { 'r.jsonl': ratings((i) => (i === 3 ? null : i)) }, args: ['meta-eval', '-j', '$DIR/r.jsonl', '--value-field', 'score', '-s', 'length', '--output-field', 'system'] },
  { what: 'meta-eval rating "nan"', files: { 'r.jsonl': ratings((i) => (i === 3 ? 'nan' : i)) }, args: ['meta-eval', '-j', '$DIR/r.jsonl', '--value-field', 'score', '-s', 'length', '--output-field', 'system'] },
  { what: 'meta-eval rating "Infinity" (CSV)', files: { 'r.csv': 'system,item,score\nS0,i0,1\nS1,i0,Infinity\n' }, args: ['meta-eval', '-j', '$DIR/r.csv', '--value-field', 'score', '-s', 'length', '--output-field', 'system'] },
  { what: 'meta-eval: two ratings for one (system, item)', files: { 'r.jsonl': ratings((i) => i) + jsonl([{ system: 'S0', item: 'i0', score: 9 }]) }, args: ['meta-eval', '-j', '$DIR/r.jsonl', '--value-field', 'score', '-s', 'length', '--output-field', 'system'] },
  { what: 'meta-eval --scores cell "nan"', files: { 'r.jsonl': ratings((i) => i), 's.csv': 'system,item,m\nS0,i0,0.1\nS1,i0,nan\n' }, args: ['meta-eval', '-j', '$DIR/r.jsonl', '--value-field', 'score', '--scores', '$DIR/s.csv', '-s', 'column:m'] },
  { what: 'bon proxy null', files: { 'c.jsonl': candidates((i) => (i === 2 ? null : i)) }, args: ['bon', '-d', '$DIR/c.jsonl', '--proxy-field', 'rm'] },
  { what: 'bon gold field absent', files: { 'c.jsonl': candidates((i) => i, (i) => (i === 4 ? undefined : i)) }, args: ['bon', '-d', '$DIR/c.jsonl', '--proxy-field', 'rm'] },
  { what: 'bon too few candidates per prompt', files: { 'c.jsonl': candidates((i) => i).split('\n').slice(0, 4).join('\n') + '\n' }, args: ['bon', '-d', '$DIR/c.jsonl', '--proxy-field', 'rm'] },
  { what: 'probe length reward null', files: { 'd.jsonl': items((r, i) => i === 2 && (r.r = null)) }, args: ['probe', 'length', '-d', '$DIR/d.jsonl', '-s', 'column:r'] },
  // prefs
  { what: 'prefs agreement: numbers mixed with labels', files: { 'l.jsonl': labels([['u1', 'r1', 1], ['u1', 'r2', 'good']]) }, args: ['prefs', 'agreement', '-d', '$DIR/l.jsonl'] },
  { what: 'prefs agreement: two values from one rater for one unit', files: { 'l.jsonl': labels([['u1', 'r1', 'a'], ['u1', 'r2', 'b'], ['u1', 'r1', 'b']]) }, args: ['prefs', 'agreement', '-d', '$DIR/l.jsonl'] },
  { what: 'prefs agreement: 1e999', files: { 'l.jsonl': labels([['u1', 'r1', 1], ['u1', 'r2', 2]]).replace('"label":2', '"label":1e999') }, args: ['prefs', 'agreement', '-d', '$DIR/l.jsonl'] },
  { what: 'prefs bt: empty model name', files: { 'b.jsonl': jsonl([{ model_a: 'x', model_b: '', winner: 'model_a' }]) }, args: ['prefs', 'bt', '-d', '$DIR/b.jsonl'] },
  { what: 'prefs bt: unknown winner', files: { 'b.jsonl': jsonl([{ model_a: 'x', model_b: 'y', winner: 'left' }]) }, args: ['prefs', 'bt', '-d', '$DIR/b.jsonl'] },
  { what: 'prefs bt: a folder given to --judgments', files: { 'j/': '' }, args: ['prefs', 'bt', '--judgments', '$DIR/j'] },
  { what: 'prefs pairs: rating "0.7" (a string in JSON)', files: { 'p.jsonl': jsonl([{ item: 'i', system: 'A', score: 1 }, { item: 'i', system: 'B', score: '0.7' }]) }, args: ['prefs', 'pairs', '-d', '$DIR/p.jsonl', '--shape', 'preference', '-o', '$DIR/out.jsonl'] },
  { what: 'prefs elicit: probability 1.5', files: { 'e.jsonl': jsonl([{ id: 'p', j1: 0.2, j2: 1.5 }]) }, args: ['prefs', 'elicit', '-d', '$DIR/e.jsonl', '--prob-field', 'j1', '--prob-field', 'j2'] },
  // outputs, flags, standard input
  { what: '-o naming the input file', files: { 'd.jsonl': items() }, args: score('d.jsonl', '-l', 'seg', '-o', '$DIR/d.jsonl') },
  { what: '--rejects naming the input file', files: { 'd.jsonl': items() }, args: score('d.jsonl', '--on-error', 'skip', '--rejects', '$DIR/d.jsonl') },
  { what: '--rejects without --on-error skip', files: { 'd.jsonl': items() }, args: score('d.jsonl', '--rejects', '$DIR/rej.jsonl') },
  { what: '-o into a folder that does not exist', files: { 'd.jsonl': items() }, args: score('d.jsonl', '-l', 'seg', '-o', '$DIR/no/such/out.jsonl') },
  { what: 'standard input without --format', files: { 'd.jsonl': items() }, args: ['score', '-d', '-', '--ref-field', 'ref'], stdin: 'd.jsonl' },
  { what: 'standard input in skip mode without --rejects', files: { 'd.jsonl': items() }, args: ['score', '-d', '-', '--format', 'jsonl', '--ref-field', 'ref', '--on-error', 'skip'], stdin: 'd.jsonl' },
  { what: 'unknown scorer', files: { 'd.jsonl': items() }, args: score('d.jsonl', '-s', 'blue') },
  { what: 'unknown scorer option', files: { 'd.jsonl': items() }, args: score('d.jsonl', '-s', 'bleu:tokenise=intl') },
  { what: 'bad scorer option value', files: { 'd.jsonl': items() }, args: score('d.jsonl', '-s', 'bleu:lowercase=maybe') },
  { what: '--missing with an unknown policy', files: { 'd.jsonl': items() }, args: score('d.jsonl', '--missing', 'ignore') },
  { what: '--max-failures that is not a count or rate', files: { 'd.jsonl': items() }, args: score('d.jsonl', '--max-failures', 'lots') },
  { what: '--seed that is not an integer', files: { 'l.jsonl': labels([['u1', 'r1', 'a'], ['u1', 'r2', 'b']]) }, args: ['prefs', 'agreement', '-d', '$DIR/l.jsonl', '--seed', 'abc'] },
  { what: '--threads 0', files: { 'd.jsonl': items() }, args: score('d.jsonl', '--threads', '0') },
  { what: '--shard-size that is not a number', files: { 'd.jsonl': items() }, args: score('d.jsonl', '--shard-size', 'big') },
  { what: '--bootstrap that is negative', files: { 'r.jsonl': ratings((i) => i) }, args: ['meta-eval', '-j', '$DIR/r.jsonl', '--value-field', 'score', '--bootstrap', '-1'] },
  { what: '--port out of range', files: {}, args: ['serve', '-s', 'bleu', '--port', '70000'] },
  { what: '--queue to a Redis nobody listens on', files: { 'd.jsonl': items() }, args: score('d.jsonl', '--queue', 'redis://127.0.0.1:1') },
  { what: '--cache to a Redis nobody listens on (lexical scorers only)', files: { 'd.jsonl': items() }, args: score('d.jsonl', '--cache', 'redis://127.0.0.1:1') },
  { what: '--cache naming a folder (lexical scorers only)', files: { 'd.jsonl': items(), 'c/': '' }, args: score('d.jsonl', '--cache', '$DIR/c') },
  { what: 'judge server down', files: { 'd.jsonl': items() }, args: score('d.jsonl', '--prompt-field', 'prompt', '-s', 'judge:model=m,url=http://127.0.0.1:1/v1,retries=0', '--no-cache') },
];

export interface BadInputOutcome {
  code: number;
  /** The `error:` line of stderr, else its first non-empty line, else stdout's; the case folder written `$DIR`. */
  message: string;
}

const MESSAGE_CHARS = 110;

/**
 * The part of a message the doc shows and the test compares: at most MESSAGE_CHARS characters, and never the list of
 * known scorer names (which grows with every scorer added), so the doc pins what a user reads first, not the tail.
 */
export function shortMessage(line: string): string {
  let m = line.trimEnd();
  const known = m.indexOf(' (known: ');
  if (known >= 0) m = m.slice(0, known) + ' (known: …)';
  return [...m].length > MESSAGE_CHARS ? [...m].slice(0, MESSAGE_CHARS).join('') + '…' : m;
}

/** Runs one case in a fresh folder under `root`; the folder is removed afterwards. */
export function runBadInputCase(c: BadInputCase, root: string, index: number): Promise<BadInputOutcome> {
  const dir = path.join(root, `case${index}`);
  mkdirSync(dir);
  for (const [name, content] of Object.entries(c.files)) {
    if (name.endsWith('/')) mkdirSync(path.join(dir, name), { recursive: true });
    else writeFileSync(path.join(dir, name), content);
  }
  const args = c.args.map((a) => a.replaceAll('$DIR', dir));
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', TRENCHCOAT_HOME: path.join(dir, '.home') };
    delete env.TRENCHCOAT_DEBUG;
    const p = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: REPO_ROOT, env, stdio: [c.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    if (c.stdin) {
      p.stdin!.on('error', () => {});
      p.stdin!.end(c.files[c.stdin]);
    }
    let stdout = '';
    let stderr = '';
    p.stdout!.on('data', (d) => (stdout += d));
    p.stderr!.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => {
      rmSync(dir, { recursive: true, force: true });
      const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');
      const message = shortMessage((lines(stderr).find((l) => l.startsWith('error:')) ?? lines(stderr)[0] ?? lines(stdout)[0] ?? '').replaceAll(dir, '$DIR'));
      resolve({ code: code ?? -1, message });
    });
  });
}

/** Every case, a few at a time. */
export async function runBadInputCases(cases: readonly BadInputCase[] = BAD_INPUT_CASES, parallel = 4): Promise<BadInputOutcome[]> {
  const root = mkdtempSync(path.join(tmpdir(), 'tc-bad-inputs-'));
  const out: BadInputOutcome[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      out[i] = await runBadInputCase(cases[i], root, i);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, cases.length) }, worker));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return out;
}

const cell = (s: string) => s.replaceAll('|', '\\|');

/** The command of a case as the doc shows it. */
export function commandLine(c: BadInputCase): string {
  const args = c.args.map((a) => a.replaceAll('$DIR/', ''));
  return `trenchcoat ${args.map((a) => (/[\s"'|]/.test(a) ? `'${a}'` : a)).join(' ')}${c.stdin ? ` < ${c.stdin}` : ''}`;
}

export function renderBadInputsDoc(cases: readonly BadInputCase[], outcomes: readonly BadInputOutcome[]): string {
  const rows = cases.map((c, i) => `| ${cell(c.what)} | \`${cell(commandLine(c))}\` | ${outcomes[i].code} | \`${cell(outcomes[i].message)}\` |`);
  return [
    '# Bad inputs: what trenchcoat says',
    '',
    'Each row is a small input a new user might try, run through the real CLI by `scripts/bad-inputs.ts`, which writes',
    'this file (`node --import tsx scripts/bad-inputs.ts`); `test/scripts/bad-inputs.test.ts` runs the same cases and fails',
    'when a row here no longer matches. Exit codes: 0 accepted, 1 bad data or a failed check, 2 usage error. The message',
    'is the `error:` line the command prints (else its first line on stderr, else on stdout), cut at 110 characters; `$DIR`',
    "is the folder holding the case's files, and the commands name files relative to it. Files the user may not read",
    'are not listed: the tests run as root, who can read every file.',
    '',
    '| input | command | exit | first line |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

/** The rows of docs/bad-inputs.md, by input class. */
export function parseBadInputsDoc(text: string): Map<string, BadInputOutcome> {
  const out = new Map<string, BadInputOutcome>();
  for (const line of text.split('\n')) {
    const m = /^\| (.+?) \| `.*` \| (-?\d+) \| `(.*)` \|$/.exec(line);
    if (m) out.set(m[1].replaceAll('\\|', '|'), { code: Number(m[2]), message: m[3].replaceAll('\\|', '|') });
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outcomes = await runBadInputCases();
  writeFileSync(DOC_PATH, renderBadInputsDoc(BAD_INPUT_CASES, outcomes));
  process.stdout.write(`${DOC_PATH}: ${BAD_INPUT_CASES.length} cases\n`);
}
