import type { Rng } from './random.js';
import type { PhoneDigits } from './crm-records.js';
import { nicknames } from './vocabulary.js';

/**
 * How a person's data drifts between the CRM and a badge scan, in ways a careful human still
 * reads as the same person. Pure functions of their inputs and the record's Rng.
 */

const formalOf = new Map(Object.entries(nicknames).map(([formal, nick]) => [nick, formal]));

/** Robert -> Bob, Bob -> Robert; undefined when the name has no common nickname */
export function nicknameOf(firstName: string): string | undefined {
  return nicknames[firstName] ?? formalOf.get(firstName);
}

/** A phone as people type it: (415) 555-0132, 415-555-0132, 415.555.0132, +1 415 555 0132... */
export function formatPhone(digits: PhoneDigits, rng: Rng): string {
  if (!digits) return '';
  const [a, b, c] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)];
  switch (rng.int(7)) {
    case 0: return `(${a}) ${b}-${c}`;
    case 1: return `${a}-${b}-${c}`;
    case 2: return `${a}.${b}.${c}`;
    case 3: return `+1 ${a} ${b} ${c}`;
    case 4: return `${a}${b}${c}`;
    case 5: return `1-${a}-${b}-${c}`;
    default: return `+1 (${a}) ${b}-${c}`;
  }
}

/** The company name as written on a badge: legal suffix swapped, dropped or added, sometimes upper case. */
export function companyVariant(baseName: string, suffix: string, rng: Rng): string {
  const x = rng.int(6);
  const swapped = x === 0 ? baseName
    : x === 1 ? `${baseName} ${suffix === 'Inc' || suffix === 'Inc.' ? 'Corp' : 'Inc'}`
      : x === 2 ? `${baseName}, Inc.`
        : x === 3 ? `${baseName} ${suffix === 'LLC' ? 'Inc' : 'LLC'}`
          : suffix ? `${baseName} ${suffix}` : baseName;
  return rng.chance(0.1) ? swapped.toUpperCase() : swapped;
}

/** Case as badge printers and typists produce it: as is, UPPER, lower. */
export function caseVariant(value: string, rng: Rng): string {
  const x = rng.int(8);
  return x === 0 ? value.toUpperCase() : x === 1 ? value.toLowerCase() : value;
}

/** Email as typed: same address, any case (the match key is lower case). */
export function emailCaseVariant(email: string, rng: Rng): string {
  const x = rng.int(3);
  if (x === 0) return email.toUpperCase();
  if (x === 1) {
    const [local, domain] = email.split('@');
    return `${local.charAt(0).toUpperCase()}${local.slice(1)}@${domain.charAt(0).toUpperCase()}${domain.slice(1)}`;
  }
  return email;
}

/** Gmail ignores dots and +tags in the local part: the same mailbox written differently. */
export function gmailVariant(email: string, rng: Rng): string {
  const [local, domain] = email.split('@');
  if (domain !== 'gmail.com') return email;
  return rng.chance(0.5) ? `${local.replace(/\./g, '')}@${domain}` : `${local}+expo@${domain}`;
}

const keyboardNeighbors: Record<string, string> = {
  a: 'sq', b: 'vn', c: 'xv', d: 'sf', e: 'wr', f: 'dg', g: 'fh', h: 'gj', i: 'uo', j: 'hk', k: 'jl', l: 'k',
  m: 'n', n: 'bm', o: 'ip', p: 'o', q: 'w', r: 'et', s: 'ad', t: 'ry', u: 'yi', v: 'cb', w: 'qe', x: 'zc', y: 'tu', z: 'x',
};

/**
 * One typing slip in a name (first letter kept): a neighbouring key, two letters swapped, a letter
 * dropped or doubled. Names shorter than 5 letters are left as they are.
 */
export function typo(name: string, rng: Rng): string {
  if (name.length < 5) return name;
  for (let attempt = 0; attempt < 8; attempt++) {
    const at = 1 + rng.int(name.length - 1);
    const ch = name[at];
    let result = name;
    switch (rng.int(4)) {
      case 0: {
        const options = keyboardNeighbors[ch.toLowerCase()];
        if (options) result = name.slice(0, at) + options[rng.int(options.length)] + name.slice(at + 1);
        break;
      }
      case 1:
        if (at < name.length - 1) result = name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2);
        break;
      case 2: result = name.slice(0, at) + name.slice(at + 1); break;
      default: result = name.slice(0, at + 1) + ch.toLowerCase() + name.slice(at + 1);
    }
    if (result !== name) return result;
  }
  return name;
}

const countryWords = ['US', 'USA', 'United States', 'United States of America', 'U.S.', ''];
export function countryVariant(rng: Rng): string {
  return rng.pick(countryWords);
}

const ratings = ['Hot', 'Warm', 'Cold', 'A', 'B', 'C', 'hot', 'warm', ''];
export function ratingVariant(rng: Rng): string {
  return rng.pick(ratings);
}
