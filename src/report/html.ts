// The page around a report: escaping, the inline stylesheet (light and dark, print), and the one small script
// (table sorting, opening every <details> before printing). Nothing here loads anything from anywhere.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

// Colours are custom properties so the charts' axis text and grid follow the scheme (vega writes fixed fill
// attributes, which a stylesheet rule overrides). A text mark named `fg_text` in a spec (data labels drawn on the
// page background, not on a coloured cell) follows the text colour too.
const STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --rule: #d0d7de; --grid: #e4e7eb; --panel: #f6f8fa; --accent: #0b5cad; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0f1419; --fg: #e6edf3; --muted: #9da7b3; --rule: #3a434d; --grid: #2a323b; --panel: #161b22; --accent: #6cb6ff; }
  /* the palette's mid-tone blues sink into a dark page: thin marks (dots, whiskers, lines) and their legend symbols
     are lifted alike; filled areas (bars, heatmap cells, shading) keep their colours, which a colour scale reads */
  .chart svg g.mark-symbol.role-mark, .chart svg g.mark-rule.role-mark, .chart svg g.mark-line.role-mark, .chart svg g.role-legend-symbol { filter: brightness(1.45); }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1060px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 40px 0 8px; padding-top: 8px; border-top: 1px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 28px 0 6px; }
p { margin: 6px 0; }
a { color: var(--accent); }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.86em; }
pre { background: var(--panel); border: 1px solid var(--rule); border-radius: 6px; padding: 8px 10px; white-space: pre-wrap; word-break: break-all; margin: 6px 0; }
header.provenance, footer.reproduce { background: var(--panel); border: 1px solid var(--rule); border-radius: 8px; padding: 12px 16px; margin: 16px 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
ul.plain { list-style: none; padding: 0; margin: 0; }
.summary { color: var(--muted); }
figure { margin: 16px 0 24px; }
figure .chart { overflow-x: auto; }
figure .chart svg { max-width: 100%; height: auto; }
figcaption { margin: 6px 0; max-width: 75ch; }
figcaption strong { display: block; font-size: 1.02rem; }
details { margin: 6px 0 0; }
summary { cursor: pointer; color: var(--accent); }
table { border-collapse: collapse; margin: 8px 0; font-size: 0.9rem; max-width: 100%; }
/* long names and paths wrap anywhere, so a table never runs past the page (numbers never break) */
th, td { padding: 3px 10px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; overflow-wrap: anywhere; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; overflow-wrap: normal; }
th { overflow-wrap: normal; }
th { background: var(--panel); }
th[data-sort] { cursor: pointer; }
th[aria-sort="ascending"]::after { content: " \\25B2"; font-size: 0.7em; }
th[aria-sort="descending"]::after { content: " \\25BC"; font-size: 0.7em; }
.note { color: var(--muted); font-size: 0.9rem; }
.chart svg g[class*="role-axis"] text, .chart svg g[class*="role-legend"] text, .chart svg g[class*="role-title"] text,
.chart svg g[class*="header"] text { fill: var(--fg); }
.chart svg g.role-axis-grid line { stroke: var(--grid); }
.chart svg g.fg_text_marks text { fill: var(--fg); }
.chart svg g.role-axis-domain line, .chart svg g.role-axis-tick line { stroke: var(--muted); }
@media print {
  /* paper is white whatever the screen's scheme: the light colours, and no lifted marks */
  :root { --bg: #ffffff; --fg: #000000; --muted: #444c56; --rule: #d0d7de; --grid: #e4e7eb; --panel: #f6f8fa; --accent: #000000; }
  .chart svg g.role-mark, .chart svg g.role-legend-symbol { filter: none; }
  body { background: #fff; color: #000; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  details > summary { display: none; }
  figure, table, header.provenance { break-inside: avoid; }
  th, td { padding: 2px 6px; }
  h2 { break-after: avoid; }
  a { color: #000; }
}
`;

// Sorting: a click on a header cell orders the rows by that column (numbers by data-v, the exact value), again to
// reverse. Before printing every <details> is opened, so the printed page carries every table.
const SCRIPT = `
document.querySelectorAll('table.sortable').forEach(function (table) {
  table.querySelectorAll('th').forEach(function (th, col) {
    th.setAttribute('data-sort', '');
    th.tabIndex = 0;
    function sort() {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      function key(r) { var c = r.cells[col]; var v = c.getAttribute('data-v'); return v !== null && v !== '' ? Number(v) : c.textContent; }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var r = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return asc ? r : -r;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener('click', sort);
    th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
  });
});
window.addEventListener('beforeprint', function () { document.querySelectorAll('details').forEach(function (d) { d.open = true; }); });
`;

/** A complete HTML document: inline style, the body, and the sorting script at the end. */
export function htmlPage(title: string, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // no request of any kind: scripts only inline, nothing fetched, not even a favicon
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    '<link rel="icon" href="data:,">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    body,
    '</main>',
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
