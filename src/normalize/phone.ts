import { PhoneNumber as CorePhoneNumber } from 'libphonenumber-js/core';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/max/metadata';
import { cleanText } from './text.js';

/** A phone number normalized to E.164, and how sure we are of it. */
export interface NormalizedPhone {
  /** as given, cleaned of surrounding space */
  input: string;
  /** +15555550123 when the number could be parsed and is at least possible */
  e164?: string;
  ext?: string;
  /** ISO country the number belongs to */
  country?: string;
  /** a real number by the numbering plan (length and prefixes) */
  valid: boolean;
  /** the right length for its country but not a known range */
  possible: boolean;
}

const phoneNoise = /^(?:tel|phone|ph|t|p|m|mobile|cell|work|direct|office)\s*[:.]?\s*/i;
const extensionPattern = /\s*(?:ext\.?|extension|x|#)\s*(\d{1,6})\s*$/i;

/**
 * Parses a phone number with libphonenumber-js (full metadata, for reliable validity):
 * "(555) 010-0123 x45" with default country US -> +15550100123, ext 45. Numbers written with a +
 * or 00 prefix keep their own country. Returns undefined for an empty value or one without digits.
 */
export function normalizePhone(raw: string | undefined | null, defaultCountry = 'US'): NormalizedPhone | undefined {
  let text = cleanText(raw);
  if (!text) return undefined;
  const input = text;
  // Excel turns long numbers into 1.55512E+10; such a value has lost digits and cannot be trusted.
  if (/^\d(?:\.\d+)?e\+\d+$/i.test(text)) return { input, valid: false, possible: false };
  text = text.replace(phoneNoise, '');
  let ext: string | undefined;
  const extMatch = extensionPattern.exec(text);
  if (extMatch && extMatch.index > 0) {
    ext = extMatch[1];
    text = text.slice(0, extMatch.index);
  }
  if (!/\d/.test(text)) return { input, valid: false, possible: false, ext };
  if (text.startsWith('00')) text = '+' + text.slice(2);
  const country = (/^[A-Z]{2}$/.test(defaultCountry) ? defaultCountry : 'US') as CountryCode;
  const fast = parseNanp(text, country);
  if (fast) {
    if (ext) fast.ext = ext;
    fast.input = input;
    return fast;
  }
  const result = parseWithLibphonenumber(input, text, country, ext);
  rememberAreaCode(result);
  return result;
}

/** The full libphonenumber-js parse (also used to check the NANP fast path in tests). */
export function parseWithLibphonenumber(input: string, text: string, country: CountryCode, ext?: string): NormalizedPhone {
  let parsed;
  try {
    parsed = parsePhoneNumberFromString(text, { defaultCountry: country });
  } catch {
    parsed = undefined;
  }
  if (!parsed) return { input, valid: false, possible: false, ext };
  const possible = parsed.isPossible();
  const valid = possible && parsed.isValid();
  const result: NormalizedPhone = { input, valid, possible, ext: ext ?? parsed.ext ?? undefined, country: parsed.country };
  if (possible) result.e164 = parsed.number;
  return result;
}

/** The kind of a valid number (mobile, fixed_line, toll_free...); separate because it costs a scan of every number type. */
export function phoneNumberType(e164: string): string | undefined {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed?.getType()?.toLowerCase();
}

// --- NANP fast path -------------------------------------------------------------------------------
// For +1 numbers libphonenumber-js finds the country by testing the number against the US's, then
// Canada's, then each Caribbean plan's type patterns (~15 us a number). In the North American Numbering
// Plan the area code decides the country; we remember which country libphonenumber-js gave a valid
// number of each area code, and validate later numbers of that area code against that country once.
// Anything else (unknown area code, a number invalid there) takes the full parse.

const nanpDefaults = new Set(['US', 'CA']);
const nanpShape = /^\+?[\d\s().\-/]+$/;
const regionByAreaCode = new Map<string, string>();

function rememberAreaCode(result: NormalizedPhone): void {
  const e164 = result.e164;
  if (result.valid && result.country && e164 && e164.length === 12 && e164.startsWith('+1')) {
    const areaCode = e164.slice(2, 5);
    if (!regionByAreaCode.has(areaCode)) regionByAreaCode.set(areaCode, result.country);
  }
}

/** The ten national digits of a plainly written +1 number (or a 10-digit one with a US/CA default). */
function nanpNationalNumber(text: string, defaultCountry: string): string | undefined {
  if (!nanpShape.test(text)) return undefined;
  const plus = text.charCodeAt(0) === 43;
  if (plus && text.indexOf('+', 1) !== -1) return undefined;
  const digits = text.replace(/\D/g, '');
  let national: string;
  if (plus) {
    if (digits.length !== 11 || digits.charCodeAt(0) !== 49) return undefined;
    national = digits.slice(1);
  } else {
    if (!nanpDefaults.has(defaultCountry)) return undefined;
    if (digits.length === 10) national = digits;
    else if (digits.length === 11 && digits.charCodeAt(0) === 49) national = digits.slice(1);
    else return undefined;
  }
  // area codes and exchanges never start with 0 or 1: leave such numbers to the full parser
  if (national.charCodeAt(0) < 50 || national.charCodeAt(3) < 50) return undefined;
  return national;
}

function parseNanp(text: string, defaultCountry: string): NormalizedPhone | undefined {
  const national = nanpNationalNumber(text, defaultCountry);
  if (!national) return undefined;
  const region = regionByAreaCode.get(national.slice(0, 3));
  if (!region) return undefined;
  const phone = new (CorePhoneNumber as any)(region, national, metadata) as CorePhoneNumber;
  if (!phone.isValid()) return undefined;
  return { input: text, e164: `+1${national}`, valid: true, possible: true, country: region };
}
