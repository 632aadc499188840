import {
  companyTokenSimilarity, isAcronymOf, isDateTypo, isInitialOf, jaroWinkler, levenshtein, levenshteinSimilarity,
  phoneExtensionPart, phoneNumberPart, remembered, sameYear, slipDistance, soundsAlike, tokenJaccard,
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

// The answers that carry no measure are shared: testLevel runs for every level of every pair.
const no: LevelTest = Object.freeze({ holds: false });
const yes: LevelTest = Object.freeze({ holds: true });
const nicknameTest: LevelTest = holdsAs('nickname');
const initialTest: LevelTest = holdsAs('initial');
const prefixTest: LevelTest = holdsAs('the start of the other');
const soundsAlikeTest: LevelTest = holdsAs('sounds alike');
const acronymTest: LevelTest = holdsAs('acronym');
const sameExtensionTest: LevelTest = holdsAs('same extension');
const digitsSwappedTest: LevelTest = holdsAs('digits swapped');
const sameYearTest: LevelTest = holdsAs('same year');

function holdsAs(how: string): LevelTest {
  return Object.freeze({ holds: true, how });
}

// Measured answers repeat too (identical cities: "Jaro-Winkler 1.00" for most pairs): one per measure and value.
const jaroWinklerTests = new Map<number, LevelTest>();
const editTests = new Map<number, LevelTest>();
const similarityTests = new Map<number, LevelTest>();
const nameTokenTests = new Map<number, LevelTest>();
const tokenOverlapTests = new Map<number, LevelTest>();
const jaroWinklerTest = (similarity: number) => holdsAs(`Jaro-Winkler ${similarity.toFixed(2)}`);
const editTest = (edits: number) => holdsAs(`${edits} edit${edits === 1 ? '' : 's'}`);
const similarityTest = (similarity: number) => holdsAs(`similarity ${similarity.toFixed(2)}`);
const nameTokenTest = (similarity: number) => holdsAs(`name tokens ${similarity.toFixed(2)}`);
const tokenOverlapTest = (similarity: number) => holdsAs(`token overlap ${similarity.toFixed(2)}`);

/** The shorter name, of at least 3 letters, is how the longer one starts (chris, christine). */
function isStartOf(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 3 && short.length < long.length && long.startsWith(short);
}

export function testLevel(level: Level, a: string, b: string, context: LevelContext): LevelTest {
  switch (level.kind) {
    case 'null':
      return no;
    case 'exact':
      return a === b ? yes : no;
    case 'jaro_winkler': {
      const similarity = jaroWinkler(a, b);
      return similarity >= (level.threshold ?? 1) ? remembered(jaroWinklerTests, similarity, jaroWinklerTest) : no;
    }
    case 'levenshtein': {
      if (level.distance !== undefined) {
        const d = level.transpositions ? slipDistance(a, b) : levenshtein(a, b);
        return d <= level.distance ? remembered(editTests, d, editTest) : no;
      }
      const similarity = levenshteinSimilarity(a, b);
      return similarity >= (level.threshold ?? 1) ? remembered(similarityTests, similarity, similarityTest) : no;
    }
    case 'nickname': {
      if (a === b) return yes;
      return context.firstNamesCompatible(a, b) ? nicknameTest : no;
    }
    case 'initial':
      return isInitialOf(a, b) ? initialTest : no;
    case 'prefix':
      return isStartOf(a, b) ? prefixTest : no;
    case 'metaphone':
      return a === b || soundsAlike(a, b) ? soundsAlikeTest : no;
    case 'company_tokens': {
      const similarity = a === b ? 1 : companyTokenSimilarity(a, b);
      return similarity >= (level.threshold ?? 1) ? remembered(nameTokenTests, similarity, nameTokenTest) : no;
    }
    case 'acronym':
      return isAcronymOf(a, b) ? acronymTest : no;
    case 'phone':
      return phoneNumberPart(a) === phoneNumberPart(b) ? yes : no;
    case 'phone_ext':
      return a === b || (phoneNumberPart(a) === phoneNumberPart(b) && phoneExtensionPart(a) === phoneExtensionPart(b))
        ? (phoneExtensionPart(a) ? sameExtensionTest : yes) : no;
    case 'domain':
      return a === b ? yes : no;
    case 'date_typo':
      return isDateTypo(a, b) ? digitsSwappedTest : no;
    case 'date_year':
      return sameYear(a, b) ? sameYearTest : no;
    case 'token_set': {
      const similarity = tokenJaccard(a, b);
      return similarity >= (level.threshold ?? 1) ? remembered(tokenOverlapTests, similarity, tokenOverlapTest) : no;
    }
    case 'else':
      return yes;
  }
}
