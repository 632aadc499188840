import { doubleMetaphone } from 'double-metaphone';
import { cleanText, foldAccents, isSingleCase, letterKey, memoize } from './text.js';

/** A person's name in parts, for display. */
export interface PersonNameParts {
  salutation?: string;
  firstName?: string;
  middleName?: string;
  lastName?: string;
  suffix?: string;
  /** a nickname given in quotes or parentheses: Robert "Bob" Smith */
  nickname?: string;
}

const salutations = new Map<string, string>([
  ['mr', 'Mr.'], ['mister', 'Mr.'], ['mrs', 'Mrs.'], ['ms', 'Ms.'], ['miss', 'Miss'], ['mx', 'Mx.'],
  ['dr', 'Dr.'], ['doctor', 'Dr.'], ['prof', 'Prof.'], ['professor', 'Prof.'], ['sir', 'Sir'], ['dame', 'Dame'],
  ['rev', 'Rev.'], ['reverend', 'Rev.'], ['fr', 'Fr.'], ['hon', 'Hon.'], ['herr', 'Herr'], ['frau', 'Frau'],
  ['mme', 'Mme'], ['mlle', 'Mlle'], ['m', 'M.'], ['sr', 'Sr.'], ['sra', 'Sra.'], ['srta', 'Srta.'],
]);
// "m" and "sr" are salutations only in front of a name (M. Dupont, Sr. Garcia); see isSalutation.
const ambiguousSalutations = new Set(['m', 'sr']);

const suffixes = new Map<string, string>([
  ['jr', 'Jr.'], ['junior', 'Jr.'], ['sr', 'Sr.'], ['senior', 'Sr.'], ['ii', 'II'], ['iii', 'III'], ['iv', 'IV'],
  ['phd', 'PhD'], ['md', 'MD'], ['dds', 'DDS'], ['dmd', 'DMD'], ['do', 'DO'], ['esq', 'Esq.'], ['cpa', 'CPA'], ['mba', 'MBA'],
  ['jd', 'JD'], ['rn', 'RN'], ['dvm', 'DVM'], ['pe', 'PE'], ['cfa', 'CFA'], ['pmp', 'PMP'], ['msc', 'MSc'], ['bsc', 'BSc'],
  ['ma', 'MA'], ['ba', 'BA'], ['obe', 'OBE'], ['mbe', 'MBE'], ['cbe', 'CBE'], ['frcs', 'FRCS'], ['np', 'NP'], ['pa', 'PA'],
  ['lcsw', 'LCSW'], ['cissp', 'CISSP'], ['shrm', 'SHRM'], ['aia', 'AIA'], ['faia', 'FAIA'], ['edd', 'EdD'], ['psyd', 'PsyD'],
]);
// Two-letter degrees that are also ordinary name parts are suffixes only after a comma or a first suffix.
const weakSuffixes = new Set(['do', 'ma', 'ba', 'pa', 'pe', 'np']);

/** Lower-case name particles that belong to the last name: Ludwig van Beethoven, Charles de Gaulle. */
const particles = new Set([
  'van', 'von', 'der', 'den', 'de', 'del', 'della', 'dela', 'da', 'das', 'do', 'dos', 'di', 'du', 'la', 'le',
  'ten', 'ter', 'st', 'ste', 'saint', 'bin', 'binti', 'ibn', 'al', 'el', 'y', 'zu', 'vom', 'op',
]);
/** Particles that keep their lower case inside a proper-cased name. */
const lowerParticles = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'da', 'das', 'dos', 'di', 'du', 'la', 'le', 'ten', 'ter', 'bin', 'binti', 'ibn', 'y', 'zu', 'vom', 'op']);
/** Common Mac surnames; "Mac" is not a safe general prefix (Mack, Macy, Machado). */
const macNames = new Set([
  'macdonald', 'macleod', 'mackenzie', 'mackintosh', 'macintosh', 'macmillan', 'macarthur', 'macgregor', 'macneil',
  'maclean', 'macaulay', 'mackay', 'macdougall', 'macfarlane', 'macintyre', 'mackinnon', 'maclachlan', 'macpherson',
  'macrae', 'macdonell', 'macgillivray', 'macmahon', 'macnamara', 'macbride', 'maccarthy', 'macaskill', 'maclennan',
]);

