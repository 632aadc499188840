import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
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
  /** mobile, fixed_line, toll_free... when known */
  type?: string;
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
  if (valid) {
    const type = parsed.getType();
    if (type) result.type = type.toLowerCase();
  }
  return result;
}
