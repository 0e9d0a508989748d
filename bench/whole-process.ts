// Whole process, as users time it: one system's corpus BLEU + chrF + chrF++ from --hyp/--ref files, the installed CLI
// (dist/cli/main.js) against the sacreBLEU 2.6.0 CLI doing the same. sacreBLEU applies --chrf-word-order to every chrF
// of a run, so chrF and chrF++ take it two invocations: `sacrebleu REF -i HYP -m bleu chrf` and
// `sacrebleu REF -i HYP -m chrf --chrf-word-order 2`; the single first invocation is timed too, against our BLEU + chrF.
// Systems: WMT21 en-de and de-en from ../shared (the zh-en the issue names is not in ../shared).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SHARED, hasShared } from './harness.js';
import { builtCli, printProcessTimings, timeProcesses, type ProcessCommand } from './process-timing.js';

const SYSTEMS: [pair: string, system: string][] = [
  ['en-de', 'Facebook-AI'],
  ['en-de', 'VolcTrans-AT'],
  ['en-de', 'Online-W'],
  ['de-en', 'Facebook-AI'],
  ['de-en', 'Borderline'],
];

export async function benchWholeProcess(repeats: number): Promise<void> {
  if (!hasShared()) {
    console.log('\n## Whole process: skipped (needs ../shared/data/wmt21-news-systems)');
    return;
  }
  const main = builtCli();
  const node = process.execPath;
  const sacrebleu = process.env.SACREBLEU ?? 'sacrebleu';
  const home = mkdtempSync(path.join(tmpdir(), 'tc-bench-home-'));
  const dir = path.join(SHARED, 'data/wmt21-news-systems/txt');
  const rounds = Math.max(5, repeats);
  for (const [pair, system] of SYSTEMS) {
    const [, tgt] = pair.split('-');
    const hyp = path.join(dir, 'system-outputs', `newstest2021.${pair}.hyp.${system}.${tgt}`);
    const ref = path.join(dir, 'references', `newstest2021.${pair}.ref.A.${tgt}`);
    const has = (...needles: string[]) => (out: string) => (needles.every((n) => out.includes(n)) ? undefined : `output lacks ${needles.join(', ')}`);
    const ours = (specs: string[]): string[] => [node, main, 'score', '--hyp', hyp, '--ref', ref, ...specs.flatMap((s) => ['-s', s]), '--no-cache'];
    const commands: ProcessCommand[] = [
      { name: 'node -e 0', argv: [node, '-e', '0'] },
      { name: 'trenchcoat bleu+chrf+chrf++', argv: ours(['bleu', 'chrf', 'chrf++']), env: { TRENCHCOAT_HOME: home }, check: has('BLEU|', 'chrF2|', 'chrF2++|') },
      {
        name: 'sacrebleu bleu+chrf+chrf++ (2 runs)',
        argv: ['bash', '-c', `${sacrebleu} "$1" -i "$2" -m bleu chrf && ${sacrebleu} "$1" -i "$2" -m chrf --chrf-word-order 2`, 'sacrebleu', ref, hyp],
        check: has('"BLEU"', '"chrF2"', '"chrF2++"'),
      },
      { name: 'trenchcoat bleu+chrf', argv: ours(['bleu', 'chrf']), env: { TRENCHCOAT_HOME: home }, check: has('BLEU|', 'chrF2|') },
      { name: 'sacrebleu bleu+chrf (1 run)', argv: [sacrebleu, ref, '-i', hyp, '-m', 'bleu', 'chrf'], check: has('"BLEU"', '"chrF2"') },
      // the CLI layer alone: the same pipeline (read, score, record, print) with no metric work
      { name: 'trenchcoat length (CLI layer)', argv: ours(['length']), env: { TRENCHCOAT_HOME: home }, check: has('Length|') },
    ];
    const rows = timeProcesses(commands, rounds);
    printProcessTimings(`Whole process, ${pair} ${system} (${rounds} interleaved runs each; trenchcoat with --no-cache)`, rows, 'node -e 0');
    const t = (name: string) => rows.find((r) => r.name === name)!.median;
    console.log(`speed-up (median): bleu+chrf+chrf++ ${(t('sacrebleu bleu+chrf+chrf++ (2 runs)') / t('trenchcoat bleu+chrf+chrf++')).toFixed(1)}x, bleu+chrf ${(t('sacrebleu bleu+chrf (1 run)') / t('trenchcoat bleu+chrf')).toFixed(1)}x`);
    const c = (name: string) => rows.find((r) => r.name === name)!.cpu?.median;
    const [ours3, theirs3, ours2, theirs2] = ['trenchcoat bleu+chrf+chrf++', 'sacrebleu bleu+chrf+chrf++ (2 runs)', 'trenchcoat bleu+chrf', 'sacrebleu bleu+chrf (1 run)'].map(c);
    if (ours3 && theirs3 && ours2 && theirs2) console.log(`speed-up (median CPU time): bleu+chrf+chrf++ ${(theirs3 / ours3).toFixed(1)}x, bleu+chrf ${(theirs2 / ours2).toFixed(1)}x`);
  }
}
