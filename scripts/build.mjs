// npm run build (and npm ci, through "prepare"): compiles src/ to dist/ and stamps it, so
// bin/listgate.js can tell a current build from a stale one (src/ changed since) and run the
// sources through tsx instead. Without TypeScript (an install that left out devDependencies)
// there is nothing to build with, and bin/listgate.js runs the sources.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';

const tsc = 'node_modules/typescript/bin/tsc';
rmSync('dist', { recursive: true, force: true });
if (!existsSync(tsc)) {
  console.error('build: typescript is not installed; bin/listgate.js will run src/ through tsx');
} else {
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  writeFileSync('dist/.built', `${new Date().toISOString()}\n`);
}
