// Plain-text tables for humans (stdout). Machine output goes through --json instead.

export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r')[]): string {
  const widths = header.map((h, j) => Math.max([...h].length, ...rows.map((r) => [...(r[j] ?? '')].length)));
  const pad = (s: string, j: number) => {
    const fill = ' '.repeat(Math.max(0, widths[j] - [...s].length));
    return (align?.[j] ?? 'l') === 'r' ? fill + s : s + fill;
  };
  const line = (r: readonly string[]) => r.map((c, j) => pad(c ?? '', j)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A score for display: fixed decimals, `—` for an abstention. */
export function formatNumber(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return '—';
  if (!Number.isFinite(v)) return String(v);
  return v.toFixed(digits);
}
