import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { UserError } from './errors.js';

/**
 * The JSON configuration files (pipelines/NAME.json, matchers/NAME.json): found by name in their
 * folder or by path, parsed, and validated with errors that name the file and the key.
 */
export function readConfigFile(kind: string, nameOrPath: string, dir: string): { json: unknown; path: string } {
  const path = nameOrPath.endsWith('.json') || nameOrPath.includes('/') ? resolve(nameOrPath) : join(dir, `${nameOrPath}.json`);
  if (!existsSync(path)) throw new UserError(`${kind} not found: ${path}`);
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
