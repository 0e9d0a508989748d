// `trenchcoat scorers NAME` documents every option a scorer accepts (issue 8 §4). The accepted options are found from
// the factories themselves: each factory is built with a SpecOptions that records every key it reads, once with only
// its required options and once per alternative value the synopsis lists (modes that read further options), so an
// option added to a factory without a line in its synopsis and a meaning in `optionDocs` fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { listScorers, scorerOptionLines, type ScorerFactory } from '../../src/scorers/registry.js';
import { parseSpec, SpecOptions } from '../../src/scorers/spec.js';
import '../../src/scorers/builtin.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const ONNX = path.join(REPO_ROOT, 'test/fixtures/onnx');
/** Values for the options a factory cannot be built without (not the list of options: that comes from the factory). */
const REQUIRED: Record<string, string> = {
  rouge: 'n=2',
  column: 'x',
  judge: 'model=m,url=http://127.0.0.1:1/v1',
  rm: 'api=vllm-classify,model=m,url=http://127.0.0.1:1',
  'onnx-rm': `path=${path.join(ONNX, 'bert-rm')}`,
  'onnx-cross': `path=${path.join(ONNX, 'xlmr-cross')},label=entailment`,
  bertscore: `path=${path.join(ONNX, 'bert-encoder')}`,
  'onnx-comet': `path=${path.join(ONNX, 'xlmr-comet')}`,
  regex: 'pattern=a',
  overlong: 'max-length=10,buffer=2',
  'cosine-length': 'verifier=math-boxed,max-length=10',
  reward: `file=${path.join(REPO_ROOT, 'examples/rewards/composite.yaml')}`,
};

/** The option keys `factory.create` reads for `spec` (`#0` for the first positional value). */
function keysRead(factory: ScorerFactory, spec: string): Set<string> {
  const keys = new Set<string>();
  const o = new SpecOptions(parseSpec(spec), spec);
  const spy = o as unknown as { raw(k: string): string | undefined; positional(i: number, what: string): string };
  const raw = spy.raw.bind(o);
  const positional = spy.positional.bind(o);
  spy.raw = (k) => (keys.add(k), raw(k));
  spy.positional = (i, what) => (keys.add(`#${i}`), positional(i, what));
  factory.create(o);
  return keys;
}

function acceptedOptions(factory: ScorerFactory): Set<string> {
  const base = REQUIRED[factory.name];
  const spec = (extra?: string) => `${factory.name}${base || extra ? ':' : ''}${[base, extra].filter(Boolean).join(',')}`;
  const keys = keysRead(factory, spec());
  // every alternative of a `key=a|b|c` option, for options read only in some modes (pairwise judges read `orders`)
  for (const line of scorerOptionLines(factory)) {
    if (!line.values.includes('|') || /[A-Z<]/.test(line.values)) continue;
    for (const v of line.values.split('|')) {
      if (base?.split(',').some((kv) => kv.startsWith(`${line.name}=`))) continue;
      try {
        for (const k of keysRead(factory, spec(`${line.name}=${v}`))) keys.add(k);
      } catch {
        // a value some other option rules out (e.g. rm template=pair with api=vllm-classify): nothing more to learn
      }
    }
  }
  return keys;
}

for (const factory of listScorers()) {
  test(`scorers ${factory.name}: every option the factory reads has a synopsis line and a meaning`, () => {
    const lines = scorerOptionLines(factory);
    const documented = new Map(lines.map((l) => [l.name, l]));
    const positionalName = lines.find((l) => l.note?.includes('positional'))?.name;
    for (const key of acceptedOptions(factory)) {
      const name = key === '#0' ? positionalName : key;
      assert.ok(name !== undefined && documented.has(name), `${factory.name} reads option "${key}" but its synopsis does not list it`);
      assert.ok(documented.get(name)!.doc, `${factory.name}: option "${name}" has no meaning in optionDocs`);
    }
    // and the docs name no option the factory does not have
    for (const k of Object.keys(factory.optionDocs ?? {})) assert.ok(documented.has(k), `${factory.name}: optionDocs has "${k}", which is not an option`);
  });
}

test('trenchcoat scorers judge prints each option with its default and meaning', () => {
  const r = runCli(['scorers', 'judge']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  const at = lines.findIndex((l) => /^ {2}temperature +default 0$/.test(l));
  assert.ok(at > 0, r.stdout);
  assert.match(lines[at + 1], /^ {4,}\S/);
});
