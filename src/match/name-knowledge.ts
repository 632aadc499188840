import type { LevelContext } from './levels.js';

/** What the levels know about names: nickname groups come from the normalizer. */
export const defaultLevelContext: LevelContext = {
  canonicalFirstName: (name) => name,
};
