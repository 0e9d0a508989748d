// The header and footer of every report: what ran (command line), with which scorers (signatures), seed, which
// data (sha256), trenchcoat version and date; and the exact command that reproduces it.
import { escapeHtml } from './html.js';

export interface DataHash {
  /** File name as given on the command line, or a label ("result file"). */
  file: string;
  sha256: string | null;
  /** Why there is no hash (a folder, standard input). */
  note?: string;
}

export interface Provenance {
  /** The command's arguments after `trenchcoat` (process.argv.slice(2) or a run record's argv); null = not recorded. */
  argv: string[] | null;
  /** Where the report's numbers come from: "this run", "result file X", "run ID". */
  source: string;
  dataHashes: DataHash[];
  /** The trenchcoat version that produced the result (from the result when it names one). */
  version: string;
  /** Version of trenchcoat that wrote the page, when it differs from `version`. */
  rendererVersion: string;
  /** When the result was computed (ISO), when known. */
  computedAt?: string;
  /** When the page was written (ISO). */
  renderedAt: string;
  /** The command that reproduces the page when it is not `trenchcoat ARGV` (e.g. `npm start`). */
  reproduce?: string;
}

export interface Signature {
  name: string;
  signature: string;
}

/** Shell-quotes one argument (POSIX single quotes) when it holds anything a shell would read specially. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(argv: readonly string[]): string {
  return ['trenchcoat', ...argv.map(shellQuote)].join(' ');
}

export function provenanceHeader(p: Provenance, signatures: readonly Signature[], seed: string | null): string {
  const facts: [string, string][] = [
    ['command', p.argv ? `<code>${escapeHtml(commandLine(p.argv))}</code>` : '<span class="note">not recorded in the result file (run records keep it: <code>trenchcoat report RUN_ID</code>)</span>'],
    ['source', escapeHtml(p.source)],
    [
      'scorer signatures',
      signatures.length ? `<ul class="plain">${signatures.map((s) => `<li><code>${escapeHtml(s.name)}</code>: <code>${escapeHtml(s.signature)}</code></li>`).join('')}</ul>` : '<span class="note">none (the result names no scorer)</span>',
    ],
    ['seed', seed === null ? '<span class="note">none (nothing random in this result)</span>' : `<code>${escapeHtml(seed)}</code>`],
    [
      'data (sha256)',
      p.dataHashes.length
        ? `<ul class="plain">${p.dataHashes.map((d) => `<li><code>${escapeHtml(d.file)}</code>: ${d.sha256 ? `<code>${d.sha256}</code>` : `<span class="note">${escapeHtml(d.note ?? 'not hashed')}</span>`}</li>`).join('')}</ul>`
        : '<span class="note">not recorded</span>',
    ],
    ['trenchcoat', escapeHtml(p.version === p.rendererVersion ? p.version : `${p.version} (page written by ${p.rendererVersion})`)],
    ['date', escapeHtml(p.computedAt ? `computed ${p.computedAt}; page written ${p.renderedAt}` : `page written ${p.renderedAt}`)],
  ];
  return `<header class="provenance"><dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl></header>`;
}

export function reproduceFooter(p: Provenance): string {
  const command = p.reproduce ?? (p.argv ? commandLine(p.argv) : undefined);
  const how = command
    ? `<p>To reproduce every number on this page (same data, same seed, same numbers), run:</p><pre>${escapeHtml(command)}</pre><p class="note">With <code>--json</code> the command prints the result this page was drawn from; <code>trenchcoat report RESULT.json -o FILE</code> draws it again.</p>`
    : `<p>The result file does not record its command. Re-run the command that wrote it with the same data (hashes above) and seed; <code>trenchcoat report RESULT.json -o FILE</code> redraws this page from the saved result.</p>`;
  return `<footer class="reproduce"><h2 style="border:0;margin-top:0">Reproduce</h2>${how}</footer>`;
}
