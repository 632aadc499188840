import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openListFile } from '../src/extract/index.js';
import type { RawRow } from '../src/types.js';

const fixtures = join(import.meta.dirname, 'fixtures', 'encodings');

async function read(name: string): Promise<{ rows: RawRow[]; encoding?: string; delimiter?: string; headers: string[] }> {
  const list = await openListFile(join(fixtures, name));
  const rows: RawRow[] = [];
  for await (const row of list.rows()) rows.push(row);
  return { rows, encoding: list.info.encoding, delimiter: list.info.delimiter, headers: list.info.headers };
}

describe('encodings', () => {
  it.each([
    ['utf8-bom.csv', 'utf-8'],
    ['utf16le-bom.csv', 'utf-16le'],
    ['utf16be-bom.csv', 'utf-16be'],
  ])('%s is detected as %s and decoded', async (name, encoding) => {
    const { rows, encoding: detected, headers } = await read(name);
    expect(detected).toBe(encoding);
    expect(headers[0]).toBe('First Name');
    expect(rows.map((r) => [r.cells['First Name'], r.cells['Last Name'], r.cells.City])).toEqual([
      ['René', 'Müller', 'Köln'],
      ['José', 'Groß', 'Düsseldorf'],
      ['Zoë', 'Façade', 'Besançon'],
    ]);
  });

  it('decodes Windows-1252 (é, ü, ß and the euro sign and curly quotes Latin-1 lacks)', async () => {
    const { rows, encoding, delimiter } = await read('windows-1252.csv');
    expect(encoding).toBe('windows-1252');
    expect(delimiter).toBe(';');
    expect(rows[0].cells).toEqual({ 'First Name': 'André', 'Last Name': 'Strauß', Email: 'andre@acme.de', Notes: 'Budget 5.000 € – “urgent”' });
    expect(rows[1].cells['Last Name']).toBe('Weiß');
  });

  it('decodes Latin-1 (tab-separated)', async () => {
    const { rows, encoding, delimiter } = await read('latin1.tsv');
    expect(encoding).toBe('iso-8859-1');
    expect(delimiter).toBe('\t');
    expect(rows.map((r) => `${r.cells['First Name']} ${r.cells['Last Name']}, ${r.cells.City}`)).toEqual(['François Lefèvre, Genève', 'Björn Åström, Malmö']);
  });
});
