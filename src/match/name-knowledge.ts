import { firstNamesCompatible } from '../normalize/nicknames.js';
import { isRoleLocalPart } from '../normalize/email.js';
import type { LevelContext } from './levels.js';

/** What the levels know about names: nickname groups come from the normalizer's nickname table. */
export const defaultLevelContext: LevelContext = { firstNamesCompatible };

/** info@, sales@...: an address many people read (the normalizer's list of role local parts). */
export function isRoleEmail(emailKey: string): boolean {
  const at = emailKey.lastIndexOf('@');
  return at > 0 && isRoleLocalPart(emailKey.slice(0, at));
}
