import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalFirstName, firstNamesCompatible, nameKey, nicknameGroup } from '../src/normalize/index.js';
import { maxVariantTargets, variantTargets } from '../src/normalize/nicknames.js';

const variantsFile = new URL('../data/given-name-variants.csv', import.meta.url);
const compatible = (a: string, b: string): boolean => firstNamesCompatible(nameKey(a), nameKey(b));

describe('given-name variants from data/given-name-variants.csv (namor_data, from Wiktionary)', () => {
  it('names its source, commit and license, and ships the license beside it', () => {
    const header = readFileSync(variantsFile, 'utf8').split('\n').slice(0, 4).join('\n');
    expect(header).toMatch(/github\.com\/DLu\/namor_data/);
    expect(header).toMatch(/commit [0-9a-f]{40}/);
    expect(header).toMatch(/BSD 3-Clause/);
    expect(readFileSync(new URL('../data/given-name-variants.LICENSE', import.meta.url), 'utf8')).toMatch(/David V\. Lu/);
  });

  it.each([
    ['Pepe', 'José', 'Spanish'], ['Pepe', 'Jose', 'Spanish, unaccented'], ['Chuy', 'Jesús', 'Spanish'], ['Chucho', 'Jesus', 'Spanish'],
    ['Paco', 'Francisco', 'Spanish'], ['Pancho', 'Francisco', 'Spanish'], ['Memo', 'Guillermo', 'Spanish'],
    ['Hans', 'Johannes', 'German'], ['Johann', 'Johannes', 'German'], ['Grete', 'Margarete', 'German'], ['Käthe', 'Katharina', 'German'],
    ['Beppe', 'Giuseppe', 'Italian'], ['Peppe', 'Giuseppe', 'Italian'], ['Pepe', 'Giuseppe', 'Italian'],
    ['Liam', 'William', 'Irish, through Bill and Will'], ['Thad', 'Thaddeus', 'English'], ['Livy', 'Olivia', 'English'],
    ['Shiv', 'Siobhan', 'Irish'],
  ])('%s is a form of %s (%s), in either order', (short, formal) => {
    expect(compatible(short, formal)).toBe(true);
    expect(compatible(formal, short)).toBe(true);
  });

  it('keeps the English table: Bob is Robert, Bob is not William', () => {
    expect(compatible('Bob', 'Robert')).toBe(true);
    expect(compatible('Bob', 'William')).toBe(false);
  });

  it.each([
    ['José', 'Giuseppe', 'two formal names sharing the short form Pepe'],
    ['Jesús', 'José', 'two Spanish names'],
    ['Juan', 'John', 'another language\'s form of a formal name'],
    ['Giovanni', 'John', 'another language\'s form of a formal name'],
    ['Sandie', 'Santiago', 'a short form of nine names'],
    ['Maria', 'Mario', 'a woman\'s and a man\'s name'],
  ])('%s and %s stay apart (%s)', (a, b) => {
    expect(compatible(a, b)).toBe(false);
  });

  it('leaves out short forms naming more formal names than the limit, for every name of the file', () => {
    const names = new Set<string>();
    for (const line of readFileSync(variantsFile, 'utf8').split('\n')) {
      if (line && !line.startsWith('#')) names.add(nameKey(line.split(',')[0]));
    }
    expect(names.size).toBeGreaterThan(3000);
    const tooBroad = [...names].filter((name) => variantTargets(name).length > maxVariantTargets);
    expect(tooBroad).toEqual([]);
    expect(variantTargets('sandie')).toEqual([]);
    expect(variantTargets('pepe')).toEqual(['giuseppe', 'jose']);
  });

  it('does not change the stored canonical first name (no migration): the variants only widen the nickname groups', () => {
    for (const name of ['pepe', 'chuy', 'hans', 'liam', 'paco', 'beppe']) expect(canonicalFirstName(name)).toBe(name);
    expect(canonicalFirstName('bill')).toBe('william');
    expect([...nicknameGroup('pepe')].sort()).toEqual(['giuseppe', 'jose', 'pepe']);
    expect(nicknameGroup('jose').has('pepe')).toBe(false);
  });
});
