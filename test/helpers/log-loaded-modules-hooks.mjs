// Loader hooks of log-loaded-modules.mjs (they run off the main thread, so they get the log file as data).
import { appendFileSync } from 'node:fs';

let log;
export function initialize(data) {
  log = data.log;
}
export async function load(url, context, next) {
  appendFileSync(log, `import ${url}\n`);
  return next(url, context);
}
