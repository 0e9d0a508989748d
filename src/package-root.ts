// The folder of trenchcoat's package.json, found from this module's own location. Files trenchcoat loads at run time
// (worker thread entries, the demo's bundled data) are located from it rather than from the calling module, because
// where a module sits differs between the sources (src/…/x.ts run by tsx), the build (dist/ is an esbuild bundle whose
// code lives in entry files and shared chunks) and an installed package (node_modules/trenchcoat/dist/…).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'trenchcoat';
let root: string | undefined;

function namesThisPackage(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/** The absolute path of the folder holding trenchcoat's package.json (the repository, or node_modules/trenchcoat). */
export function packageRoot(): string {
  if (root !== undefined) return root;
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = path.dirname(dir)) {
    if (namesThisPackage(dir)) return (root = dir);
    if (path.dirname(dir) === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package.json above ${here}`);
  }
}

/** True when this code runs from the TypeScript sources (tsx), false when from the built dist/. */
export const RUNNING_FROM_SOURCES = import.meta.url.endsWith('.ts');
