// Which public format a path holds, decided only where that is unambiguous: by file name for the WMT and FRANK files,
// by header line for whitespace tables, by the first record's keys for JSON/JSONL/Parquet, by marker files for folders.
// Anything else needs an explicit `format`.

import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { isDirectory, judgmentError, listFiles, readFirstBytes, withoutGz } from './_io.js';
import { FRANK_HUMAN_FILE } from './frank.js';
import type { JudgmentFormat } from './result.js';

const HEAD_BYTES = 1 << 18;

export async function detectJudgmentFormat(target: string): Promise<JudgmentFormat> {
  if (await isDirectory(target)) return detectFolder(target);
  const byName = formatFromFileName(path.basename(withoutGz(target)));
  if (byName) return byName;
  const head = await readHead(target);
  const byHeader = formatFromHeaderLine(head);
  if (byHeader) return byHeader;
  const first = head.startsWith('PAR1') ? await firstParquetRecord(target) : firstJsonRecord(head);
  const byKeys = first ? formatFromRecord(first) : undefined;
  if (byKeys) return byKeys;
  throw judgmentError({ file: target, line: 0 }, 'format', 'cannot tell the judgment format from the name or content; name it with --judgment-format FORMAT (and the column flags for generic tables)');
}

export function formatFromFileName(name: string): JudgmentFormat | undefined {
  if (name.endsWith('.avg_seg_scores.tsv')) return 'wmt-mqm';
  if (/^ad-seg-scores-.+\.csv$/.test(name)) return 'wmt-da-seg';
  if (/^ad-sys-(ranking|scores)-.+\.csv$/.test(name) || /^DA-.+-sys-scores\.csv$/.test(name)) return 'wmt-da-sys';
  if (name === FRANK_HUMAN_FILE) return 'frank';
  if (/^hanna_metric_scores(_llm)?\.csv$/.test(name)) return 'hanna';
  return undefined;
}

export function formatFromHeaderLine(head: string): JudgmentFormat | undefined {
  const firstLine = head.slice(0, head.indexOf('\n') >= 0 ? head.indexOf('\n') : head.length).replace(/\r$/, '');
  const tokens = firstLine.trim().split(/\s+/);
  const starts = (...t: string[]): boolean => t.every((x, i) => tokens[i] === x);
  if (starts('system', 'mqm_avg_score', 'seg_id')) return 'wmt-mqm';
  if (starts('system', 'doc', 'doc_id', 'seg_id', 'rater')) return 'wmt-mqm-errors';
  if (starts('SYS', 'SID', 'RAW.SCR', 'Z.SCR', 'N')) return 'wmt-da-seg';
  if (starts('LP', 'SYSTEM', 'HUMAN') || starts('RAW.SCR', 'Z.SCR', 'N', 'SYS')) return 'wmt-da-sys';
  if (firstLine.startsWith('Model,Relevance,Coherence,')) return 'hanna';
  return undefined;
}

/** The record shapes of the public JSON formats. */
export function formatFromRecord(r: Record<string, unknown>): JudgmentFormat | undefined {
  const has = (...keys: string[]): boolean => keys.every((k) => k in r);
  if (has('pair_id', 'question', 'response_A', 'response_B', 'label')) return 'judgebench';
  if (has('input', 'output_1', 'output_2', 'label')) return 'llmbar';
  if (has('instruction', 'output_1', 'output_2', 'preference')) return 'alpaca-eval';
  if (has('hash', 'model_name', 'Factuality')) return 'frank';
  if (has('prompt', 'chosen', 'rejected')) return Array.isArray(r.chosen) && (has('num_correct') || has('total_completions')) ? 'rewardbench-v2' : typeof r.chosen === 'string' ? 'rewardbench-v1' : undefined;
  if (has('chosen', 'rejected') && typeof r.chosen === 'string' && r.chosen.startsWith('\n\nHuman:')) return 'hh-rlhf';
  return undefined;
}

async function detectFolder(dir: string): Promise<JudgmentFormat> {
  if (await isDirectory(path.join(dir, 'human-scores'))) return 'mt-metrics-eval';
  const files = await listFiles(dir, 6);
  const names = new Set(files.map((f) => path.basename(withoutGz(f))));
  if (files.some((f) => /[\\/]human-scores[\\/][^\\/]+\.score$/.test(f))) return 'mt-metrics-eval';
  if (names.has(FRANK_HUMAN_FILE)) return 'frank';
  if (names.has('dataset.json') && files.some((f) => f.includes(`${path.sep}LLMBar${path.sep}`) || path.basename(dir) === 'LLMBar')) return 'llmbar';
  throw judgmentError({ file: dir, line: 0 }, 'format', 'cannot tell the judgment format of this folder; name it with --judgment-format FORMAT');
}

async function readHead(file: string): Promise<string> {
  const magic = await readFirstBytes(file, 2);
  const gz = magic[0] === 0x1f && magic[1] === 0x8b;
  const chunks: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve) => {
    const raw = createReadStream(file, gz ? {} : { end: HEAD_BYTES - 1 });
    const stream = gz ? raw.pipe(createGunzip()) : raw;
    const finish = (): void => {
      raw.destroy();
      resolve();
    };
    stream.on('data', (c: Buffer) => {
      chunks.push(c);
      size += c.length;
      if (size >= HEAD_BYTES) finish();
    });
    stream.on('end', finish);
    stream.on('error', finish);
  });
  // a cut multi-byte character at the end only affects the last line, which detection does not rely on
  return Buffer.concat(chunks).subarray(0, HEAD_BYTES).toString('utf8').replace(/^\ufeff/, '');
}

/** The first record of a JSONL file or JSON array, if it fits in the head. */
function firstJsonRecord(head: string): Record<string, unknown> | undefined {
  const t = head.trimStart();
  let candidate: string | undefined;
  if (t.startsWith('{')) candidate = t.slice(0, t.indexOf('\n') >= 0 ? t.indexOf('\n') : t.length);
  else if (t.startsWith('[')) candidate = firstArrayElement(t);
  if (candidate === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(candidate);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    // a pretty-printed single object spans lines: try the whole head
    try {
      const v: unknown = JSON.parse(t);
      return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }
}

function firstArrayElement(t: string): string | undefined {
  let depth = 0;
  let start = -1;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === '"') {
      for (i++; i < t.length && t[i] !== '"'; i++) if (t[i] === '\\') i++;
      continue;
    }
    if (c === '{' || c === '[') {
      depth++;
      if (depth === 2 && start < 0) start = i;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 1 && start >= 0) return t.slice(start, i + 1);
    }
  }
  return undefined;
}

async function firstParquetRecord(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    const { asyncBufferFromFile, parquetReadObjects } = await import('hyparquet');
    const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(file), rowStart: 0, rowEnd: 1 })) as Record<string, unknown>[];
    return rows[0];
  } catch {
    return undefined;
  }
}
