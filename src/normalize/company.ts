import { cleanText, foldAccents, memoize } from './text.js';

/** Legal-form words dropped from the end of a company name (after dots are removed: S.A. -> sa). */
const legalSuffixes = new Set([
  'inc', 'incorporated', 'corp', 'corporation', 'llc', 'lllp', 'llp', 'lp', 'ltd', 'limited', 'co', 'company', 'cos',
  'plc', 'gmbh', 'ag', 'kg', 'kgaa', 'ug', 'mbh', 'ohg', 'ev', 'sa', 'sas', 'sarl', 'sarl', 'spa', 'srl', 'sl', 'sau', 'bv', 'nv',
  'pty', 'pte', 'pvt', 'private', 'oy', 'oyj', 'ab', 'as', 'asa', 'aps', 'kk', 'sdn', 'bhd', 'ltda', 'sac', 'cv', 'de',
  'pc', 'pllc', 'lc', 'na', 'se', 'doo', 'zrt', 'kft', 'sp', 'zoo', 'kft', 'ooo', 'zao', 'oao', 'pjsc', 'jsc', 'tbk',
]);
/**
 * Words a company is named with or without ("Acme Group" for Acme Inc.): dropped from the end of
 * the key like a legal form, as long as something else is left.
 */
const droppedTrailingWords = new Set(['group']);
/** Words that may only be dropped when a legal form follows them: "Acme Pty Ltd", "Foo S.A. de C.V.". */
const connectorWords = new Set(['and', 'the', 'of', 'y', 'et', 'und', '&']);
const acronymStopWords = new Set(['and', 'of', 'the', 'for', 'a', 'an', 'in', 'on', 'at', 'to', '&', 'de', 'la', 'le', 'du', 'des', 'und', 'et', 'y']);

/** Lower-case words of a company name with dots joined (S.A. -> sa) and other punctuation as spaces. */
function companyTokens(name: string): string[] {
  const text = foldAccents(cleanText(name)).toLowerCase()
    .replace(/(\p{L})\.(?=\p{L}\b|\p{L}\.)/gu, '$1')
    .replace(/\./g, ' ')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return text ? text.split(' ') : [];
}

/** Words of the name without a leading "the", "and" and trailing legal forms (kept when nothing else is left). */
function coreTokens(name: string): string[] {
  const tokens = companyTokens(name);
  let end = tokens.length;
  while (end > 1 && (legalSuffixes.has(tokens[end - 1]) || droppedTrailingWords.has(tokens[end - 1]) || (connectorWords.has(tokens[end - 1]) && end < tokens.length))) end--;
  // "Foo S.A. de C.V." leaves "foo sa de" -> strip again
  while (end > 1 && (legalSuffixes.has(tokens[end - 1]) || tokens[end - 1] === 'and')) end--;
  let start = 0;
  if (end - start > 1 && tokens[0] === 'the') start = 1;
  return tokens.slice(start, end).filter((t) => t !== 'and');
}

/**
 * The company match key: "The Acme Co., Inc." -> "acme", "Johnson & Johnson" -> "johnson johnson",
 * "Müller GmbH" -> "muller". Empty for an empty name.
 */
export const companyKey = memoize((name: string): string => coreTokens(name).join(' '));

/**
 * The initials of the company name: "International Business Machines Corp." -> "ibm". A single word in
 * capitals is its own acronym ("IBM" -> "ibm") so that both spellings meet; otherwise undefined for one word.
 */
export const companyAcronym = memoize((name: string): string | undefined => {
  const tokens = coreTokens(name).filter((t) => !acronymStopWords.has(t));
  if (tokens.length >= 2) return tokens.map((t) => t[0]).join('');
  // one word written in capitals (IBM, SAP, H.P.) is taken as an acronym already
  if (tokens.length === 1 && tokens[0].length >= 2 && tokens[0].length <= 6) {
    const raw = cleanText(name);
    // trusted only when the rest of the name is not in capitals too (ACME CORPORATION is just shouting)
    const written = /^[A-Z][A-Z.&]*[A-Z]\b/.exec(raw);
    if (written && (/[a-z]/.test(raw) || raw.replace(/[^A-Za-z]/g, '').length === written[0].replace(/[^A-Za-z]/g, '').length)) return tokens[0];
  }
  return undefined;
});

/** The name as written, trimmed and spaced; ALL-CAPS or all-lower names are not re-cased (acronyms abound). */
export function cleanCompanyName(name: string | undefined | null): string {
  return cleanText(name);
}
