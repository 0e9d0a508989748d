// `npm run build` step 1: the JavaScript of dist/ as one esbuild bundle (step 2, tsc, adds the .d.ts declarations).
// Usage: node scripts/bundle.mjs [OUTDIR]   (default dist; OUTDIR is emptied first)
//
// Why a bundle: a process that starts `trenchcoat score --help` from tsc's output resolves, reads and compiles dozens of
// small modules; the bundle puts what every command line needs in few files. Dynamic imports stay split points, so a
// command still loads only its own code (commands.ts), and dependencies stay external packages loaded at their point of
// use (native addons such as onnxruntime-node and better-sqlite3 must; the rest are big and lazy), except commander,
// which every command line but `--version` needs.
//
// Entry points keep their source paths (src/X.ts → OUTDIR/X.js): the bin (cli/main), the library (index) and the worker
// thread entries (src/parallel/worker-entry.ts locates them from the package root). Shared code goes to OUTDIR/chunks/.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY_POINTS = ['cli/main', 'index', 'serve/cpu-worker', 'parallel/shard-thread'];
/** Dependencies compiled into the bundle (pure JavaScript, no files of their own read at run time). */
const BUNDLED = ['commander'];

// commander requires node:child_process at load time, for executable subcommands (`program.command('x', 'desc')`)
// that trenchcoat never declares; child_process (with net, dgram and their internals) is a few milliseconds of every
// start. In the bundle commander gets it through a proxy that requires it at the first property access.
const commanderLoadsChildProcessWhenUsed = {
  name: 'commander-loads-child-process-when-used',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'node:child_process', namespace: 'lazy-builtin' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `let m; module.exports = new Proxy({}, { get: (_, key) => (m ??= require(${JSON.stringify(args.path)}))[key] });`,
      loader: 'js',
    }));
  },
};

const REQUIRE_BANNER = "import { createRequire as __trenchcoatCreateRequire } from 'node:module'; const require = __trenchcoatCreateRequire(import.meta.url);";

export async function bundle(outdir) {
  outdir = path.resolve(outdir);
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const external = Object.keys(pkg.dependencies).filter((d) => !BUNDLED.includes(d));
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(ENTRY_POINTS.map((e) => [e, `src/${e}.ts`])),
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunks/[name]-[hash]',
    external: [...external, ...external.map((d) => `${d}/*`)],
    // commander is CommonJS: its require() of node: builtins needs a real require in an ES module bundle (the banner is
    // removed again below from the files that never mention require)
    banner: { js: REQUIRE_BANNER },
    legalComments: 'inline',
    plugins: [commanderLoadsChildProcessWhenUsed],
    metafile: true,
    logLevel: 'warning',
  });
  // Anything else from node_modules in the bundle is an import of a package that is not a dependency (a devDependency
  // or a transitive one): installed, it would be missing or a second copy. Fail the build instead.
  const bundledPackages = new Set();
  for (const input of Object.keys(result.metafile.inputs)) {
    const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) bundledPackages.add(m[1]);
  }
  const unexpected = [...bundledPackages].filter((p) => !BUNDLED.includes(p));
  if (unexpected.length) throw new Error(`the bundle would include ${unexpected.join(', ')}: import only dependencies of package.json`);
  for (const file of Object.keys(result.metafile.outputs)) {
    const full = path.resolve(ROOT, file);
    const text = readFileSync(full, 'utf8');
    const rest = text.replace(`${REQUIRE_BANNER}\n`, '');
    if (rest !== text && !/\brequire\b/.test(rest)) writeFileSync(full, rest);
  }
  const notices = BUNDLED.map((name) => {
    const dir = path.join(ROOT, 'node_modules', name);
    const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    return `${name} ${version}\n\n${readFileSync(path.join(dir, 'LICENSE'), 'utf8').trim()}\n`;
  });
  writeFileSync(path.join(outdir, 'THIRD-PARTY-NOTICES.txt'), `Packages compiled into this bundle:\n\n${notices.join('\n')}`);
  return Object.keys(result.metafile.outputs);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outdir = process.argv[2] ?? 'dist';
  const outputs = await bundle(outdir);
  console.log(`bundled ${outputs.length} files into ${path.relative(process.cwd(), path.resolve(outdir)) || '.'}`);
}
