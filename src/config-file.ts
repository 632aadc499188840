import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { UserError } from './errors.js';

/** listgate's own folder (this file is src/config-file.ts, or bundled into a chunk of dist/): its pipelines/, matchers/, crms/ and data/ come with it. */
export const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/** Where configuration files are looked for by name: the working directory first, then listgate's own. */
export function configFolders(folder: string): string[] {
  // a folder given as a path (crms/ as crm-layout.ts settles it) is the only place to look
  if (isAbsolute(folder)) return [folder];
  const own = join(packageRoot, folder);
  const local = resolve(folder);
  return local === resolve(own) ? [local] : [local, own];
}

export interface ConfigFileEntry {
  name: string;
  path: string;
  description?: string;
}

/** Every NAME.json of a configuration folder, the working directory's hiding listgate's own of the same name. */
export function listConfigFiles(folder: string): ConfigFileEntry[] {
  const found = new Map<string, ConfigFileEntry>();
  for (const dir of configFolders(folder)) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
    } catch {
      continue;
    }
    for (const file of names) {
      const name = basename(file, '.json');
      if (found.has(name)) continue;
      const path = join(dir, file);
      let description: string | undefined;
      try {
        const json = JSON.parse(readFileSync(path, 'utf8')) as { description?: unknown };
        if (typeof json.description === 'string') description = json.description;
      } catch {
        description = '(not valid JSON)';
      }
      found.set(name, { name, path, description });
    }
  }
  return [...found.values()];
}

/**
 * The JSON configuration files (pipelines/NAME.json, matchers/NAME.json): found by name in the
 * working directory's folder, then in listgate's own, or by path; parsed, and validated with
 * errors that name the file and the key.
 */
export function readConfigFile(kind: string, nameOrPath: string, folder: string): { json: unknown; path: string } {
  const byPath = nameOrPath.endsWith('.json') || nameOrPath.includes('/');
  const tried = byPath ? [resolve(nameOrPath)] : configFolders(folder).map((dir) => join(dir, `${nameOrPath}.json`));
  const path = tried.find((candidate) => existsSync(candidate));
  if (!path) {
    const available = listConfigFiles(folder).map((entry) => entry.name);
    const where = byPath ? tried[0] : `"${nameOrPath}" (looked in ${tried.map((p) => p.replace(/[^/\\]+$/, '')).join(' and ')})`;
    // pipelines and matchers have a command that lists them with their descriptions
    const listing = folder === 'pipelines' || folder === 'matchers' ? ` (see listgate ${folder})` : '';
    throw new UserError(`${kind} not found: ${where}; available: ${available.length ? available.join(', ') : 'none'}${listing}`);
  }
  try {
    return { json: JSON.parse(readFileSync(path, 'utf8')), path };
  } catch (error) {
    throw new UserError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
}

/** Validates with a zod schema; the first problem becomes one line naming the key. */
export function validateConfig<S extends z.ZodType>(schema: S, json: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue.path.join('.') || '(top level)';
  throw new UserError(`${where}: key "${key}": ${issue.message}`);
}
