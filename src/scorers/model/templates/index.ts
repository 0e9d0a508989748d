// The bundled prompt templates, looked up by `name@version` (or by `name` for the newest version).
import { listwiseRankV1 } from './listwise.js';
import { pairwiseAbTieV1 } from './pairwise.js';
import { rubric1to10v1, rubric1to5v1 } from './rubric.js';
import { templateRef, type PromptTemplate, type TemplateKind } from './template.js';

export * from './template.js';

export const TEMPLATES: readonly PromptTemplate[] = [rubric1to5v1, rubric1to10v1, pairwiseAbTieV1, listwiseRankV1];

/** The template a spec names: `rubric-1to10@1`, or `rubric-1to10` for its newest version. Throws with the known names. */
export function resolveTemplate(ref: string): PromptTemplate {
  const at = ref.lastIndexOf('@');
  const name = at < 0 ? ref : ref.slice(0, at);
  const version = at < 0 ? undefined : Number(ref.slice(at + 1));
  let best: PromptTemplate | undefined;
  for (const t of TEMPLATES) {
    if (t.name !== name) continue;
    if (version !== undefined ? t.version === version : !best || t.version > best.version) best = t;
  }
  if (!best) throw new Error(`unknown template "${ref}" (known: ${TEMPLATES.map(templateRef).join(', ')})`);
  return best;
}

/** The default template of each judge mode. */
export const DEFAULT_TEMPLATE: Record<TemplateKind, PromptTemplate> = {
  pointwise: rubric1to10v1,
  pairwise: pairwiseAbTieV1,
  listwise: listwiseRankV1,
};
