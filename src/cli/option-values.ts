import { UserError } from '../errors.js';

/**
 * Option values checked where they are typed, so a mistyped value ends in one line naming the
 * option instead of reaching SQL ("invalid input syntax for type bigint"). Used as yargs coerce
 * functions: yargs passes the raw text when the option is declared type string.
 */
export function wholeNumber(option: string, min = 0): (value: unknown) => number | undefined {
  return (value) => {
    if (value === undefined) return undefined;
    const text = String(Array.isArray(value) ? value[value.length - 1] : value).trim();
    if (!/^\d+$/.test(text.replace(/[,_]/g, '')) || Number(text.replace(/[,_]/g, '')) < min) {
      throw new UserError(`--${option}: "${text}" is not a whole number${min > 0 ? ` of at least ${min}` : ''}`);
    }
    return Number(text.replace(/[,_]/g, ''));
  };
}

/** A two-letter country code (ISO 3166-1 alpha-2), upper-cased. */
export function countryCode(option: string): (value: unknown) => string | undefined {
  return (value) => {
    if (value === undefined) return undefined;
    const text = String(value).trim();
    if (!/^[A-Za-z]{2}$/.test(text)) throw new UserError(`--${option}: "${text}" is not a two-letter country code (US, DE, GB...)`);
    return text.toUpperCase();
  };
}
