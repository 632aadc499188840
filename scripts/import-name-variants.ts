/**
 * Rebuilds data/given-name-variants.csv from a checkout of DLu/namor_data (BSD-3-Clause; its data is
 * read from Wiktionary's given-name entries in many languages):
 *
 *   git clone https://github.com/DLu/namor_data /tmp/namor_data
 *   node --import tsx scripts/import-name-variants.ts /tmp/namor_data <commit>
 *
 * Only names written in Latin script are kept (names in other scripts reach the matcher transliterated,
 * and namor's transliterations are not nicknames), and only the three relations the loader reads. The
 * names keep their spelling (José); src/normalize/nicknames.ts folds them to keys.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const relations = { is_short_for: 'short_for', is_a_variant_of: 'variant_of', is_equivalent_to: 'equivalent_to' } as const;
type NamorRelation = keyof typeof relations;
const latinName = /^[\p{Script=Latin}][\p{Script=Latin}\p{M}' .-]*$/u;

/** namor's YAML files have one fixed layout: `Name:` at the margin, `  relation:` and `  - Target` under it. */
function readNamorFile(text: string, into: [string, string, string][]): void {
  let name = '';
  let relation: NamorRelation | '' = '';
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      name = unquote(line.replace(/:\s*(\{\})?\s*$/, ''));
      relation = '';
    } else if (/^ {2}[a-z_]+:/.test(line)) {
      const key = line.trim().replace(/:.*$/, '');
      relation = key in relations ? (key as NamorRelation) : '';
    } else if (relation && /^ {2}- /.test(line)) {
      const target = unquote(line.replace(/^ {2}- /, ''));
      if (latinName.test(name) && latinName.test(target) && name !== target) into.push([name, relations[relation], target]);
    }
  }
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1).replace(/''/g, "'");
  if (v.startsWith('"') && v.endsWith('"')) return JSON.parse(v) as string;
  return v;
}

const [checkout, commit] = process.argv.slice(2);
if (!checkout || !commit) {
  console.error('usage: node --import tsx scripts/import-name-variants.ts <namor_data checkout> <commit>');
  process.exit(2);
}
const rows: [string, string, string][] = [];
const dataDir = join(checkout, 'data');
for (const file of readdirSync(dataDir).filter((f) => f.endsWith('.yaml')).sort()) readNamorFile(readFileSync(join(dataDir, file), 'utf8'), rows);
rows.sort((a, b) => (a[0] + '\u0000' + a[1] + '\u0000' + a[2]).localeCompare(b[0] + '\u0000' + b[1] + '\u0000' + b[2]));
const header = [
  '# Given names and the names they are a short form, a spelling variant or another language\'s form of, in many languages.',
  `# Source: https://github.com/DLu/namor_data data/*.yaml (commit ${commit}), itself read from Wiktionary's given-name entries.`,
  '# License: BSD 3-Clause (c) 2024 David V. Lu!!; Wiktionary text is CC BY-SA. Latin-script names only. See data/README.md.',
  '# name,relation,target: relation is short_for (Pepe -> José), variant_of (Jon -> John) or equivalent_to (Johannes -> John).',
];
writeFileSync(new URL('../data/given-name-variants.csv', import.meta.url), [...header, ...rows.map((r) => r.join(','))].join('\n') + '\n');
console.log(`${rows.length} rows`);
