import { UserError } from '../errors.js';
import { metaphoneCodes, soundex } from './comparators.js';

/**
 * Transforms of a file's column, written after its name in a matcher's blocking keys and
 * comparison fields: "surname:metaphone", "Phone:digits", "Street:address", "SKU:code".
 * Several apply left to right ("name:sorted_tokens:prefix3"). Values reach them trimmed and
 * lower-cased.
 */

/** Street words and their abbreviations, both spelled one way: St = Street, Ave = Avenue, E = East. */
const addressWords: Record<string, string> = {
  st: 'street', str: 'street', ave: 'avenue', av: 'avenue', rd: 'road', dr: 'drive', blvd: 'boulevard',
  ln: 'lane', ct: 'court', pl: 'place', sq: 'square', ter: 'terrace', pkwy: 'parkway', hwy: 'highway',
  cres: 'crescent', cl: 'close', cct: 'circuit', pde: 'parade', hts: 'heights', mt: 'mount', ft: 'fort',
  e: 'east', w: 'west', n: 'north', s: 'south', ne: 'northeast', nw: 'northwest', se: 'southeast', sw: 'southwest',
  apt: 'apartment', ste: 'suite', fl: 'floor', bldg: 'building',
};

function addressForm(value: string): string {
  return (value.match(/[\p{L}\p{N}]+/gu) ?? []).map((word) => addressWords[word] ?? word).join(' ');
}

export const fieldTransforms: Record<string, (value: string) => string> = {
  /** Double Metaphone code of the value: Smith ~ Smyth */
  metaphone: (v) => metaphoneCodes(v)[0] ?? '',
  /** American Soundex: Robert ~ Rupert */
  soundex: (v) => soundex(v),
  first_letter: (v) => v.slice(0, 1),
  prefix3: (v) => (v.length >= 3 ? v.slice(0, 3) : ''),
  /** the first four digits of a date */
  year: (v) => v.replace(/\D/g, '').slice(0, 4),
  /** the digits only: "+61 (2) 9555-0100" -> "61295550100" */
  digits: (v) => v.replace(/\D/g, ''),
  /** the words in alphabetical order: "Smith John" = "John Smith" */
  sorted_tokens: (v) => v.split(/\s+/).filter(Boolean).sort().join(' '),
  /** an address with its abbreviations spelled out and punctuation dropped: "12 E. Main St" = "12 East Main Street" */
  address: addressForm,
  /** a product or part code without punctuation or spaces: "KX-TG8232B" = "KXTG8232B" */
  code: (v) => v.replace(/[^\p{L}\p{N}]/gu, ''),
};

/** Transforms that compare how letters sound: meaningless on a value made of digits. */
const phonetic = new Set(['metaphone', 'soundex']);

export interface FieldSpec {
  /** as written in the matcher: "Phone:digits" */
  spec: string;
  column: string;
  transforms: string[];
}

/** "Street:address" -> column Street, transforms [address]; unknown transforms are a configuration error. */
export function parseFieldSpec(spec: string, where: string): FieldSpec {
  const [column, ...transforms] = spec.split(':');
  for (const [index, name] of transforms.entries()) {
    if (!fieldTransforms[name]) throw new UserError(`${where}: unknown transform "${name}" in "${spec}" (known: ${Object.keys(fieldTransforms).join(', ')})`);
    if (phonetic.has(name) && transforms.slice(0, index).includes('digits')) {
      throw new UserError(`${where}: "${spec}": ${name} compares the sound of letters and ${column}:digits has none; use "${column}:digits" alone`);
    }
  }
  return { spec, column, transforms };
}

/** The transformed value; empty when the value, or what a transform leaves of it, is empty. */
export function applyTransforms(field: FieldSpec, raw: string): string {
  let value = raw;
  for (const name of field.transforms) {
    if (!value) return '';
    value = fieldTransforms[name](value);
  }
  return value;
}

/**
 * A phonetic transform on a column of numbers (phones, ids, postcodes) makes every value's key
 * empty or equal: refused, naming the column and one of its values. A column counts as numbers
 * when at least nine in ten of its sampled values have no letter.
 */
export function checkPhoneticOnDigits(field: FieldSpec, values: Iterable<string>, where: string): void {
  const name = field.transforms.find((t) => phonetic.has(t));
  if (!name) return;
  let seen = 0;
  let withoutLetters = 0;
  let example = '';
  for (const value of values) {
    if (!value) continue;
    seen++;
    if (!/\p{L}/u.test(value)) {
      withoutLetters++;
      example ||= value;
    }
    if (seen >= 1000) break;
  }
  if (seen && withoutLetters / seen >= 0.9) {
    throw new UserError(`${where}: "${field.spec}": column ${field.column} holds numbers (such as "${example}"), and ${name} compares the sound of letters; use "${field.column}" or "${field.column}:digits"`);
  }
}
