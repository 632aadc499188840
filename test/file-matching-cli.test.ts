import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { dedupeFile, linkFiles } from '../src/match/file-matching.js';
import { explainPair } from '../src/match/explain-pair.js';
import { applyTransforms, parseFieldSpec } from '../src/match/field-transforms.js';

const febrl1 = join(import.meta.dirname, 'fixtures', 'febrl', 'dataset1.csv');
const dir = mkdtempSync(join(tmpdir(), 'listgate-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rows(csv: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: 'greedy' }).data;
}

/** A matcher for small files of people with an address, a phone and a product code. */
function writeMatcher(name: string, blocking: string[][], extra: object[] = []): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify({
    id_column: 'id',
    targets: {
      record: {
        blocking: blocking.map((keys) => ({ keys })),
        comparisons: [
          { name: 'name', field: 'name', levels: [{ kind: 'null', weight: 0 }, { kind: 'exact', weight: 4 }, { kind: 'else', weight: -4 }] },
          ...extra,
        ],
        thresholds: { match: 8, review: 3 },
      },
    },
  }));
  return path;
}

function writeCsv(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('field transforms', () => {
  it.each([
    ['Street:address', '12 E. Main St.', '12 east main street'],
    ['Street:address', '400 N Michigan Ave, Ste 5', '400 north michigan avenue suite 5'],
    ['SKU:code', 'kx-tg8232b', 'kxtg8232b'],
    ['SKU:code', 'kx tg 8232 b', 'kxtg8232b'],
    ['Phone:digits', '+1 (312) 555-0100', '13125550100'],
    ['name:sorted_tokens', 'smith john', 'john smith'],
  ])('%s turns "%s" into "%s"', (spec, raw, expected) => {
    expect(applyTransforms(parseFieldSpec(spec, 'test'), raw.toLowerCase())).toBe(expected);
  });

  it('refuses a phonetic transform after :digits, and unknown transforms, naming the spec', () => {
    expect(() => parseFieldSpec('Phone:digits:soundex', 'm.json')).toThrow(/m\.json: "Phone:digits:soundex": soundex compares the sound of letters/);
    expect(() => parseFieldSpec('Phone:sounds', 'm.json')).toThrow(/unknown transform "sounds" in "Phone:sounds" \(known: metaphone, soundex/);
  });
});

describe('listgate dedupe and link on outside files', () => {
  const people = writeCsv('people.csv', [
    'id,name,street,phone,sku',
    '1,Ann Lee,12 E Main St,312-555-0100,KX-TG8232B',
    '2,Ann Lee,12 East Main Street,(312) 555 0100,KXTG8232B',
    '3,Bo Park,9 W Oak Ave,312-555-0199,AB-1',
    '4,Cy Diaz,1 Elm Rd,,ZZ-9',
  ]);

  it('transforms work in comparison fields: address and code forms agree, the raw values do not', () => {
    const comparisons = [
      { name: 'street', field: 'street:address', levels: [{ kind: 'null', weight: 0 }, { kind: 'exact', weight: 3 }, { kind: 'else', weight: -3 }] },
      { name: 'sku', field: 'sku:code', levels: [{ kind: 'null', weight: 0 }, { kind: 'exact', weight: 3 }, { kind: 'else', weight: -3 }] },
      { name: 'phone', field: 'phone:digits', levels: [{ kind: 'null', weight: 0 }, { kind: 'exact', weight: 2 }, { kind: 'else', weight: -2 }] },
    ];
    const withTransforms = rows(dedupeFile(people, writeMatcher('transformed', [['name']], comparisons)).csv);
    expect(withTransforms.map((p) => [p.id_a, p.id_b])).toEqual([['1', '2']]);
    expect(withTransforms[0].explanation).toContain('street identical +3.0; sku identical +3.0; phone identical +2.0 = 12.0');

    const raw = comparisons.map((c) => ({ ...c, field: c.field.split(':')[0] }));
    expect(rows(dedupeFile(people, writeMatcher('raw', [['name']], raw)).csv)).toEqual([]);
  });

  it('refuses a phonetic transform on a column of numbers, naming the column', () => {
    const matcher = writeMatcher('phone-soundex', [['phone:soundex']]);
    expect(() => dedupeFile(people, matcher)).toThrow(/"phone:soundex": column phone holds numbers \(such as "312-555-0100"\), and soundex compares the sound of letters/);
  });

  it('--clusters writes every record once with a cluster id; records of one match pair share it', () => {
    const summary = dedupeFile(febrl1, 'febrl', { clusters: true });
    const records = rows(summary.csv);
    expect(records).toHaveLength(1000);
    expect(Object.keys(records[0]).slice(0, 3)).toEqual(['Cluster ID', 'confidence', 'rec_id']);
    const clusterOf = new Map(records.map((r) => [r.rec_id, r['Cluster ID']]));
    const pairs = rows(dedupeFile(febrl1, 'febrl').csv);
    for (const pair of pairs) expect(clusterOf.get(pair.id_a)).toBe(clusterOf.get(pair.id_b));
    const sizes = new Map<string, number>();
    for (const r of records) sizes.set(r['Cluster ID'], (sizes.get(r['Cluster ID']) ?? 0) + 1);
    expect(summary.clusters).toBe([...sizes.values()].filter((n) => n > 1).length);
    expect(summary.clusteredRecords).toBe([...sizes.values()].filter((n) => n > 1).reduce((a, b) => a + b, 0));
    // a record alone has no confidence; a clustered one has the best score that joined it
    for (const r of records) expect(r.confidence === '').toBe(sizes.get(r['Cluster ID']) === 1);
  });

  it("--review's summary counts review pairs apart from duplicates", () => {
    const matcher = writeMatcher('weak', [['name']], [
      { name: 'phone', field: 'phone:digits', levels: [{ kind: 'null', weight: 0 }, { kind: 'exact', weight: 5 }, { kind: 'else', weight: -1 }] },
    ]);
    const file = writeCsv('weak.csv', ['id,name,phone', 'a,Ann,1', 'b,Ann,1', 'c,Bo,2', 'd,Bo,3']);
    const summary = dedupeFile(file, matcher, { includeReview: true });
    const pairs = rows(summary.csv);
    expect(pairs.map((p) => p.band).sort()).toEqual(['match', 'review']);
    expect(summary.pairs).toBe(1);
    expect(summary.reviewPairs).toBe(1);
  });

  it('link --one-to-one links each record of A once, the best pair first', () => {
    const matcher = writeMatcher('link', [['name']], [
      { name: 'phone', field: 'phone:digits', levels: [{ kind: 'null', weight: 0 }, { kind: 'exact', weight: 6 }, { kind: 'else', weight: 0 }] },
      { name: 'street', field: 'street:address', levels: [{ kind: 'null', weight: 0 }, { kind: 'exact', weight: 6 }, { kind: 'else', weight: 0 }] },
    ]);
    const a = writeCsv('a.csv', ['id,name,phone,street', 'A1,Ann Lee,3125550100,12 Main St']);
    const b = writeCsv('b.csv', ['id,name,phone,street', 'B1,Ann Lee,3125550100,', 'B2,Ann Lee,3125550100,12 Main Street']);
    expect(rows(linkFiles(a, b, matcher).csv).map((p) => p.id_b).sort()).toEqual(['B1', 'B2']);
    const oneToOne = rows(linkFiles(a, b, matcher, { oneToOne: true }).csv);
    expect(oneToOne.map((p) => [p.id_a, p.id_b])).toEqual([['A1', 'B2']]);
  });

  it('warns about ids repeated in the id column', () => {
    const file = writeCsv('repeated.csv', ['id,name', '7,Ann', '7,Ann', '8,Bo']);
    const summary = dedupeFile(file, writeMatcher('plain', [['name']]));
    expect(summary.warnings).toEqual([expect.stringMatching(/repeated\.csv: 1 id of column "id" repeated on 2 records \("7" 2 times\)/)]);
  });

  it('explain-pair shows the blocking keys of each side and every level of every comparison', () => {
    const lines = explainPair(febrl1, 'rec-0-org', 'rec-0-dup-0', 'febrl');
    const text = lines.join('\n');
    expect(text).toMatch(/same key +social security id \[soc_sec_id\]: "1451137" vs "1451137"/);
    expect(text).toMatch(/different +given name and surname soundex \[given_name:soundex, surname:soundex\]: "T520 \+ R216" vs "F450 \+ R216"/);
    expect(text).toMatch(/given_name \[given_name\]: "thomas" vs "flynn" {2}-> else -3\.31\n {6}no +null/);
    expect(text).toMatch(/^ {6}applies +exact +\+16\.38$/m);
    const pair = rows(dedupeFile(febrl1, 'febrl').csv).find((p) => [p.id_a, p.id_b].sort().join() === 'rec-0-dup-0,rec-0-org')!;
    expect(lines.at(-1)).toMatch(new RegExp(`^score ${pair.score}: a match \\(match at \\d+, review at \\d+\\)`));
    expect(() => explainPair(febrl1, 'rec-0-org', 'nobody', 'febrl')).toThrow(/no record with id "nobody" in column "rec_id"/);
  });

  it('explain-pair says when blocking never puts two records together', () => {
    const matcher = writeMatcher('by-phone', [['phone:digits']]);
    const lines = explainPair(people, '1', '4', matcher);
    expect(lines).toContain('  no rule gives both the same key: dedupe never compares this pair');
  });

  it('`dedupe FILE | head` ends quietly with exit 0; dedupe --help does not offer --db', () => {
    const run = spawnSync('bash', ['-c', `node bin/listgate.js dedupe ${febrl1} --matcher febrl | head -2; echo "exit \${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(run.stdout).toMatch(/^id_a,id_b,score,band,explanation\r?\n[^\n]+\nexit 0\n$/);
    expect(run.stderr).not.toMatch(/EPIPE|at /);
    const help = spawnSync('node', ['bin/listgate.js', 'dedupe', '--help'], { encoding: 'utf8' });
    expect(help.stdout).toContain('--clusters');
    expect(help.stdout).not.toContain('--db');
  });
});
