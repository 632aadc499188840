import { doubleMetaphone } from 'double-metaphone';
import { distance } from 'fastest-levenshtein';

/**
 * Pure comparators: each takes two already-normalized values and answers how alike they are.
 * The matcher's levels (src/match/levels.ts) turn these answers into Fellegi-Sunter weights.
 */

// Which characters of each string jaro has matched. Reused from call to call: jaro runs for most
// compared pairs, and two new arrays per call were a good part of the scorer's garbage (jaro calls
// nothing that calls it back, so one pair of buffers is enough).
let matchedA = new Uint8Array(64);
let matchedB = new Uint8Array(64);

/** Jaro similarity in [0, 1]. */
export function jaro(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  const la = a.length;
  const lb = b.length;
  if (!la || !lb) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  if (matchedA.length < la) matchedA = new Uint8Array(la);
  if (matchedB.length < lb) matchedB = new Uint8Array(lb);
  for (let i = 0; i < la; i++) matchedA[i] = 0;
  for (let j = 0; j < lb; j++) matchedB[j] = 0;
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(lb - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (matchedB[j] || a.charCodeAt(i) !== b.charCodeAt(j)) continue;
      matchedA[i] = 1;
      matchedB[j] = 1;
      matches++;
      break;
    }
  }
  if (!matches) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (!matchedA[i]) continue;
    while (!matchedB[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
}

/** Jaro-Winkler similarity in [0, 1]: Jaro boosted by a common prefix of up to 4 characters. */
export function jaroWinkler(a: string, b: string, prefixScale = 0.1): number {
  const j = jaro(a, b);
  let prefix = 0;
  const max = Math.min(4, a.length, b.length);
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * prefixScale * (1 - j);
}

/** Edit distance (fastest-levenshtein). */
export function levenshtein(a: string, b: string): number {
  return distance(a, b);
}

/**
 * Edit distance where two neighbouring letters swapped count as one edit (gmial -> gmail): the
 * Levenshtein distance, except that a pair differing only by one such swap is at distance 1.
 */
export function slipDistance(a: string, b: string): number {
  const d = distance(a, b);
  if (d !== 2 || a.length !== b.length) return d;
  let i = 0;
  while (i < a.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2) ? 1 : d;
}

/** 1 - distance / longer length, in [0, 1]. */
export function levenshteinSimilarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer ? 1 - distance(a, b) / longer : 1;
}

/** Both Double Metaphone codes of a value (primary, alternate), upper case; empty for no letters. */
export function metaphoneCodes(value: string): string[] {
  const [primary, alternate] = doubleMetaphone(value);
  return primary === alternate ? [primary].filter(Boolean) : [primary, alternate].filter(Boolean);
}

/** make(key) once per key object (a matcher's target or comparison): it lives as long as the key. */
export function workedOutOnce<K extends object, V>(memo: WeakMap<K, V>, key: K, make: (key: K) => V): V {
  let value = memo.get(key);
  if (value === undefined) {
    value = make(key);
    memo.set(key, value);
  }
  return value;
}

/**
 * A bounded memo for the results of a pure function: the one kept for key, else made and kept.
 * The scorer's values repeat (a row's name is compared with every candidate's, similarities and
 * weights fall on few numbers); when the memo is full it starts again, keeping memory bounded.
 */
export function remembered<K, V>(memo: Map<K, V>, key: K, make: (key: K) => V, max = 20_000): V {
  let value = memo.get(key);
  if (value === undefined) {
    if (memo.size >= max) memo.clear();
    value = make(key);
    memo.set(key, value);
  }
  return value;
}

// Double Metaphone costs more than the rest of a comparison
const metaphoneMemo = new Map<string, string[]>();

/** Two names sound alike: any of their Double Metaphone codes agree. */
export function soundsAlike(a: string, b: string): boolean {
  const codesA = remembered(metaphoneMemo, a, metaphoneCodes);
  if (!codesA.length) return false;
  const codesB = remembered(metaphoneMemo, b, metaphoneCodes);
  return codesA.some((code) => codesB.includes(code));
}

/** American Soundex code (R163 for Robert), for blocking keys of generic files. */
export function soundex(value: string): string {
  const letters = value.toUpperCase().replace(/[^A-Z]/g, '');
  if (!letters) return '';
  const codes: Record<string, string> = {
    B: '1', F: '1', P: '1', V: '1', C: '2', G: '2', J: '2', K: '2', Q: '2', S: '2', X: '2', Z: '2',
    D: '3', T: '3', L: '4', M: '5', N: '5', R: '6',
  };
  let out = letters[0];
  let last = codes[letters[0]] ?? '';
  for (let i = 1; i < letters.length && out.length < 4; i++) {
    const char = letters[i];
    const code = codes[char] ?? '';
    if (code && code !== last) out += code;
    if (char !== 'H' && char !== 'W') last = code;
  }
  return out.padEnd(4, '0');
}

