import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../config-file.js';

/** listgate's version, from its own package.json (not the working directory's). */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}
