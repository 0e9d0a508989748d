// Pairwise template: two responses to the same request, answer A, B or tie. The judge is told that the order is
// arbitrary; the scorer still runs both orders (position bias is measured, not assumed away).
import { defineTemplate } from './template.js';

export const pairwiseAbTieV1 = defineTemplate({
  name: 'pairwise-ab',
  version: 1,
  kind: 'pairwise',
  text: `You are comparing two responses to the same user request. Decide which response follows the request better and is more helpful, correct and clear. The order in which the responses are shown is arbitrary and must not affect your decision, and neither must their length.

[Request]
{{prompt}}

[Response A]
{{output_a}}

[Response B]
{{output_b}}

If the two responses are equally good, answer tie. Reply with exactly one of A, B or tie, and nothing else.`,
});
