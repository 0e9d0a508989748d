export { renderReport, sectionFor, type ReportPart, type ReportOptions } from './render.js';
export { detectResultKind, ReportInputError, RESULT_KINDS, type ResultKind } from './kinds.js';
export { renderSvg, renderFigure, type Figure, type ChartSpec } from './chart.js';
export { commandLine, shellQuote, type Provenance, type DataHash, type Signature } from './provenance.js';
export { escapeHtml, htmlPage } from './html.js';
