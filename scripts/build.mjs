// npm run build (and npm ci, through "prepare"): bundles src/ into dist/ with esbuild and stamps
// it, so bin/listgate.js can tell a current build from a stale one (src/ changed since) and run
// the sources through tsx instead. Without esbuild (an install that left it out) there is nothing
// to build with, and bin/listgate.js runs the sources. Types are checked by `npm run typecheck`.
//
// Why a bundle and not tsc's file-for-file output: a start loads several hundred ES modules
// (Kysely alone is 263 files), and Node resolves, reads and links each one on every start.
// Splitting keeps one chunk per dynamic import, so a command still loads only what it runs
// (`listgate --help` loads no database code). The chunks sit directly in dist/, one folder below
// the package root, as every file that finds listgate's own folders expects (src/config-file.ts).
//
// Left outside the bundle: PGlite (it finds its .wasm and .data files next to its own modules),
// pg and pg-copy-streams (pg looks for an optional native binding), and exceljs and unzipper
// (large CommonJS packages loaded only when a workbook is read or written).
import { rmSync, writeFileSync } from 'node:fs';

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('build: esbuild is not installed; bin/listgate.js will run src/ through tsx');
  process.exit(0);
}

rmSync('dist', { recursive: true, force: true });
await esbuild.build({
  // worker threads are entries of their own, started as dist/NAME.js: the read stage's (src/stage/row-texts.ts)
  // and crm load's match keys (src/crm/key-columns.ts)
  entryPoints: { main: 'src/cli/main.ts', 'read-worker': 'src/stage/read-worker.ts', 'key-worker': 'src/crm/key-worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: ['@electric-sql/pglite', 'pg', 'pg-copy-streams', 'exceljs', 'unzipper'],
  // bundled CommonJS packages call require(); an ES module has none of its own
  banner: { js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);" },
  logLevel: 'warning',
});
writeFileSync('dist/.built', `${new Date().toISOString()}\n`);
