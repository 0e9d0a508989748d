// bert-score's get_idf_dict uses Python's math.log: the idf weights must be CPython's doubles, not V8's Math.log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idfFromReferences } from '../../../src/scorers/model/onnx/bertscore-math.js';

test('idf weights are math.log((M+1)/(c+1)) bit for bit (values where V8 Math.log differs in the last bit)', () => {
  // 11 references: token 1 in 10 of them, token 2 in 3, token 3 in 1.
  const refs = Array.from({ length: 11 }, (_, i) => [...(i < 10 ? [1, 1] : []), ...(i < 3 ? [2] : []), ...(i === 0 ? [3] : [])]);
  const { idf, unseen, documents } = idfFromReferences(refs);
  assert.equal(documents, 11);
  // python3 -c "import math; print(repr(math.log(12/11)), repr(math.log(12/4)), repr(math.log(12/2)), repr(math.log(12)))"
  assert.equal(idf.get(1), 0.0870113769896297);
  assert.equal(idf.get(2), 1.0986122886681098);
  assert.equal(idf.get(3), 1.791759469228055);
  assert.equal(unseen, 2.4849066497880004);
});
