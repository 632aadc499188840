#!/usr/bin/env -S node --max-semi-space-size=64 --max-old-space-size=512
// --max-semi-space-size: a larger young generation; staging allocates many short-lived objects
// and spent a quarter of its time in scavenges with the default (100,000-row stage 72 s -> 63 s
// with 32 MB; against 1,000,000 contacts 40.0/41.5 s with 32 MB, 35.9/36.5 s with 64, 38.7 s with 128).
// --max-old-space-size: V8 otherwise grows its heap to gigabytes because it may (a 1,000,000-row
// stage peaked at 1.9 GB RSS with at most 307 MB of it in use; capped: 882 MB, 7% slower). Files
// `dedupe` and `link` hold in memory may need more: node --max-old-space-size=4096 bin/listgate.js.
// The npm script and the benchmark read these flags from this line.
// Runs the TypeScript sources through tsx, so `npm ci` is the only set-up step.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