/**
 * One name is an initial of the other: "J" / "J." and "John". Two equal initials count too.
 */
export function isInitialOf(a: string, b: string): boolean {
  const x = withoutFinalDot(a);
  const y = withoutFinalDot(b);
  if (!x || !y) return false;
  if (x.length !== 1 && y.length !== 1) return false;
  return x[0] === y[0];
}

function withoutFinalDot(value: string): string {
  return value.endsWith('.') ? value.slice(0, -1) : value;
}

const tokenPattern = /[\p{L}\p{N}]+/gu;

export function tokens(value: string): string[] {
  return value.toLowerCase().match(tokenPattern) ?? [];
}

/**
 * Token similarity of two company name keys (legal suffixes already removed by the normalizer):
 * the share of the shorter name's tokens found in the longer one, where a token also counts when
 * it is within Jaro-Winkler 0.9 of a token of the other name ("intl" and "international" do not;
 * "technologies" and "technology" do). Token order does not matter.
 */
export function companyTokenSimilarity(a: string, b: string): number {
  const ta = [...new Set(tokens(a))];
  const tb = [...new Set(tokens(b))];
  if (!ta.length || !tb.length) return 0;
  const [shorter, longer] = ta.length <= tb.length ? [ta, tb] : [tb, ta];
  let score = 0;
  for (const token of shorter) {
    let best = 0;
    for (const other of longer) {
      const s = token === other ? 1 : jaroWinkler(token, other);
      if (s > best) best = s;
    }
    if (best >= 0.9) score += best;
  }
  // the longer name's extra tokens dilute the score a little ("acme" vs "acme rocket works")
  const coverage = score / shorter.length;
  const extra = longer.length - shorter.length;
  return coverage * (1 - Math.min(0.3, 0.1 * extra));
}

/** Initials of a name's tokens: "international business machines" -> "ibm". */
export function initials(value: string): string {
  return tokens(value).map((token) => token[0]).join('');
}

/**
 * One company name is the acronym of the other: "ibm" and "international business machines".
 * acronymA / acronymB are the normalizer's acronyms when known; initials are used otherwise.
 */
export function isAcronymOf(a: string, b: string, acronymA?: string, acronymB?: string): boolean {
  const ca = a.replace(/[^\p{L}\p{N}]/gu, '');
  const cb = b.replace(/[^\p{L}\p{N}]/gu, '');
  if (ca.length < 2 || cb.length < 2 || ca === cb) return false;
  const ia = acronymA || initials(a);
  const ib = acronymB || initials(b);
  return (tokens(a).length === 1 && ca === ib && ib.length >= 2) || (tokens(b).length === 1 && cb === ia && ia.length >= 2);
}

/** Token-set Jaccard similarity, for addresses and other multi-word fields. */
export function tokenJaccard(a: string, b: string): number {
  const ta = new Set(tokens(a));
  const tb = new Set(tokens(b));
  if (!ta.size || !tb.size) return 0;
  let common = 0;
  for (const token of ta) if (tb.has(token)) common++;
  return common / (ta.size + tb.size - common);
}

/** The E.164 number of a phone value written "+14155550100" or "+14155550100x12". */
export function phoneNumberPart(value: string): string {
  const at = value.indexOf('x');
  return at < 0 ? value : value.slice(0, at);
}

export function phoneExtensionPart(value: string): string {
  const at = value.indexOf('x');
  return at < 0 ? '' : value.slice(at + 1);
}

/** Digits of a date value: "1990-02-19", "19900219" -> "19900219"; other shapes are kept as digits. */
export function dateDigits(value: string): string {
  return value.replace(/\D/g, '');
}

/**
 * Two dates differ only by typing: two digits swapped (adjacent or not), or day and month swapped.
 * Both must be full YYYYMMDD dates.
 */
export function isDateTypo(a: string, b: string): boolean {
  const x = dateDigits(a);
  const y = dateDigits(b);
  if (x.length !== 8 || y.length !== 8 || x === y) return false;
  if (x.slice(0, 4) === y.slice(0, 4) && x.slice(4, 6) === y.slice(6, 8) && x.slice(6, 8) === y.slice(4, 6)) return true;
  const differing: number[] = [];
  for (let i = 0; i < 8; i++) if (x[i] !== y[i]) differing.push(i);
  if (differing.length === 2) {
    const [i, j] = differing;
    return x[i] === y[j] && x[j] === y[i];
  }
  return false;
}

export function sameYear(a: string, b: string): boolean {
  const x = dateDigits(a);
  const y = dateDigits(b);
  return x.length >= 4 && y.length >= 4 && x.slice(0, 4) === y.slice(0, 4);
}
