import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * listgate's worker threads (the stage's read stage, crm load's match keys) are modules of their
 * own, next to the module that starts them: `dist/NAME.js` when listgate runs compiled (each is an
 * entry of the bundle, scripts/build.mjs), `src/.../NAME.ts` when it runs from its sources.
 */
export interface WorkerEntry {
  url: URL;
  /** the compiled module exists: a worker starts without a TypeScript loader */
  compiled: boolean;
}

/** The worker module NAME beside the module at `callerUrl` (its import.meta.url). */
export function workerEntry(name: string, callerUrl: string): WorkerEntry {
  const compiledUrl = new URL(`./${name}.js`, callerUrl);
  const compiled = fileURLToPath(callerUrl).endsWith('.js') && existsSync(compiledUrl);
  return { url: compiled ? compiledUrl : new URL(`./${name}.ts`, callerUrl), compiled };
}

/**
 * Starts a worker thread on `entry`. From the TypeScript sources (tsx, vitest) it first registers
 * tsx in the thread, since a worker does not inherit the loader of its parent.
 */
export function startWorkerThread(entry: WorkerEntry, options: WorkerOptions = {}): Worker {
  if (entry.compiled) return new Worker(entry.url, options);
  // require.resolve finds the CommonJS build of tsx's API; the worker imports its ESM twin beside it
  const tsx = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
  const start = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.url.href)}); })`;
  return new Worker(start, { ...options, eval: true });
}
