import { describe, expect, it } from 'vitest';
import {
  companyTokenSimilarity, isAcronymOf, isDateTypo, isInitialOf, jaroWinkler, levenshtein, levenshteinSimilarity,
  metaphoneCodes, sameYear, slipDistance, soundex, soundsAlike, tokenJaccard,
} from '../src/match/comparators.js';
import { testLevel } from '../src/match/levels.js';
import { defaultLevelContext } from '../src/match/name-knowledge.js';

describe('Jaro-Winkler', () => {
  it.each([
    ['martha', 'marhta', 0.961],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.813],
    ['abc', 'abc', 1],
    ['abc', 'xyz', 0],
  ])('%s ~ %s = %d', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
  });
  it('is symmetric', () => expect(jaroWinkler('crate', 'trace')).toBeCloseTo(jaroWinkler('trace', 'crate'), 10));
});

describe('Levenshtein', () => {
  it('counts edits', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshteinSimilarity('smith', 'smyth')).toBeCloseTo(0.8, 5);
  });
  it.each([
    ['gmial.com', 'gmail.com', 1], ['peacockiponeer.co', 'peacockpioneer.co', 1], ['gmai.com', 'gmail.com', 1],
    ['marjorie', 'maijorie', 1], ['gmial.com', 'gmali.com', 2], ['kitten', 'sitting', 3],
  ])('counts two neighbouring letters swapped as one slip: %s ~ %s = %i', (a, b, d) => {
    expect(slipDistance(a, b)).toBe(d);
    expect(slipDistance(b, a)).toBe(d);
  });
  it('a levenshtein level with transpositions takes a swap as one edit', () => {
    const level = { kind: 'levenshtein' as const, distance: 1, transpositions: true, weight: 5 };
    expect(testLevel(level, 'jane@gmial.com', 'jane@gmail.com', defaultLevelContext)).toEqual({ holds: true, how: '1 edit' });
    expect(testLevel({ ...level, transpositions: false }, 'jane@gmial.com', 'jane@gmail.com', defaultLevelContext).holds).toBe(false);
  });
});

describe('phonetic last names', () => {
  it.each([['smith', 'smyth'], ['schmidt', 'smith'], ['catherine', 'kathryn'], ['zywicki', 'zywiki']])('%s sounds like %s', (a, b) => {
    expect(soundsAlike(a, b)).toBe(true);
  });
  it('tells different names apart', () => expect(soundsAlike('smith', 'jones')).toBe(false));
  it('gives Double Metaphone codes', () => expect(metaphoneCodes('smith')).toEqual(['SM0', 'XMT']));
  it.each([['robert', 'R163'], ['rupert', 'R163'], ['ashcraft', 'A261'], ['pfister', 'P236'], ['tymczak', 'T522']])('soundex %s = %s', (name, code) => {
    expect(soundex(name)).toBe(code);
  });
});

describe('first names', () => {
  it('knows initials', () => {
    expect(isInitialOf('j', 'john')).toBe(true);
    expect(isInitialOf('j.', 'john')).toBe(true);
    expect(isInitialOf('k', 'john')).toBe(false);
    expect(isInitialOf('jo', 'john')).toBe(false);
  });
  it('knows nicknames through the normalizer table', () => {
    const nickname = { kind: 'nickname' as const, weight: 3 };
    expect(testLevel(nickname, 'bob', 'robert', defaultLevelContext)).toEqual({ holds: true, how: 'nickname' });
    expect(testLevel(nickname, 'bill', 'william', defaultLevelContext).holds).toBe(true);
    expect(testLevel(nickname, 'bob', 'william', defaultLevelContext).holds).toBe(false);
  });
  it('knows a first name that is the start of the other, of 3 letters or more', () => {
    const prefix = { kind: 'prefix' as const, weight: 3 };
    expect(testLevel(prefix, 'chris', 'christine', defaultLevelContext)).toEqual({ holds: true, how: 'the start of the other' });
    expect(testLevel(prefix, 'rajesh', 'raj', defaultLevelContext).holds).toBe(true);
    expect(testLevel(prefix, 'al', 'alice', defaultLevelContext).holds).toBe(false);
    expect(testLevel(prefix, 'anna', 'anna', defaultLevelContext).holds).toBe(false);
    expect(testLevel(prefix, 'ann', 'dana', defaultLevelContext).holds).toBe(false);
  });
});

describe('company names', () => {
  it('scores token overlap regardless of order', () => {
    expect(companyTokenSimilarity('acme', 'acme')).toBe(1);
    expect(companyTokenSimilarity('acme rockets', 'rockets acme')).toBe(1);
    expect(companyTokenSimilarity('acme technology', 'acme technologies')).toBeGreaterThan(0.9);
    expect(companyTokenSimilarity('acme', 'acme rocket works')).toBeLessThan(0.85);
    expect(companyTokenSimilarity('acme', 'globex')).toBe(0);
  });
  it('handles acronyms', () => {
    expect(isAcronymOf('ibm', 'international business machines')).toBe(true);
    expect(isAcronymOf('international business machines', 'ibm')).toBe(true);
    expect(isAcronymOf('ibm', 'ibm')).toBe(false);
    expect(isAcronymOf('ge', 'general motors')).toBe(false);
  });
  it('compares token sets', () => expect(tokenJaccard('12 main street', 'main street 12')).toBe(1));
});

describe('dates', () => {
  it('sees swapped digits and swapped day/month', () => {
    expect(isDateTypo('19900219', '19900291')).toBe(true);
    expect(isDateTypo('19900219', '19090219')).toBe(true);
    expect(isDateTypo('1990-02-11', '1990-11-02')).toBe(true);
    expect(isDateTypo('19900219', '19900219')).toBe(false);
    expect(isDateTypo('19900219', '19900218')).toBe(false);
  });
  it('compares years', () => {
    expect(sameYear('19900219', '19901231')).toBe(true);
    expect(sameYear('19900219', '19910219')).toBe(false);
  });
});

describe('levels', () => {
  const context = defaultLevelContext;
  it('phone levels separate the extension', () => {
    expect(testLevel({ kind: 'phone', weight: 1 }, '+14155550100x12', '+14155550100', context).holds).toBe(true);
    expect(testLevel({ kind: 'phone_ext', weight: 1 }, '+14155550100x12', '+14155550100', context).holds).toBe(false);
    expect(testLevel({ kind: 'phone_ext', weight: 1 }, '+14155550100x12', '+14155550100x12', context).holds).toBe(true);
  });
  it('fuzzy levels report how alike', () => {
    expect(testLevel({ kind: 'jaro_winkler', threshold: 0.9, weight: 1 }, 'martha', 'marhta', context)).toEqual({ holds: true, how: 'Jaro-Winkler 0.96' });
    expect(testLevel({ kind: 'levenshtein', distance: 1, weight: 1 }, '6988048', '6988049', context)).toEqual({ holds: true, how: '1 edit' });
    expect(testLevel({ kind: 'company_tokens', threshold: 0.85, weight: 1 }, 'acme corporation', 'acme', context).holds).toBe(true);
  });
});
