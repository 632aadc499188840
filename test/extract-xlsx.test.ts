import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openListFile } from '../src/extract/index.js';
import { UserError } from '../src/errors.js';
import type { RawRow } from '../src/types.js';

const dir = mkdtempSync(join(tmpdir(), 'listgate-extract-xlsx-'));
const workbookPath = join(dir, 'leads.xlsx');

async function readAll(path: string, sheet?: string | number) {
  const list = await openListFile(path, { sheet });
  const rows: RawRow[] = [];
  for await (const row of list.rows()) rows.push(row);
  return { rows, info: list.info };
}

beforeAll(async () => {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Notes'); // empty first sheet: skipped by default
  const sheet = workbook.addWorksheet('Badge Scans');
  sheet.addRow(['Expo 2026 - badge scans']);
  sheet.addRow(['exported by the lead retrieval app']);
  sheet.addRow([]);
  sheet.addRow(['First Name', 'Last Name', 'Phone', 'Zip', 'Scanned', 'Notes', 'Full', 'Revenue', 'Score']);
  const row = sheet.addRow([
    'Ann', 'Lee', 15551234567, 2134, new Date(Date.UTC(2026, 2, 5, 14, 30, 0)),
    { richText: [{ text: 'Wants ' }, { font: { bold: true }, text: 'demo' }] },
    { formula: 'A5&" "&B5', result: 'Ann Lee' }, 1234567.5, 0.25,
  ]);
  row.getCell(4).numFmt = '00000';
  row.getCell(9).numFmt = '0%';
  sheet.addRow([]);
  sheet.addRow(['Bo', 'Chan', '+44 20 7946 0958', 90210, new Date(Date.UTC(2026, 2, 6)), { text: 'site', hyperlink: 'https://acme.com' }, { formula: 'A7&" "&B7', result: 'Bo Chan' }, 12, true]);
  const second = workbook.addWorksheet('Other');
  second.addRow(['Email', 'Name']);
  second.addRow(['cy@acme.com', 'Cy']);
  await workbook.xlsx.writeFile(workbookPath);
});

describe('XLSX reading', () => {
  it('reads the first sheet with data, finds the header below banner rows, keeps row numbers', async () => {
    const { rows, info } = await readAll(workbookPath);
    expect(info.format).toBe('xlsx');
    expect(info.sheet).toBe('Badge Scans');
    expect(info.sheets).toEqual(['Notes', 'Badge Scans', 'Other']);
    expect(info.headerRow).toBe(4);
    expect(rows.map((r) => r.sourceRow)).toEqual([5, 7]);
    expect(info.blankLines).toBe(2);
  });

  it('turns cells into the text a person sees: phones whole, zip padded, dates, rich text, formula results', async () => {
    const { rows } = await readAll(workbookPath);
    expect(rows[0].cells).toEqual({
      'First Name': 'Ann', 'Last Name': 'Lee', Phone: '15551234567', Zip: '02134', Scanned: '2026-03-05 14:30:00',
      Notes: 'Wants demo', Full: 'Ann Lee', Revenue: '1234567.5', Score: '25%',
    });
    expect(rows[1].cells).toMatchObject({ Phone: '+44 20 7946 0958', Zip: '90210', Scanned: '2026-03-06', Notes: 'site', Full: 'Bo Chan', Revenue: '12', Score: 'TRUE' });
  });

  it('reads a sheet chosen by name or 1-based index', async () => {
    const byName = await readAll(workbookPath, 'other');
    expect(byName.rows).toEqual([{ sourceRow: 2, cells: { Email: 'cy@acme.com', Name: 'Cy' } }]);
    const byIndex = await readAll(workbookPath, 3);
    expect(byIndex.info.sheet).toBe('Other');
  });

  it('names the sheets when the one asked for does not exist', async () => {
    await expect(readAll(workbookPath, 'Leads')).rejects.toThrow(/no sheet "Leads"; sheets: Notes, Badge Scans, Other/);
  });

  it('fails with one line naming a truncated workbook', async () => {
    const bytes = readFileSync(workbookPath);
    const truncated = join(dir, 'truncated.xlsx');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await readAll(truncated).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/^truncated\.xlsx: /);
    expect((error as Error).message).not.toContain('\n');
  });
});
