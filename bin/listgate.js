#!/usr/bin/env -S node --max-semi-space-size=64 --min-semi-space-size=64 --max-old-space-size=512 --liftoff-only
// --max-semi-space-size, --min-semi-space-size: a young generation of 64 MB from the start; the stage
// allocates many short-lived objects and spent a quarter of its time in scavenges with the default.
// --max-old-space-size: V8 otherwise grows its heap to gigabytes because it may; `dedupe` and `link`
// hold whole files and may need more: node --max-old-space-size=4096 bin/listgate.js.
// --liftoff-only: PGlite's PostgreSQL is WebAssembly, and V8 otherwise recompiles its hot functions
// with its optimizing compiler on the side, CPU a short command pays in full (about a quarter of a
// 2,000-row embedded stage's CPU); staging 10,000 rows into PGlite takes as long either way.
// Measurements behind each: docs/benchmarks.md. The npm script and the benchmark read these flags
// from this line.
//
// Runs dist/ (compiled by `npm run build`, which `npm ci` runs) when it is newer than every file
// of src/, and otherwise the TypeScript sources through tsx: an edited source is never run stale.
// Every start stats each source file (an editor may rewrite a file in place, which changes no
// folder's time), with plain paths: URL objects made that walk several times slower.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt() {
  try {
    return statSync(join(root, 'dist', '.built')).mtimeMs;
  } catch {
    return -1;
  }
}

if (builtAt() >= newestSource(join(root, 'src'))) {
  await import(new URL('../dist/main.js', import.meta.url).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
