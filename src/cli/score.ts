// `trenchcoat score`: score a data file or plain-text hypothesis/reference files with one or more scorers.
// This file only declares the command (flags and help); the run is in score-run.ts, imported when the command runs, so
// `trenchcoat score --help` loads neither the scorers nor the readers and writers.
import { Option, type Command } from 'commander';
import { action } from './errors.js';
import { addInputOptions, type InputFlags } from './input.js';
import { collect } from './options.js';
import { addCacheOptions, type CacheFlags } from './cache-options.js';
import { addMaxFailuresOption } from './failures.js';
import { addScaleOptions, type ScaleFlags } from './scale-options.js';

export interface ScoreFlags extends InputFlags, CacheFlags, ScaleFlags {
  scorer: string[];
  level: string;
  groupBy?: string;
  out?: string;
  json?: boolean;
  maxFailures: string;
}

export function registerScoreCommand(program: Command): void {
  const cmd = program
    .command('score')
    .description('score outputs with one or more scorers (corpus and/or segment level)')
    .addOption(new Option('-s, --scorer <spec>', 'scorer spec, repeatable (e.g. bleu, chrf++, ter, rouge-l:stem=true, column:COMET)').argParser(collect).default([], 'bleu, with a note on stderr'))
    .option('-l, --level <level>', 'corpus | segment (seg)', 'corpus')
    .option('-g, --group-by <field>', 'corpus score per value of this field (e.g. system)')
    .option('-o, --out <file>', 'write segment scores to FILE (.jsonl, .csv, .tsv or .parquet)')
    .option('--json', 'machine-readable JSON on stdout');
  addInputOptions(cmd);
  addCacheOptions(cmd);
  addMaxFailuresOption(cmd);
  addScaleOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  trenchcoat score --hyp system.de --ref ref.A.de --ref ref.C.de -s bleu -s chrf -s ter
  trenchcoat score --data outputs.jsonl --ref-field reference -s bleu:tokenize=intl -s chrf++ --group-by system
  trenchcoat score --data outputs.csv --output-field response --ref-field gold -s rouge-l --level segment --out scores.parquet
  trenchcoat score --data rm.jsonl -s column:reward --on-error skip --rejects bad-rows.jsonl
  cat system.de | trenchcoat score --hyp - --ref ref.de -s chrf
  # all cores (the default), or many machines through Redis (run \`trenchcoat worker --queue …\` on each)
  trenchcoat score --data big.jsonl --ref-field reference -s chrf --threads 2
  trenchcoat score --data big.jsonl --ref-field reference -s bleu -s chrf --queue redis://10.0.0.5:6379 --shard-size 2000
  # an LLM judge behind any OpenAI-compatible server (the base URL ends in /v1)
  trenchcoat score --data answers.jsonl --prompt-field question -s 'judge:model=gpt-4o-mini,url=http://127.0.0.1:8000/v1'
  # a reward model served over HTTP, and a local ONNX reward model / BERTScore
  trenchcoat score --data answers.jsonl --prompt-field question -s 'rm:api=vllm-classify,model=Skywork-Reward,url=http://127.0.0.1:8001'
  trenchcoat score --data answers.jsonl --prompt-field question -s 'onnx-rm:path=models/reward-onnx'
  trenchcoat score --data outputs.jsonl --ref-field reference -s 'bertscore:path=models/roberta-large-onnx,rescale=true,baseline=roberta-large.tsv'
See every scorer's options with: trenchcoat scorers NAME`,
  );
  cmd.action(action(async (flags: ScoreFlags) => (await import('./score-run.js')).runScoreCommand(flags)));
}
