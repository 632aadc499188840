import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { cleanText, foldAccents, memoize } from './text.js';

const require = createRequire(import.meta.url);
const nameLanguages = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt'];

/** Country spellings the ISO tables miss; keys as countryLookupKey makes them. */
const countryAliases: Record<string, string> = {
  usa: 'US', us: 'US', 'u s': 'US', 'u s a': 'US', america: 'US', 'united states of america': 'US', 'the united states': 'US', 'united states': 'US', 'vereinigte staaten': 'US', 'etats unis': 'US', 'estados unidos': 'US', 'eeuu': 'US',
  uk: 'GB', 'u k': 'GB', 'great britain': 'GB', britain: 'GB', england: 'GB', scotland: 'GB', wales: 'GB', 'northern ireland': 'GB', 'united kingdom': 'GB', 'grossbritannien': 'GB',
  deutschland: 'DE', germany: 'DE', 'brd': 'DE', holland: 'NL', 'the netherlands': 'NL', nederland: 'NL',
  'south korea': 'KR', korea: 'KR', 'republic of korea': 'KR', 'north korea': 'KP', russia: 'RU', 'russian federation': 'RU',
  uae: 'AE', 'u a e': 'AE', 'emirates': 'AE', 'czech republic': 'CZ', czechia: 'CZ', 'ivory coast': 'CI', 'viet nam': 'VN', vietnam: 'VN',
  'hong kong sar': 'HK', 'macau': 'MO', 'taiwan roc': 'TW', 'republic of china': 'TW', prc: 'CN', 'peoples republic of china': 'CN',
  schweiz: 'CH', suisse: 'CH', svizzera: 'CH', osterreich: 'AT', espana: 'ES', italia: 'IT', brasil: 'BR', mexico: 'MX', 'méxico': 'MX',
  'south africa': 'ZA', 'rsa': 'ZA', 'ksa': 'SA', 'saudi arabia': 'SA', 'new zealand': 'NZ', aotearoa: 'NZ', eire: 'IE', 'republic of ireland': 'IE',
  'the philippines': 'PH', 'bolivia': 'BO', 'venezuela': 'VE', 'iran': 'IR', 'syria': 'SY', 'laos': 'LA', 'moldova': 'MD', 'tanzania': 'TZ',
};

export function countryLookupKey(text: string): string {
  return foldAccents(text).toLowerCase().replace(/[^a-z]+/g, ' ').trim();
}

const countryByName: Map<string, string> = (() => {
  const map = new Map<string, string>();
  for (const lang of nameLanguages) {
    countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));
  }
  for (const lang of nameLanguages) {
    const names = countries.getNames(lang, { select: 'all' }) as Record<string, string[]>;
    for (const [code, list] of Object.entries(names)) {
      for (const name of list) {
        const key = countryLookupKey(name);
        if (key && !map.has(key)) map.set(key, code);
      }
    }
  }
  for (const [alpha3, alpha2] of Object.entries(countries.getAlpha3Codes())) map.set(alpha3.toLowerCase(), alpha2);
  for (const alpha2 of Object.keys(countries.getAlpha2Codes())) map.set(alpha2.toLowerCase(), alpha2);
  for (const [alias, code] of Object.entries(countryAliases)) map.set(countryLookupKey(alias), code);
  return map;
})();

/**
 * ISO 3166-1 alpha-2 code of a country name or code: "USA", "United States", "U.S.", "Deutschland", "UK",
 * "gbr", "Brasil" -> US, US, US, DE, GB, GB, BR. Undefined when unknown.
 */
export const countryCode = memoize((raw: string): string | undefined => {
  const key = countryLookupKey(cleanText(raw));
  if (!key) return undefined;
  const direct = countryByName.get(key) ?? countryByName.get(key.replace(/^the /, ''));
  if (direct) return direct;
  // "Germany (DE)", "United States - US"
  const compact = key.replace(/ /g, '');
  return countryByName.get(compact);
});

