import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { openListFile } from '../src/extract/index.js';
import { defaultReadLimits, readLimitsFrom, type ReadLimits } from '../src/extract/read-limits.js';
import { stageFile } from '../src/stage/stage-file.js';
import { UserError } from '../src/errors.js';
import type { RawRow } from '../src/types.js';

/**
 * The probe files of issue 22 (an unclosed quote, NUL bytes, an over-long line, mixed encodings,
 * XLSX sheets and shared strings beyond any real list, unreadable paths), made here by script at
 * reduced sizes (limits lowered through options where the behaviour is the same). Each file must be
 * read row for row (every row staged with a route or a reason) or refused in one line naming it.
 */

const dir = mkdtempSync(join(tmpdir(), 'listgate-bad-input-'));
const cli = resolve('bin/listgate.js');
const header = 'First Name,Last Name,Company,Email Address,Work Phone';

function person(i: number): string {
  return `Pat${i},Lane${i},Company ${i % 97},pat${i}.lane@firm${i % 89}.com,+1 206 555 ${String(1000 + (i % 9000)).padStart(4, '0')}`;
}

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function readAll(path: string, limits?: ReadLimits): Promise<{ rows: RawRow[]; warnings: string[] }> {
  const list = await openListFile(path, { limits });
  const rows: RawRow[] = [];
  for await (const row of list.rows()) rows.push(row);
  return { rows, warnings: list.info.warnings };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

/** `listgate` in a child process: exit code and output. */
function runCli(args: string[], env: Record<string, string>, options: { uid?: number; gid?: number } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, ...options, maxBuffer: 20 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('an unclosed quote (case 1)', () => {
  it('rejects the row that opens it and reads every row after it', async () => {
    const lines = [header];
    for (let i = 1; i <= 3000; i++) lines.push(i === 5 ? `Pat5,Lane5,"Firma,pat5@firm.com,` : person(i));
    const { rows } = await readAll(write('unclosed.csv', lines.join('\n') + '\n'));
    expect(rows).toHaveLength(3000);
    expect(rows.map((r) => r.sourceRow)).toEqual(Array.from({ length: 3000 }, (_, i) => i + 2));
    expect(rows[4].issues).toEqual([expect.objectContaining({ code: 'unterminated_quote', severity: 'reject' })]);
    expect(rows[4].issues![0].message).toMatch(/not closed within 100 lines/);
    expect(rows[5].cells['First Name']).toBe('Pat6');
    expect(rows[2999].cells).toMatchObject({ 'First Name': 'Pat3000', 'Email Address': 'pat3000.lane@firm63.com' });
    expect(Math.max(...rows.map((r) => Object.values(r.cells).join('').length))).toBeLessThan(200);
  });

  it('does the same when a later quoted cell would close the quote hundreds of lines on', async () => {
    const lines = [header];
    for (let i = 1; i <= 600; i++) lines.push(i === 6 ? `Pat6,Lane6,"Firma,pat6@firm.com,` : i === 400 ? `Pat400,Lane400,"Acme, Inc",pat400@acme.com,` : person(i));
    const { rows } = await readAll(write('stray-quote.csv', lines.join('\r\n') + '\r\n'));
    expect(rows).toHaveLength(600);
    expect(rows[5].issues?.[0]).toMatchObject({ code: 'unterminated_quote', severity: 'reject' });
    expect(rows[6].cells['First Name']).toBe('Pat7');
    expect(rows[399].cells).toMatchObject({ Company: 'Acme, Inc', 'Email Address': 'pat400@acme.com' });
    expect(rows.filter((r) => r.issues?.length)).toHaveLength(1);
  });

  it('keeps a quoted field with a few line breaks as one cell, and takes more under a raised limit', async () => {
    const notes = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n');
    const path = write('notes.csv', `Name,Notes\nAnn,"${notes}"\nBo,ok\n`);
    const { rows } = await readAll(path, { ...defaultReadLimits, fieldLines: 10 });
    // at the limit the field's lines are rows of their own: each accounted for, none swallowing the next
    expect(rows[0]).toMatchObject({ sourceRow: 2, cells: { Name: 'Ann', Notes: 'line 0' }, issues: [expect.objectContaining({ code: 'unterminated_quote' })] });
    expect(rows).toHaveLength(31);
    expect(rows.at(-1)).toEqual({ sourceRow: 32, cells: { Name: 'Bo', Notes: 'ok' } });
    const raised = await readAll(path, readLimitsFrom(['field-lines=50']));
    expect(raised.rows.map((r) => r.cells)).toEqual([{ Name: 'Ann', Notes: notes }, { Name: 'Bo', Notes: 'ok' }]);
  });
});

describe('NUL bytes, over-long lines, unreadable paths (case 5)', () => {
  it('removes NUL bytes with an issue on their row, in the first rows as well as deep in the file', async () => {
    const lines = [header];
    for (let i = 1; i <= 2000; i++) lines.push(i === 1 || i === 1800 ? person(i).replace('Lane', 'La\0ne') : person(i));
    const { rows } = await readAll(write('nul.csv', lines.join('\n') + '\n'));
    expect(rows).toHaveLength(2000);
    for (const index of [0, 1799]) {
      expect(rows[index].cells['Last Name']).toBe(`Lane${index + 1}`);
      expect(rows[index].issues).toEqual([expect.objectContaining({ code: 'nul_characters' })]);
    }
    expect(rows.filter((r) => r.issues)).toHaveLength(2);
  });

  it('rejects a line over the row size limit without holding it, and keeps the row numbers after it', async () => {
    const lines = [header];
    for (let i = 1; i <= 10; i++) lines.push(i === 4 ? `Pat4,Lane4,${'x'.repeat(300_000)},pat4@firm.com,` : person(i));
    const { rows } = await readAll(write('long-line.csv', lines.join('\n') + '\n'), { ...defaultReadLimits, rowChars: 64 * 1024 });
    expect(rows.map((r) => r.sourceRow)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(rows[3].issues).toEqual([expect.objectContaining({ code: 'row_too_long', severity: 'reject' })]);
    expect(rows[3].cells['First Name']).toBe('Pat4');
    expect(rows[4].cells['First Name']).toBe('Pat5');
    expect(rows[9].cells['Email Address']).toBe('pat10.lane@firm10.com');
  });

  it('names a directory and a missing file in one line', async () => {
    const folder = join(dir, 'a-folder.csv');
    mkdirSync(folder, { recursive: true });
    expect(await refusal(openListFile(folder))).toMatch(/a-folder\.csv: a directory, not a list file/);
    expect(await refusal(openListFile(join(dir, 'missing.csv')))).toMatch(/missing\.csv: file not found/);
  });

  it.skipIf(typeof process.getuid !== 'function')('`listgate stage` on an unreadable file or a directory exits 2 with one line', { timeout: 180_000 }, async () => {
    const db = mkdtempSync(join(tmpdir(), 'listgate-bad-input-db-'));
    chmodSync(db, 0o777);
    const locked = write('locked.csv', `${header}\n${person(1)}\n`);
    chmodSync(locked, 0o000);
    chmodSync(dir, 0o755);
    try {
      // root reads any file: the unreadable case runs as nobody when the tests run as root
      const asNobody = process.getuid!() === 0 ? { uid: 65534, gid: 65534 } : {};
      const unreadable = await runCli(['stage', locked, '-p', 'tradeshow', '--quiet', '--db', db], { DATABASE_URL: '', HOME: db }, asNobody);
      expect(unreadable.stderr.trim()).toMatch(/locked\.csv: permission denied/);
      expect(unreadable.stderr.trim().split('\n')).toHaveLength(1);
      expect(unreadable.code).toBe(2);
      const folder = await runCli(['stage', dir, '-p', 'tradeshow', '--quiet', '--db', db], { DATABASE_URL: '' });
      expect(folder.stderr.trim()).toMatch(/a directory, not a list file/);
      expect(folder.code).toBe(2);
    } finally {
      rmSync(db, { recursive: true, force: true });
    }
  });
});

describe('mixed encodings (case 6)', () => {
  it('reads UTF-8 rows then Windows-1252 rows each in its own encoding, and says so', async () => {
    const utf8 = [header, ...Array.from({ length: 1500 }, (_, i) => `José${i},Müller,Straße ${i},jose${i}@firm.de,`)].join('\n') + '\n';
    const cp1252 = iconv.encode(Array.from({ length: 500 }, (_, i) => `Zoë${i},Gößmann,Café ${i},zoe${i}@firm.de,`).join('\n') + '\n', 'windows-1252');
    const { rows, warnings } = await readAll(write('mixed.csv', Buffer.concat([Buffer.from(utf8, 'utf8'), cp1252])));
    expect(rows).toHaveLength(2000);
    expect(rows[0].cells).toMatchObject({ 'First Name': 'José0', 'Last Name': 'Müller', Company: 'Straße 0' });
    expect(rows[1999].cells).toMatchObject({ 'First Name': 'Zoë499', 'Last Name': 'Gößmann', Company: 'Café 499' });
    expect(rows.some((r) => Object.values(r.cells).some((v) => v.includes('\uFFFD')))).toBe(false);
    expect(warnings.join('\n')).toMatch(/500 lines are not valid UTF-8 \(the first is line 1502\); they were read as windows-1252/);
  });

  it('reads UTF-8 rows inside a Windows-1252 file as UTF-8', async () => {
    const first = iconv.encode([header, ...Array.from({ length: 1500 }, (_, i) => `Zoë${i},Gößmann,Café,zoe${i}@firm.de,`)].join('\r\n') + '\r\n', 'windows-1252');
    const then = Buffer.from(Array.from({ length: 20 }, (_, i) => `José${i},Müller,Straße,jose${i}@firm.de,`).join('\r\n') + '\r\n', 'utf8');
    const { rows, warnings } = await readAll(write('mixed-1252.csv', Buffer.concat([first, then])));
    expect(rows).toHaveLength(1520);
    expect(rows[0].cells['Last Name']).toBe('Gößmann');
    expect(rows[1519].cells).toMatchObject({ 'First Name': 'José19', 'Last Name': 'Müller' });
    expect(warnings.join('\n')).toMatch(/20 lines are UTF-8 in a windows-1252 file/);
  });

  it('flags a row that holds U+FFFD instead of storing it silently', async () => {
    const { rows } = await readAll(write('garbled.csv', `${header}\nZo\uFFFD,G\uFFFD\uFFFDmann,Acme,zoe@acme.com,\n${person(2)}\n`));
    expect(rows[0].issues).toEqual([expect.objectContaining({ code: 'undecodable_characters', severity: 'warning' })]);
    expect(rows[1].issues).toBeUndefined();
  });
});

async function workbook(rows: number, options: { dimension?: boolean } = {}): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('List');
  sheet.addRow(header.split(','));
  for (let i = 1; i <= rows; i++) sheet.addRow(person(i).split(','));
  let buffer: Buffer = Buffer.from(await book.xlsx.writeBuffer());
  if (options.dimension === false) {
    const zip = await JSZip.loadAsync(buffer);
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    zip.file('xl/worksheets/sheet1.xml', xml.replace(/<dimension[^>]*\/>/, ''));
    buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  }
  return buffer;
}

describe('XLSX limits (case 4)', () => {
  it('refuses a sheet whose rows pass the limit before reading them, by its dimension or by counting', async () => {
    const limits = { ...defaultReadLimits, sheetRows: 100 };
    const withDimension = write('rows-dimension.xlsx', await workbook(150));
    expect(await refusal(readAll(withDimension, limits))).toMatch(/rows-dimension\.xlsx: the sheet reaches row 151, beyond 100 \(the limit sheet-rows\); refused before reading it \(raise the limit with --limit sheet-rows=N/);
    const withoutDimension = write('rows-counted.xlsx', await workbook(150, { dimension: false }));
    expect(await refusal(readAll(withoutDimension, limits))).toMatch(/rows-counted\.xlsx: the sheet reaches row 101, beyond 100/);
    expect((await readAll(withoutDimension, readLimitsFrom(['sheet-rows=200']))).rows).toHaveLength(150);
  });

  it('refuses shared strings that expand a thousand times over before inflating them, and beyond a size', async () => {
    const base = await JSZip.loadAsync(await workbook(3));
    const cell = 'A'.repeat(800);
    const copies = 24_000; // about 19 MB of one repeated string
    base.file('xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${copies}" uniqueCount="${copies}">${`<si><t>${cell}</t></si>`.repeat(copies)}</sst>`);
    const bomb = write('strings-bomb.xlsx', await base.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect(readFileSync(bomb).length).toBeLessThan(200_000);
    expect(await refusal(readAll(bomb))).toMatch(/strings-bomb\.xlsx: its shared strings expand \d+ times over .* more than the 100 a real list does; refused before reading it \(raise the limit with --limit expansion-ratio=N/);
    expect(await refusal(readAll(bomb, readLimitsFrom(['expansion-ratio=100000', 'strings-mb=8'])))).toMatch(/its shared strings expand to more than 8 MB/);
  });

  it('rejects a --limit it does not know in one line', () => {
    expect(() => readLimitsFrom(['rows=5'])).toThrow(/--limit rows=5: expected NAME=NUMBER with NAME one of row-chars, field-lines, sheet-rows/);
  });
});

describe(`staging the probe files (${databaseKind})`, () => {
  let t: TestDatabase;
  const reports = mkdtempSync(join(tmpdir(), 'listgate-bad-input-reports-'));
  beforeAll(async () => { t = await createTestDatabase(); });
  afterAll(async () => { await t?.cleanup(); rmSync(reports, { recursive: true, force: true }); });

  async function stageAndRead(name: string, content: string | Buffer): Promise<{ batchId: string; rows: Array<Record<string, string>> }> {
    const file = write(name, content);
    const result = await stageFile(t.crm, { file, pipeline: 'tradeshow', reportDir: join(reports, name) });
    const rows = Papa.parse<Record<string, string>>(readFileSync(result.report.csv, 'utf8'), { header: true, skipEmptyLines: true }).data;
    return { batchId: result.batchId, rows };
  }

  it('stages every row of a file with an unclosed quote, the quote\'s row rejected with its reason', { timeout: 60_000 }, async () => {
    const lines = [header];
    for (let i = 1; i <= 2000; i++) lines.push(i === 5 ? `Pat5,Lane5,"Firma,pat5@firm.com,` : person(i));
    const { batchId, rows } = await stageAndRead('stage-unclosed.csv', lines.join('\n') + '\n');
    expect(rows).toHaveLength(2000);
    expect(rows.map((r) => Number(r.source_row))).toEqual(Array.from({ length: 2000 }, (_, i) => i + 2));
    expect(rows[4]).toMatchObject({ route: 'rejected' });
    expect(rows[4].reasons).toMatch(/quoted field opened in this row is not closed/);
    expect(rows.filter((r) => r.route === 'rejected')).toHaveLength(1);
    const { rows: [longest] } = await sql<{ n: number }>`select max(length(normalized::text))::int as n from batch_rows where batch_id = ${batchId}`.execute(t.crm.db);
    expect(longest.n).toBeLessThan(5000);
  });

  it('stages a file with NUL bytes deep in it, each such row with its issue', { timeout: 60_000 }, async () => {
    const lines = [header];
    for (let i = 1; i <= 2000; i++) lines.push(i === 1800 ? person(i).replace('Company', 'Com\0pany') : person(i));
    const { batchId, rows } = await stageAndRead('stage-nul.csv', lines.join('\n') + '\n');
    expect(rows).toHaveLength(2000);
    const { rows: [row] } = await sql<{ issues: string }>`select issues::text as issues from batch_rows where batch_id = ${batchId} and source_row = 1801`.execute(t.crm.db);
    expect(row.issues).toContain('nul_characters');
    expect(rows[1799].company).toBe('Company 54');
  });

  it('stages mixed encodings with every name intact', { timeout: 60_000 }, async () => {
    const utf8 = [header, ...Array.from({ length: 300 }, (_, i) => `José${i},Müller,Straße ${i},jose${i}@firm.de,`)].join('\n') + '\n';
    const cp1252 = iconv.encode(Array.from({ length: 100 }, (_, i) => `Zoë${i},Gößmann,Café ${i},zoe${i}@firm.de,`).join('\n') + '\n', 'windows-1252');
    // the Windows-1252 rows start beyond the 64 KB sample the encoding is guessed from
    const padding = Array.from({ length: 1200 }, (_, i) => person(i + 10_000)).join('\n') + '\n';
    const { rows } = await stageAndRead('stage-mixed.csv', Buffer.concat([Buffer.from(utf8 + padding, 'utf8'), cp1252]));
    expect(rows).toHaveLength(1600);
    expect(rows.filter((r) => r.last_name === 'Gößmann')).toHaveLength(100);
    expect(rows.filter((r) => /\uFFFD/.test(`${r.first_name}${r.last_name}${r.company}`))).toHaveLength(0);
  });
});