function tokenKey(token: string): string {
  return token.toLowerCase().replace(/\./g, '');
}

function isSalutation(token: string): boolean {
  return salutations.has(tokenKey(token));
}

function isSuffix(token: string, strong: boolean): boolean {
  const key = tokenKey(token);
  if (!suffixes.has(key)) return false;
  if (!strong && (weakSuffixes.has(key))) return false;
  return true;
}

function capitalizeWord(word: string): string {
  if (!word) return word;
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/** Proper case for one name token: McDONALD -> McDonald, o'brien -> O'Brien, SMITH-JONES -> Smith-Jones. */
function properCaseToken(token: string, position: 'first' | 'inner'): string {
  const lower = token.toLowerCase();
  if (position === 'inner' && lowerParticles.has(lower)) return lower;
  return lower
    .split('-')
    .map((part) => {
      if (!part) return part;
      const apostrophe = part.search(/['’]/);
      if (apostrophe === 1 && part.length > 2) {
        // O'Brien, D'Angelo
        return part.charAt(0).toUpperCase() + part.charAt(1) + capitalizeWord(part.slice(2));
      }
      if (part.startsWith('mc') && part.length > 3) return 'Mc' + capitalizeWord(part.slice(2));
      const folded = foldAccents(part);
      if (macNames.has(folded)) return 'Mac' + capitalizeWord(part.slice(3));
      return capitalizeWord(part);
    })
    .join('-');
}

/**
 * Proper-cases a name only when it arrived in one case (ALL CAPS or all lower); mixed case is taken as
 * the person wrote it (DeSantis, McKenzie, van Dyke).
 */
export function properCaseName(name: string): string {
  const text = cleanText(name);
  if (!text || !isSingleCase(text)) return text;
  return text
    .split(' ')
    .map((token, i) => {
      if (/^[a-z]\.?$/i.test(token)) return token.toUpperCase();
      return properCaseToken(token, i === 0 ? 'first' : 'inner');
    })
    .join(' ');
}

/** "phd" -> "PhD", "jr" -> "Jr.", "iii" -> "III"; unknown suffixes are kept as written. */
export function normalizeSuffix(suffix: string): string {
  return suffix
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((part) => suffixes.get(tokenKey(part)) ?? part)
    .join(', ');
}

export function normalizeSalutation(salutation: string): string {
  const key = tokenKey(cleanText(salutation));
  return salutations.get(key) ?? cleanText(salutation);
}

/**
 * Splits a full name into parts: "Dr. Jane Q. van der Berg-Smith, PhD", "SMITH, JOHN A JR", "Robert 'Bob' Smith".
 * One word is taken as a first name. The last name takes the particles in front of it (van, de, von...).
 * Parts are proper-cased when the name came in one case.
 */
export function splitPersonName(fullName: string): PersonNameParts {
  let text = cleanText(fullName);
  const parts: PersonNameParts = {};
  if (!text) return parts;

  // A nickname in quotes or parentheses: Robert "Bob" Smith, Robert (Bob) Smith.
  const nick = /["“”(]([^"“”()]{1,30})["“”)]/.exec(text);
  if (nick) {
    const nickname = cleanText(nick[1]);
    if (nickname) parts.nickname = properCaseName(nickname);
    text = cleanText(text.slice(0, nick.index) + ' ' + text.slice(nick.index + nick[0].length));
  }

  const suffixList: string[] = [];
  let lastFromComma: string | undefined;
  if (text.includes(',')) {
    const pieces = text.split(',').map((p) => p.trim()).filter(Boolean);
    // trailing pieces made only of suffixes: "John Smith, Jr., PhD"
    while (pieces.length > 1 && pieces[pieces.length - 1].split(' ').every((t) => isSuffix(t, true))) {
      suffixList.unshift(...pieces.pop()!.split(' '));
    }
    if (pieces.length >= 2) {
      // "Last, First Middle"
      lastFromComma = pieces[0];
      text = pieces.slice(1).join(' ');
    } else {
      text = pieces[0] ?? '';
    }
  }

  let tokens = text.split(' ').filter((t) => t && !/^[.,;:]+$/.test(t));
  // salutations in front (several: "Prof. Dr.")
  const salutationList: string[] = [];
  while (tokens.length > 1 && isSalutation(tokens[0]) && !(ambiguousSalutations.has(tokenKey(tokens[0])) && tokens.length < 2)) {
    salutationList.push(tokens.shift()!);
  }
  if (lastFromComma === undefined && tokens.length === 1 && salutationList.length && isSalutation(tokens[0])) {
    salutationList.push(tokens.shift()!);
  }
  // suffixes at the end; the weak two-letter degrees only after another suffix
  while (tokens.length > 1 || (lastFromComma !== undefined && tokens.length > 0)) {
    const last = tokens[tokens.length - 1];
    const strong = suffixList.length > 0;
    if (isSuffix(last, strong) && !(tokenKey(last) === 'sr' && tokens.length === 1)) {
      suffixList.unshift(tokens.pop()!.replace(/,$/, ''));
    } else break;
  }
  tokens = tokens.map((t) => t.replace(/,$/, ''));

  if (lastFromComma !== undefined) {
    // last name may carry its own suffix: "Smith Jr., John"
    const lastTokens = lastFromComma.split(' ');
    while (lastTokens.length > 1 && isSuffix(lastTokens[lastTokens.length - 1], true)) suffixList.unshift(lastTokens.pop()!);
    parts.lastName = lastTokens.join(' ');
    if (tokens.length) parts.firstName = tokens[0];
    if (tokens.length > 1) parts.middleName = tokens.slice(1).join(' ');
  } else if (tokens.length === 1) {
    parts.firstName = tokens[0];
  } else if (tokens.length > 1) {
    let lastStart = tokens.length - 1;
    while (lastStart > 1 && particles.has(tokens[lastStart - 1].toLowerCase())) lastStart--;
    parts.firstName = tokens[0];
    parts.lastName = tokens.slice(lastStart).join(' ');
    if (lastStart > 1) parts.middleName = tokens.slice(1, lastStart).join(' ');
  }

  if (salutationList.length) parts.salutation = salutationList.map(normalizeSalutation).join(' ');
  if (suffixList.length) parts.suffix = suffixList.map((s) => normalizeSuffix(s)).join(', ');
  if (parts.firstName) parts.firstName = properCaseName(parts.firstName);
  if (parts.middleName) parts.middleName = properCaseName(parts.middleName);
  if (parts.lastName) parts.lastName = properCaseLastName(parts.lastName);
  return parts;
}

/** Proper case for a last name whose particles stay lower-case even in first position: van der Berg. */
export function properCaseLastName(lastName: string): string {
  const text = cleanText(lastName);
  if (!text || !isSingleCase(text)) return text;
  return text
    .split(' ')
    .map((token, i, all) => properCaseToken(token, i < all.length - 1 ? 'inner' : 'first'))
    .join(' ');
}

/** Accent-folded, lower-case letters only: "O'Brien" -> "obrien", "van der Berg" -> "vanderberg". */
export function nameKey(name: string | undefined): string {
  return name ? letterKey(name) : '';
}

/** Double Metaphone primary code of a name ("Smith" and "Smyth" -> "SM0"). */
export function nameMetaphone(name: string | undefined): string {
  const key = nameKey(name);
  if (!key) return '';
  return metaphoneOfKey(key);
}

const metaphoneOfKey = memoize((key: string): string => doubleMetaphone(key)[0]);
