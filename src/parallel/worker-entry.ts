// The entry URL of a worker thread module beside the caller. tsx runs the sources (.ts) and the build runs dist (.js),
// so the entry takes the extension of the calling file; from the sources on Node 20 a worker does not inherit the
// TypeScript loader, so its entry is a small ES module that registers tsx and then imports the real one.
export function workerEntryUrl(moduleBaseName: string, callerUrl: string): URL {
  const fromSources = callerUrl.endsWith('.ts');
  const target = new URL(`./${moduleBaseName}${fromSources ? '.ts' : '.js'}`, callerUrl);
  if (!fromSources) return target;
  const code = `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}); register(); await import(${JSON.stringify(target.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
