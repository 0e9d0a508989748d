// A report page from one or more results: title, provenance header, one section per result (its summary, charts
// with captions and tables, notes), and the footer with the command that reproduces it.
import { VERSION } from '../version.js';
import { renderFigure } from './chart.js';
import { escapeHtml, htmlPage } from './html.js';
import { detectResultKind, type ResultKind } from './kinds.js';
import { bonSection, type BonJson } from './bon.js';
import { metaEvalSection, type MetaEvalJson } from './metaeval.js';
import { agreementSection, elicitSection, leaderboardSection, pairsSummarySection, type AgreementJson, type ElicitJson, type LeaderboardJson, type PairsSummaryJson } from './prefs.js';
import { hackSection, lengthItemsSection, lengthPairsSection, positionSection, type HackJson, type LengthItemsJson, type LengthPairsJson, type PositionJson } from './probes.js';
import { lengthControlledSection, type LcJson } from './length-controlled.js';
import { rewardBenchBonSection, type RewardBenchBonJson } from './rewardbench-bon.js';
import { selfPreferenceSection, type SelfPrefJson } from './self-preference.js';
import { taskAverageSection, type TaskAverageJson } from './task-average.js';
import { provenanceHeader, reproduceFooter, type Provenance, type Signature } from './provenance.js';
import type { Section } from './section.js';
import { htmlTable } from './table.js';

export interface ReportPart {
  /** Parsed --json result (NaN written as null), exactly what the command printed. */
  result: unknown;
  /** Detected from the result when absent. */
  kind?: ResultKind;
  /** Replaces the section's own title (the demo's numbered steps). */
  heading?: string;
}

export interface ReportOptions {
  title?: string;
  /** Paragraphs under the title (plain text). */
  intro?: string[];
}

export function sectionFor(kind: ResultKind, result: unknown): Section {
  switch (kind) {
    case 'meta-eval':
      return metaEvalSection(result as MetaEvalJson);
    case 'probe-length-pairs':
      return lengthPairsSection(result as LengthPairsJson);
    case 'probe-length-items':
      return lengthItemsSection(result as LengthItemsJson);
    case 'probe-position':
      return positionSection(result as PositionJson);
    case 'probe-hack':
      return hackSection(result as HackJson[]);
    case 'bon':
      return bonSection(result as BonJson);
    case 'prefs-leaderboard':
      return leaderboardSection(result as LeaderboardJson);
    case 'prefs-agreement':
      return agreementSection(result as AgreementJson);
    case 'meta-eval-task-average':
      return taskAverageSection(result as TaskAverageJson);
    case 'probe-lc':
      return lengthControlledSection(result as LcJson);
    case 'probe-self-pref':
      return selfPreferenceSection(result as SelfPrefJson);
    case 'bon-rewardbench':
      return rewardBenchBonSection(result as RewardBenchBonJson);
    case 'prefs-pairs':
      return pairsSummarySection(result as PairsSummaryJson);
    case 'prefs-elicit':
      return elicitSection(result as ElicitJson);
  }
}

/** Version the result names (meta-eval, prefs write one), else this trenchcoat's. */
function resultVersion(parts: readonly ReportPart[]): string {
  const v = parts.map((p) => (typeof p.result === 'object' && p.result !== null && 'version' in p.result ? String((p.result as { version: unknown }).version) : undefined)).find(Boolean);
  return v ?? VERSION;
}

/** The complete self-contained HTML page. */
export async function renderReport(parts: readonly ReportPart[], provenance: Omit<Provenance, 'version' | 'rendererVersion'> & { version?: string }, options: ReportOptions = {}): Promise<string> {
  const sections = parts.map((p) => ({ part: p, section: sectionFor(p.kind ?? detectResultKind(p.result), p.result) }));
  const title = options.title ?? (sections.length === 1 ? sections[0].section.title : 'trenchcoat report');
  const signatures: Signature[] = [];
  for (const { section } of sections) for (const s of section.signatures) if (!signatures.some((x) => x.name === s.name && x.signature === s.signature)) signatures.push(s);
  const seeds = [...new Set(sections.map((s) => s.section.seed).filter((s): s is string => s !== null))];
  const p: Provenance = { ...provenance, version: provenance.version ?? resultVersion(parts), rendererVersion: VERSION };
  const out: string[] = [`<h1>${escapeHtml(title)}</h1>`];
  for (const line of options.intro ?? []) out.push(`<p class="summary">${escapeHtml(line)}</p>`);
  out.push(provenanceHeader(p, signatures, seeds.length ? seeds.join('; ') : null));
  let figures = 0;
  for (const { part, section } of sections) {
    out.push(`<section>`);
    out.push(`<h2>${escapeHtml(part.heading ?? section.title)}</h2>`);
    for (const line of section.summary) out.push(`<p class="summary">${escapeHtml(line)}</p>`);
    for (const b of section.blocks) {
      if ('figure' in b) out.push(await renderFigure(b.figure, ++figures));
      else if ('table' in b) {
        const table = b.collapsed ? `<details><summary>Show all ${b.table.rows.length} rows</summary>${htmlTable(b.table)}</details>` : htmlTable(b.table);
        out.push(`<h3>${escapeHtml(b.heading)}</h3>${b.caption ? `<p>${escapeHtml(b.caption)}</p>` : ''}${table}`);
      }
      else out.push(b.html);
    }
    for (const n of section.notes ?? []) out.push(`<p class="note">note: ${escapeHtml(n)}</p>`);
    out.push(`</section>`);
  }
  out.push(reproduceFooter(p));
  return htmlPage(title, out.join('\n'));
}
