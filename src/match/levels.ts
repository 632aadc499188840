import {
  companyTokenSimilarity, isAcronymOf, isDateTypo, isInitialOf, jaroWinkler, levenshtein, levenshteinSimilarity,
  phoneExtensionPart, phoneNumberPart, sameYear, soundsAlike, tokenJaccard,
} from './comparators.js';
import type { Level } from './matcher.js';

/** Knowledge a level may need beyond the two values. */
export interface LevelContext {
  /** two first-name keys can be the same person's: equal, or nicknames of one another (bob, robert) */
  firstNamesCompatible(a: string, b: string): boolean;
}

/** Whether a level holds for two (non-empty, normalized) values, and in words how alike they are. */
export interface LevelTest {
  holds: boolean;
  /** "nickname", "Jaro-Winkler 0.94", "sounds alike"... (empty for exact) */
  how?: string;
}

const no: LevelTest = { holds: false };

export function testLevel(level: Level, a: string, b: string, context: LevelContext): LevelTest {
  switch (level.kind) {
    case 'null':
      return no;
    case 'exact':
      return { holds: a === b };
    case 'jaro_winkler': {
      const similarity = jaroWinkler(a, b);
      return similarity >= (level.threshold ?? 1) ? { holds: true, how: `Jaro-Winkler ${similarity.toFixed(2)}` } : no;
    }
    case 'levenshtein': {
      if (level.distance !== undefined) {
        const d = levenshtein(a, b);
        return d <= level.distance ? { holds: true, how: `${d} edit${d === 1 ? '' : 's'}` } : no;
      }
      const similarity = levenshteinSimilarity(a, b);
      return similarity >= (level.threshold ?? 1) ? { holds: true, how: `similarity ${similarity.toFixed(2)}` } : no;
    }
    case 'nickname': {
      if (a === b) return { holds: true };
      const holds = context.firstNamesCompatible(a, b);
      return holds ? { holds, how: 'nickname' } : no;
    }
    case 'initial':
      return isInitialOf(a, b) ? { holds: true, how: 'initial' } : no;
    case 'metaphone':
      return a === b || soundsAlike(a, b) ? { holds: true, how: 'sounds alike' } : no;
    case 'company_tokens': {
      const similarity = a === b ? 1 : companyTokenSimilarity(a, b);
      return similarity >= (level.threshold ?? 1) ? { holds: true, how: `name tokens ${similarity.toFixed(2)}` } : no;
    }
    case 'acronym':
      return isAcronymOf(a, b) ? { holds: true, how: 'acronym' } : no;
    case 'phone':
      return phoneNumberPart(a) === phoneNumberPart(b) ? { holds: true } : no;
    case 'phone_ext':
      return a === b || (phoneNumberPart(a) === phoneNumberPart(b) && phoneExtensionPart(a) === phoneExtensionPart(b))
        ? { holds: true, how: phoneExtensionPart(a) ? 'same extension' : undefined } : no;
    case 'domain':
      return a === b ? { holds: true } : no;
    case 'date_typo':
      return isDateTypo(a, b) ? { holds: true, how: 'digits swapped' } : no;
    case 'date_year':
      return sameYear(a, b) ? { holds: true, how: 'same year' } : no;
    case 'token_set': {
      const similarity = tokenJaccard(a, b);
      return similarity >= (level.threshold ?? 1) ? { holds: true, how: `token overlap ${similarity.toFixed(2)}` } : no;
    }
    case 'else':
      return { holds: true };
  }
}
