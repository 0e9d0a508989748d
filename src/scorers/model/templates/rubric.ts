// Pointwise rubric templates: the judge answers with one integer on a fixed scale, so the answer is a single number
// token whose logprobs give a distribution over the scale (G-Eval, Liu et al. 2023: score = Σ p(k)·k).
import { defineTemplate } from './template.js';

export const rubric1to5v1 = defineTemplate({
  name: 'rubric-1to5',
  version: 1,
  kind: 'pointwise',
  scale: { min: 1, max: 5 },
  text: `You are grading how well a response answers a user's request.

Use this scale:
1 = unusable: wrong, off-topic, or harmful
2 = poor: major errors or important parts missing
3 = acceptable: mostly correct, with clear flaws
4 = good: correct and helpful, with only minor flaws
5 = excellent: correct, complete, clear and helpful

[Request]
{{prompt}}

[Response]
{{output}}

Reply with one integer from 1 to 5 and nothing else.`,
});

export const rubric1to10v1 = defineTemplate({
  name: 'rubric-1to10',
  version: 1,
  kind: 'pointwise',
  scale: { min: 1, max: 10 },
  text: `You are grading how well a response answers a user's request.

Use this scale:
1-2 = unusable: wrong, off-topic, or harmful
3-4 = poor: major errors or important parts missing
5-6 = acceptable: mostly correct, with clear flaws
7-8 = good: correct and helpful, with only minor flaws
9-10 = excellent: correct, complete, clear and helpful

[Request]
{{prompt}}

[Response]
{{output}}

Reply with one integer from 1 to 10 and nothing else.`,
});
