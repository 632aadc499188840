/** Small text helpers shared by the normalizers: accent folding, whitespace, match keys. */

import anyAscii from 'any-ascii';

const specialFolds: Record<string, string> = {
  'ß': 'ss', 'ẞ': 'SS', 'æ': 'ae', 'Æ': 'AE', 'œ': 'oe', 'Œ': 'OE', 'ø': 'o', 'Ø': 'O',
  'ł': 'l', 'Ł': 'L', 'đ': 'd', 'Đ': 'D', 'ð': 'd', 'Ð': 'D', 'þ': 'th', 'Þ': 'TH', 'ı': 'i',
};
const specialFoldPattern = /[ßẞæÆœŒøØłŁđĐðÐþÞı]/g;
const combiningMarks = /[\u0300-\u036f]/g;
// eslint-disable-next-line no-control-regex
const asciiOnly = /^[\x00-\x7f]*$/;

/**
 * "Müller" -> "Muller", "Straße" -> "Strasse"; ASCII input is returned as is (fast path). Letters of
 * other scripts are transliterated ("Петров" -> "Petrov", "吴" -> "Wu", "Παπαδόπουλος" -> "Papadopoylos"):
 * without that, keys made of a-z letters only are empty for such names and the matcher never meets
 * them again. Transliteration is a key, not a spelling: two writings of one name in different scripts
 * may still differ.
 */
export function foldAccents(text: string): string {
  if (asciiOnly.test(text)) return text;
  const folded = text.normalize('NFD').replace(combiningMarks, '').replace(specialFoldPattern, (c) => specialFolds[c] ?? c);
  return asciiOnly.test(folded) ? folded : transliterate(folded);
}

const transliterate = memoize((text: string): string => anyAscii(text));

const oddSpace = /[\t\n\r\v\f\u00a0\u1680\u200b\ufeff\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** Trims, turns non-breaking and other odd spaces into plain ones, and collapses runs of whitespace. */
export function cleanText(value: string | undefined | null): string {
  if (value == null) return '';
  let text = String(value);
  if (text.length === 0) return '';
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  if (first > 32 && last > 32 && first !== 160 && last !== 160 && text.indexOf('  ') === -1 && !oddSpace.test(text)) return text;
  return text.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
}

/** Letters and digits only, accent-folded and lower-cased: "O'Brien-Smith" -> "obriensmith". */
export function letterKey(text: string): string {
  return foldAccents(text).toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** A bounded memo for pure one-argument functions over repetitive values (countries, domains, companies). */
export function memoize<R>(fn: (key: string) => R, limit = 50_000): (key: string) => R {
  let cache = new Map<string, R>();
  return (key: string) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as R;
    const value = fn(key);
    if (cache.size >= limit) cache = new Map();
    cache.set(key, value);
    return value;
  };
}

/** True when the text has letters and none of them is lower-case (or none upper-case). */
export function isSingleCase(text: string): boolean {
  return text === text.toUpperCase() || text === text.toLowerCase();
}
