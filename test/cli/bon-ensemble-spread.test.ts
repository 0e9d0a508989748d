// bon --ensemble uwo --spread var|std: the spread changes the ranking proxy and is named in the output; var (Coste et
// al. 2024) is the default; anything else is a usage error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, scratchDir, writeJsonl } from '../helpers/cli.js';

test('bon --ensemble uwo: --spread var by default, std on request, both named in the proxy name; bad --spread exits 2', () => {
  const dir = scratchDir();
  // two proxies that agree on some candidates and disagree on others, so variance and std rank them differently
  const rows = Array.from({ length: 24 }, (_, i) => ({ prompt_id: `p${i % 4}`, a: ((i * 37) % 11) / 3, b: ((i * 17) % 13) / 2, gold: ((i * 13) % 7) / 7 }));
  const file = writeJsonl(dir, 'c.jsonl', rows);
  const run = (...extra: string[]) => runCli(['bon', '-d', file, '--proxy-field', 'a', '--proxy-field', 'b', '--ensemble', 'uwo', '--json', ...extra]);
  const byDefault = run();
  assert.equal(byDefault.code, 0, byDefault.stderr);
  const dflt = JSON.parse(byDefault.stdout);
  const asVar = JSON.parse(run('--spread', 'var').stdout);
  const asStd = JSON.parse(run('--spread', 'std').stdout);
  assert.equal(dflt.proxyName, 'uwo(a, b) λ=1 spread=var');
  assert.equal(asStd.proxyName, 'uwo(a, b) λ=1 spread=std');
  assert.deepEqual(dflt.proxy, asVar.proxy);
  assert.notDeepEqual(asStd.proxy, asVar.proxy);
  const bad = run('--spread', 'variance');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--spread must be std or var, not "variance"/);
});
