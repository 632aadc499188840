import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  canonicalFirstName, firstNamesCompatible, nameKey, nameMetaphone, nicknameGroup, nicknameTableSize, properCaseName, splitPersonName,
} from '../src/normalize/index.js';

describe('splitPersonName', () => {
  it.each([
    ['John Smith', { firstName: 'John', lastName: 'Smith' }],
    ['Smith, John', { firstName: 'John', lastName: 'Smith' }],
    ['SMITH, JOHN A JR', { firstName: 'John', middleName: 'A', lastName: 'Smith', suffix: 'Jr.' }],
    ['Dr. Jane Q. van der Berg-Smith, PhD', { salutation: 'Dr.', firstName: 'Jane', middleName: 'Q.', lastName: 'van der Berg-Smith', suffix: 'PhD' }],
    ['Mr John Paul Jones III', { salutation: 'Mr.', firstName: 'John', middleName: 'Paul', lastName: 'Jones', suffix: 'III' }],
    ['ms. mary o\'brien', { salutation: 'Ms.', firstName: 'Mary', lastName: "O'Brien" }],
    ['JAMES MCDONALD', { firstName: 'James', lastName: 'McDonald' }],
    ['angus macdonald', { firstName: 'Angus', lastName: 'MacDonald' }],
    ['Ludwig van Beethoven', { firstName: 'Ludwig', lastName: 'van Beethoven' }],
    ['Charles de Gaulle', { firstName: 'Charles', lastName: 'de Gaulle' }],
    ['Prof. Dr. Hans Müller', { salutation: 'Prof. Dr.', firstName: 'Hans', lastName: 'Müller' }],
    ['Robert "Bob" Smith', { firstName: 'Robert', lastName: 'Smith', nickname: 'Bob' }],
    ['Robert (Bob) Smith Sr.', { firstName: 'Robert', lastName: 'Smith', suffix: 'Sr.', nickname: 'Bob' }],
    ['john smith md', { firstName: 'John', lastName: 'Smith', suffix: 'MD' }],
    ['J. R. R. Tolkien', { firstName: 'J.', middleName: 'R. R.', lastName: 'Tolkien' }],
    ['Cher', { firstName: 'Cher' }],
    ['McKenzie DeSantis', { firstName: 'McKenzie', lastName: 'DeSantis' }],
    ['Smith Jr., Robert', { firstName: 'Robert', lastName: 'Smith', suffix: 'Jr.' }],
    ['  ', {}],
  ])('%s', (input, expected) => {
    expect(splitPersonName(input)).toEqual(expected);
  });
});

describe('properCaseName', () => {
  it.each([
    ['JOHN', 'John'], ['mary-ann', 'Mary-Ann'], ["O'NEILL", "O'Neill"], ['mcdonald', 'McDonald'], ['DeSantis', 'DeSantis'],
    ['ÉLODIE', 'Élodie'], ['van der berg', 'Van der Berg'], ['Mack', 'Mack'], ['MACY', 'Macy'],
  ])('%s -> %s', (input, expected) => {
    expect(properCaseName(input)).toBe(expected);
  });
});

describe('match keys', () => {
  it('folds accents and punctuation in keys only', () => {
    expect(nameKey("O'Brien")).toBe('obrien');
    expect(nameKey('Müller')).toBe('muller');
    expect(nameKey('Groß')).toBe('gross');
    expect(nameKey('van der Berg')).toBe('vanderberg');
  });
  it.each([
    ['吴', 'wu'], ['磊', 'lei'], ['Петров', 'petrov'], ['Иван', 'ivan'], ['Γιώργος', 'giorgos'], ['محمد', 'mhmd'],
  ])('transliterates names in other scripts into keys: %s -> %s', (name, key) => {
    expect(nameKey(name)).toBe(key);
    expect(nameMetaphone(name)).not.toBe('');
  });
  it('gives sound-alike last names the same Double Metaphone code', () => {
    expect(nameMetaphone('Smith')).toBe(nameMetaphone('Smyth'));
    expect(nameMetaphone('Meyer')).toBe(nameMetaphone('Maier'));
    expect(nameMetaphone('Smith')).not.toBe(nameMetaphone('Jones'));
  });
});

describe('nicknames', () => {
  it('reads hundreds of names from data/nicknames.csv, whose source and license are named', () => {
    expect(nicknameTableSize()).toBeGreaterThan(1000);
    const header = readFileSync(new URL('../data/nicknames.csv', import.meta.url), 'utf8').split('\n').slice(0, 3).join('\n');
    expect(header).toMatch(/carltonnorthern\/nicknames/);
    expect(header).toMatch(/Apache/);
  });

  it.each([
    ['bob', 'robert'], ['bobby', 'robert'], ['rob', 'robert'], ['bill', 'william'], ['billy', 'william'], ['will', 'william'],
    ['peggy', 'margaret'], ['maggie', 'margaret'], ['liz', 'elizabeth'], ['betty', 'elizabeth'], ['beth', 'elizabeth'],
    ['mike', 'michael'], ['jim', 'james'], ['jack', 'john'], ['johnny', 'john'], ['tony', 'anthony'], ['dick', 'richard'],
    ['kate', 'katherine'], ['tom', 'thomas'], ['dave', 'david'], ['steve', 'steven'], ['jenny', 'jennifer'], ['chuck', 'charles'],
    ['robert', 'robert'], ['william', 'william'], ['elizabeth', 'elizabeth'], ['john', 'john'], ['mary', 'mary'], ['jane', 'jane'],
    ['xavierre', 'xavierre'],
  ])('%s -> %s', (nickname, canonical) => {
    expect(canonicalFirstName(nickname)).toBe(canonical);
  });

  it('is idempotent for every name of the table', () => {
    const names = new Set<string>();
    for (const line of readFileSync(new URL('../data/nicknames.csv', import.meta.url), 'utf8').split('\n')) {
      if (!line || line.startsWith('#')) continue;
      for (const name of line.split(',')) if (name.replace(/[^a-z]/g, '')) names.add(name.replace(/[^a-z]/g, ''));
    }
    const broken = [...names].filter((n) => canonicalFirstName(canonicalFirstName(n)) !== canonicalFirstName(n));
    expect(broken).toEqual([]);
  });

  it('exposes every formal name a nickname may stand for', () => {
    const al = nicknameGroup('al');
    for (const name of ['albert', 'alfred', 'alan', 'alexander']) expect(al.has(name)).toBe(true);
    expect(firstNamesCompatible('bob', 'robert')).toBe(true);
    expect(firstNamesCompatible('al', 'alfred')).toBe(true);
    expect(firstNamesCompatible('al', 'alan')).toBe(true);
    expect(firstNamesCompatible('peggy', 'maggie')).toBe(true);
    expect(firstNamesCompatible('bob', 'william')).toBe(false);
    expect(firstNamesCompatible('john', 'mary')).toBe(false);
  });
});