const usStates: Record<string, string> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut',
  DE: 'Delaware', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois', IN: 'Indiana', IA: 'Iowa',
  KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland', MA: 'Massachusetts', MI: 'Michigan',
  MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana', NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire',
  NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York', NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma',
  OR: 'Oregon', PA: 'Pennsylvania', RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee',
  TX: 'Texas', UT: 'Utah', VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
  DC: 'District of Columbia', PR: 'Puerto Rico', GU: 'Guam', VI: 'Virgin Islands', AS: 'American Samoa', MP: 'Northern Mariana Islands',
};
const caProvinces: Record<string, string> = {
  AB: 'Alberta', BC: 'British Columbia', MB: 'Manitoba', NB: 'New Brunswick', NL: 'Newfoundland and Labrador',
  NS: 'Nova Scotia', NT: 'Northwest Territories', NU: 'Nunavut', ON: 'Ontario', PE: 'Prince Edward Island',
  QC: 'Quebec', SK: 'Saskatchewan', YT: 'Yukon',
};
const stateAliases: Record<string, [string, string]> = {
  'washington dc': ['US', 'DC'], 'washington d c': ['US', 'DC'], 'd c': ['US', 'DC'], 'wash dc': ['US', 'DC'],
  'calif': ['US', 'CA'], 'cal': ['US', 'CA'], 'mass': ['US', 'MA'], 'penn': ['US', 'PA'], 'penna': ['US', 'PA'], 'tex': ['US', 'TX'],
  'fla': ['US', 'FL'], 'ill': ['US', 'IL'], 'mich': ['US', 'MI'], 'minn': ['US', 'MN'], 'wis': ['US', 'WI'], 'wisc': ['US', 'WI'],
  'ariz': ['US', 'AZ'], 'colo': ['US', 'CO'], 'conn': ['US', 'CT'], 'ind': ['US', 'IN'], 'okla': ['US', 'OK'], 'ore': ['US', 'OR'],
  'tenn': ['US', 'TN'], 'wash': ['US', 'WA'], 'newfoundland': ['CA', 'NL'], 'labrador': ['CA', 'NL'], 'quebec': ['CA', 'QC'],
  'pei': ['CA', 'PE'], 'yukon territory': ['CA', 'YT'], 'nwt': ['CA', 'NT'],
};

const stateByKey: Map<string, Array<[string, string]>> = (() => {
  const map = new Map<string, Array<[string, string]>>();
  const add = (key: string, country: string, code: string) => {
    const list = map.get(key) ?? [];
    if (!list.some(([c, s]) => c === country && s === code)) list.push([country, code]);
    map.set(key, list);
  };
  for (const [code, name] of Object.entries(usStates)) {
    add(code.toLowerCase(), 'US', code);
    add(countryLookupKey(name), 'US', code);
  }
  for (const [code, name] of Object.entries(caProvinces)) {
    add(code.toLowerCase(), 'CA', code);
    add(countryLookupKey(name), 'CA', code);
  }
  for (const [alias, [country, code]] of Object.entries(stateAliases)) add(countryLookupKey(alias), country, code);
  return map;
})();

/**
 * The two-letter code of a US state or Canadian province ("Massachusetts", "mass.", "Ontario", "QC"), when
 * the country is US or CA or unknown; other countries' regions come back trimmed as given.
 */
export function stateCode(raw: string | undefined | null, country?: string): string | undefined {
  const text = cleanText(raw);
  if (!text) return undefined;
  if (country && country !== 'US' && country !== 'CA') return text;
  const matches = stateByKey.get(countryLookupKey(text));
  if (!matches) return text;
  const match = (country && matches.find(([c]) => c === country)) || matches[0];
  return match[1];
}

/** The country a US state or Canadian province code implies, when the code is unambiguous. */
export function countryOfState(code: string): string | undefined {
  const inUs = code in usStates;
  const inCa = code in caProvinces;
  if (inUs && !inCa) return 'US';
  if (inCa && !inUs) return 'CA';
  return undefined;
}

/** Postal code cleaned; US ZIPs that lost their leading zero (2134 -> 02134) are repaired; ZIP+4 as 02134-1234. */
export function normalizePostalCode(raw: string | undefined | null, country?: string): string | undefined {
  let text = cleanText(raw);
  if (!text) return undefined;
  if (!country || country === 'US') {
    const digits = text.replace(/[\s-]/g, '');
    if (/^\d{3,4}$/.test(digits) && country === 'US') return digits.padStart(5, '0');
    if (/^\d{8,9}$/.test(digits)) {
      const padded = digits.padStart(9, '0');
      return `${padded.slice(0, 5)}-${padded.slice(5)}`;
    }
    if (/^\d{5}$/.test(digits)) return digits;
  }
  text = text.toUpperCase();
  if (country === 'CA' || country === 'GB') {
    const compact = text.replace(/\s+/g, '');
    if (country === 'CA' && /^[A-Z]\d[A-Z]\d[A-Z]\d$/.test(compact)) return `${compact.slice(0, 3)} ${compact.slice(3)}`;
    if (country === 'GB' && /^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/.test(compact)) return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
  }
  return text;
}

/** Two spellings of one country ("USA", "US", "United States") are the same country: compared by ISO code, else as text. */
export function sameCountry(a: string | null | undefined, b: string | null | undefined): boolean {
  const left = (a ?? '').trim();
  const right = (b ?? '').trim();
  if (!left || !right) return left === right;
  const codeA = countryCode(left);
  const codeB = countryCode(right);
  return codeA && codeB ? codeA === codeB : left.toLowerCase() === right.toLowerCase();
}
