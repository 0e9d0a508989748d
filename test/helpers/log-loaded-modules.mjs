// Preload (`node --import THIS`) that appends every module the process loads to the file named by
// TRENCHCOAT_MODULE_LOG: ES modules through a loader hook, CommonJS ones (incl. `createRequire` of native addons)
// through Module._load. Used to assert what a command line loads, not how long it takes.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const log = process.env.TRENCHCOAT_MODULE_LOG;
if (log) {
  register('./log-loaded-modules-hooks.mjs', import.meta.url, { data: { log } });
  const Module = createRequire(import.meta.url)('node:module');
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    let resolved = request;
    try {
      resolved = Module._resolveFilename(request, parent, isMain);
    } catch {}
    appendFileSync(log, `require ${resolved}\n`);
    return load.apply(this, arguments);
  };
}
