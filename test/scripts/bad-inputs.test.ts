// docs/bad-inputs.md cannot drift: every case of scripts/bad-inputs.ts is run again through the real CLI and must give
// the exit code and first message line its row states, and the doc must list every case (issue 8, "Done when").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BAD_INPUT_CASES, DOC_PATH, parseBadInputsDoc, runBadInputCases } from '../../scripts/bad-inputs.js';

test('docs/bad-inputs.md: every case gives the exit code and message its row states', async () => {
  const doc = parseBadInputsDoc(readFileSync(DOC_PATH, 'utf8'));
  assert.equal(doc.size, BAD_INPUT_CASES.length, 'one row per case: regenerate with node --import tsx scripts/bad-inputs.ts');
  const outcomes = await runBadInputCases(BAD_INPUT_CASES, 6);
  const wrong: string[] = [];
  BAD_INPUT_CASES.forEach((c, i) => {
    const row = doc.get(c.what);
    const got = outcomes[i];
    if (!row) wrong.push(`${c.what}: no row`);
    else if (row.code !== got.code || row.message !== got.message) wrong.push(`${c.what}: doc says ${row.code} "${row.message}", got ${got.code} "${got.message}"`);
  });
  assert.deepEqual(wrong, []);
});

test('bad inputs: exit codes follow the convention (1 bad data, 2 usage), and no stack trace reaches the user', async () => {
  const doc = parseBadInputsDoc(readFileSync(DOC_PATH, 'utf8'));
  for (const c of BAD_INPUT_CASES) {
    const row = doc.get(c.what)!;
    assert.ok([0, 1, 2].includes(row.code), `${c.what}: exit ${row.code}`);
    assert.doesNotMatch(row.message, /^\s+at |Error: .*\n\s+at /, c.what);
    if (row.code !== 0) assert.match(row.message, /^error: /, `${c.what}: the message is one "error: …" line`);
    if (/\(accepted/.test(c.what)) assert.equal(row.code, 0, c.what);
  }
});
