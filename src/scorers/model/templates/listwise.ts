// Listwise template: k candidates numbered [1]..[k]; the judge answers with a full ranking such as `[2] > [1] > [3]`.
import { defineTemplate } from './template.js';

export const listwiseRankV1 = defineTemplate({
  name: 'listwise-rank',
  version: 1,
  kind: 'listwise',
  text: `You are ranking several responses to the same user request, from best to worst. Judge how well each response follows the request and how helpful, correct and clear it is. The order in which the responses are shown is arbitrary and must not affect your ranking.

[Request]
{{prompt}}

[Responses]
{{candidates}}

Rank all responses from best to worst. Reply with their numbers in brackets, best first, separated by " > " (for example [2] > [1] > [3]), and nothing else.`,
});
