import { nicknameGroup } from '../normalize/nicknames.js';
import { isRoleLocalPart } from '../normalize/email.js';
import { remembered } from './comparators.js';
import type { LevelContext } from './levels.js';

/** What the levels know about names: nickname groups come from the normalizer's nickname table. */
export const defaultLevelContext: LevelContext = { firstNamesCompatible };

// The nickname level asks about the first names of most scored pairs, and nicknameGroup builds a
// new set per call: the groups are remembered (the table never changes).
const nicknameGroups = new Map<string, Set<string>>();

/**
 * Two first-name keys that can be the same person's: equal, or overlapping nickname groups (as
 * firstNamesCompatible of src/normalize/nicknames.ts; each group holds its name's canonical name).
 */
function firstNamesCompatible(a: string, b: string): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  const groupA = remembered(nicknameGroups, a, nicknameGroup);
  for (const name of remembered(nicknameGroups, b, nicknameGroup)) if (groupA.has(name)) return true;
  return false;
}

/** info@, sales@...: an address many people read (the normalizer's list of role local parts). */
export function isRoleEmail(emailKey: string): boolean {
  const at = emailKey.lastIndexOf('@');
  return at > 0 && isRoleLocalPart(emailKey.slice(0, at));
}
