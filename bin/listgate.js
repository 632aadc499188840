#!/usr/bin/env -S node --max-semi-space-size=64 --min-semi-space-size=64 --max-old-space-size=512
// --max-semi-space-size: a larger young generation; staging allocates many short-lived objects
// and spent a quarter of its time in scavenges with the default (100,000-row stage 72 s -> 63 s
// with 32 MB; against 1,000,000 contacts 40.0/41.5 s with 32 MB, 35.9/36.5 s with 64, 38.7 s with 128).
// --min-semi-space-size: starts the young generation at that size instead of growing it from 1 MB
// (a 100,000-row stage against 1,000,000 contacts: 38.1-40.7 s instead of 40.5-43.9, Node's CPU
// about 2.5 s less, peak RSS about 600 MB instead of 485).
// --max-old-space-size: V8 otherwise grows its heap to gigabytes because it may (a 1,000,000-row
// stage peaked at 1.9 GB RSS with at most 307 MB of it in use; capped: 882 MB, 7% slower). Files
// `dedupe` and `link` hold in memory may need more: node --max-old-space-size=4096 bin/listgate.js.
// The npm script and the benchmark read these flags from this line.
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
