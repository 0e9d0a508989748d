// Charts: a vega-lite spec compiled in Node and rendered by vega's headless View to an SVG string (renderer 'none':
// no canvas, no browser). The figure around it carries a caption (what it shows, how to read it) and the table of
// its numbers, so nothing is only in a picture.
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { escapeHtml } from './html.js';
import { htmlTable, type TableData } from './table.js';
import { installTextWidth } from './text-width.js';

installTextWidth();

/** A vega-lite spec as plain data (the inline `data.values` are the numbers of the figure's table). */
export type ChartSpec = Record<string, unknown>;

export interface Figure {
  title: string;
  /** What the chart shows and how to read it. */
  caption: string;
  spec: ChartSpec;
  table: TableData;
  /** Adds a <title> (the browser's tooltip) to each mark from its `description` encoding. */
  tooltips?: boolean;
}

// Transparent background and text colours the page's stylesheet overrides (light / dark); a colour-blind-safe
// categorical palette that reads on both backgrounds. vega caps the room an axis reserves for its labels at
// maxExtent (200 px by default) and then draws the axis title over longer labels: the cap is raised past labelLimit.
const CONFIG = {
  background: 'transparent',
  font: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 600, labelLimit: 260, gridOpacity: 1, maxExtent: 400, labelSeparation: 4 },
  axisBand: { labelLimit: 260 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260, orient: 'right' },
  header: { labelFontSize: 12, titleFontSize: 12 },
  range: { category: ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] },
  point: { size: 60, filled: true },
};

/** The SVG of a vega-lite spec, rendered in Node. */
export async function renderSvg(spec: ChartSpec, tooltips = false): Promise<string> {
  const compiled = vl.compile({ ...spec, config: { ...CONFIG, ...((spec.config as object) ?? {}) } } as vl.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return tooltips ? withTitles(svg) : svg;
  } finally {
    view.finalize();
  }
}

// vega's SVG string renderer writes a mark's `description` as aria-label only; a <title> child makes it the
// native tooltip without any script.
function withTitles(svg: string): string {
  return svg.replace(/<(path|rect|text)( [^>]*?aria-label="([^"]*)"[^>]*?)\/>/g, (_m, tag: string, attrs: string, label: string) => `<${tag}${attrs}><title>${label}</title></${tag}>`);
}

/**
 * A <figure>: title and caption, the chart (role img, labelled by the title), the numbers in a <details> table.
 * `index` numbers the figures of one page (its element id), so the same result always gives the same page.
 */
export async function renderFigure(f: Figure, index = 1): Promise<string> {
  const svg = await renderSvg(f.spec, f.tooltips);
  const id = `fig-${index}`;
  return [
    `<figure aria-labelledby="${id}">`,
    `<figcaption><strong id="${id}">${escapeHtml(f.title)}</strong>${escapeHtml(f.caption)}</figcaption>`,
    `<div class="chart" role="img" aria-label="${escapeHtml(f.title)}">${svg}</div>`,
    `<details><summary>Numbers behind this chart</summary>${htmlTable(f.table)}</details>`,
    '</figure>',
  ].join('\n');
}
