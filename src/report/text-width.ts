// Text widths for vega's layout in Node. Without a canvas vega guesses 0.8 em per character, which is ~45% too wide
// for ordinary sans-serif text: long labels were cut at half their limit ("OpenAssistant/reward-model-deberta-v3-l…")
// and axis titles were placed from a width that did not match the drawn labels, so they overlapped them. This uses
// the Helvetica advance widths (Adobe's public AFM, in 1/1000 em) scaled up by 15%, so that the wider fonts a browser
// may pick for `system-ui` (DejaVu Sans on Linux) still fit: a little too much room, never too little.
import * as vega from 'vega';

// exported by vega (from vega-scenegraph) but missing from its type definitions
const textMetrics = (vega as unknown as { textMetrics: { width: unknown } }).textMetrics;

// printable ASCII 32…126
const HELVETICA = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667,
  667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500,
  556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const SCALE = 1.15;
const BOLD = 1.08;

function advance(code: number): number {
  if (code >= 32 && code <= 126) return HELVETICA[code - 32];
  // CJK and other wide scripts take a full em; anything else (accents, Greek, symbols such as ≻ or −) an average letter
  if ((code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xff60)) return 1000;
  return 600;
}

/** Width in pixels of `text` at `fontSize` px, bold when `weight` is bold or ≥ 600. */
export function sansSerifWidth(text: string, fontSize: number, weight?: string | number): number {
  let units = 0;
  for (const ch of text) units += advance(ch.codePointAt(0)!);
  const bold = weight === 'bold' || weight === 'bolder' || (Number(weight) >= 600);
  return (units / 1000) * fontSize * SCALE * (bold ? BOLD : 1);
}

let installed = false;

/** Makes vega measure text with sansSerifWidth (vega's documented hook for a user-defined width, as vl-convert uses). */
export function installTextWidth(): void {
  if (installed) return;
  installed = true;
  // A text item with a `limit` is drawn cut to it (vega truncates by calling this same function), so its layout width
  // is at most the limit: vega's own estimator measures the truncated text for the same reason.
  textMetrics.width = (item: { fontSize?: number; fontWeight?: string | number; limit?: number }, text: unknown): number => {
    const w = sansSerifWidth(text == null ? '' : String(text).trim(), item.fontSize ?? 11, item.fontWeight);
    return item.limit !== undefined && item.limit > 0 ? Math.min(w, item.limit) : w;
  };
}
