import type ExcelJS from 'exceljs';
import { basename } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import type { CentralDirectoryFile } from 'unzipper';
import { UserError } from '../errors.js';
import type { SourceRecord } from './csv-records.js';
import type { ReadLimits } from './read-limits.js';
import type { BytesRead } from './text-encoding.js';

/** A worksheet chosen by name or 1-based index; undefined: the first one with data. */
export type SheetSelector = string | number | undefined;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Dates as ISO text (date only when there is no time of day). Excel dates carry no zone: read as UTC. */
function formatDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const day = `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
  if (date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0) return day;
  return `${day} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`;
}

/**
 * A number as the sheet shows it where that matters for contact data: whole numbers in full (a phone
 * 15551234567, never 1.55551E+10), zero-padded formats kept (zip 2134 with format 00000 -> "02134").
 */
function formatNumber(value: number, numFmt: string | undefined): string {
  if (Number.isInteger(value)) {
    let text = Math.abs(value) < 1e21 ? value.toFixed(0) : String(value);
    if (numFmt) {
      const zeros = /^0+$/.exec(numFmt.replace(/\\|"/g, ''));
      if (zeros && text.length < zeros[0].length && value >= 0) text = text.padStart(zeros[0].length, '0');
      else if (/^0{5}-0{4}$/.test(numFmt.replace(/\\/g, ''))) {
        const digits = text.padStart(9, '0');
        text = `${digits.slice(0, 5)}-${digits.slice(5)}`;
      }
    }
    return text;
  }
  if (numFmt && /%/.test(numFmt)) return `${+(value * 100).toPrecision(12)}%`;
  return String(+value.toPrecision(15));
}

/** A cell's value as text: rich text joined, formula results, hyperlink text, dates, numbers as above. */
export function cellText(value: ExcelJS.CellValue, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value, numFmt);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return formatDate(value);
  if (typeof value === 'object') {
    const v = value as any;
    if (Array.isArray(v.richText)) return v.richText.map((part: { text: string }) => part.text ?? '').join('');
    if ('formula' in v || 'sharedFormula' in v) return v.result === undefined ? '' : cellText(v.result, numFmt);
    if ('error' in v) return '';
    if ('text' in v) return typeof v.text === 'string' ? v.text : cellText(v.text, numFmt);
    if ('hyperlink' in v) return String(v.hyperlink);
  }
  return String(value);
}

/**
 * exceljs's streaming reader makes one pass over the archive in stored order, and on Node 18+ that pass
 * intermittently loses the last entry, which in exceljs-written files is xl/workbook.xml: the sheets then
 * have no names and the reader throws "Cannot read properties of undefined (reading 'sheets')" (exceljs
 * issue #3064; it failed our CI once). Instead the archive is read through its central directory
 * (unzipper.Open, random access): rels, workbook, shared strings and styles first, then each worksheet,
 * still parsed row by row by exceljs's own parsers, so memory stays independent of the sheet's size.
 * This drives exceljs 4.4's internal _parse* methods, the same change as the upstream fix (PR #3065).
 */
async function* parseInDirectoryOrder(reader: any, path: string, limits: ReadLimits, bytes?: BytesRead): AsyncGenerator<{ eventType: string; value: unknown }> {
  const { Open } = await import('unzipper');
  const directory = await Open.file(path);
  const entry = (name: string) => directory.files.find((file) => file.path === name);
  const name = basename(path);
  for (const file of directory.files) {
    const number = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(file.path)?.[1];
    if (number !== undefined || file.path === 'xl/sharedStrings.xml') checkDeclaredSize(name, file, limits);
  }
  const rels = entry('xl/_rels/workbook.xml.rels');
  if (rels) await reader._parseRels(rels.stream());
  const workbook = entry('xl/workbook.xml');
  if (workbook) await reader._parseWorkbook(workbook.stream());
  const sharedStrings = entry('xl/sharedStrings.xml');
  if (sharedStrings) yield* reader._parseSharedStrings(limitedStream(name, sharedStrings, limits));
  const styles = entry('xl/styles.xml');
  if (styles) await reader._parseStyles(styles.stream());
  const worksheets = directory.files
    .map((file) => ({ file, number: /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(file.path)?.[1] }))
    .filter((sheet): sheet is { file: typeof sheet.file; number: string } => sheet.number !== undefined)
    .sort((a, b) => Number(a.number) - Number(b.number));
  // progress: the worksheets' uncompressed XML, the bulk of a workbook's reading
  if (bytes) bytes.total = worksheets.reduce((sum, { file }) => sum + file.uncompressedSize, 0);
  for (const { file, number } of worksheets) {
    await checkDimension(name, file, limits);
    yield* reader._parseWorksheet(limitedStream(name, file, limits, bytes), number);
  }
}

type ZipEntry = CentralDirectoryFile;

const megabyte = 1024 * 1024;
/** below this, any ratio is fine: small parts of repeated text compress very well and harm nobody */
const ratioFloor = 16 * megabyte;

function partLimit(file: ZipEntry, limits: ReadLimits): { megabytes: number; option: string; what: string } {
  return file.path === 'xl/sharedStrings.xml'
    ? { megabytes: limits.stringsMegabytes, option: 'strings-mb', what: 'its shared strings' }
    : { megabytes: limits.sheetMegabytes, option: 'sheet-mb', what: `its sheet part ${file.path}` };
}

function tooLarge(name: string, file: ZipEntry, limits: ReadLimits, bytes: number): UserError {
  const { megabytes, option, what } = partLimit(file, limits);
  return new UserError(`${name}: ${what} expand${what.startsWith('its shared') ? '' : 's'} to more than ${megabytes} MB (${Math.round(bytes / megabyte)} MB or more), ` +
    `more than any real list holds; refused before reading it (raise the limit with --limit ${option}=N if the file is genuine)`);
}

function tooCompressed(name: string, file: ZipEntry, limits: ReadLimits, bytes: number): UserError {
  const { what } = partLimit(file, limits);
  return new UserError(`${name}: ${what} expand${what.startsWith('its shared') ? '' : 's'} ${Math.round(bytes / Math.max(1, file.compressedSize))} times over (${Math.round(bytes / megabyte)} MB from ` +
    `${Math.round(file.compressedSize / megabyte)} MB), more than the ${limits.expansionRatio} a real list does; refused before reading it (raise the limit with --limit expansion-ratio=N if the file is genuine)`);
}

/** The sizes the archive's directory declares, checked before anything is inflated. */
function checkDeclaredSize(name: string, file: ZipEntry, limits: ReadLimits): void {
  if (file.uncompressedSize > partLimit(file, limits).megabytes * megabyte) throw tooLarge(name, file, limits, file.uncompressedSize);
  if (file.uncompressedSize > ratioFloor && file.uncompressedSize > file.compressedSize * limits.expansionRatio) {
    throw tooCompressed(name, file, limits, file.uncompressedSize);
  }
}

/** The part's inflated bytes, cut off with a UserError where they pass the limits (the directory's sizes can lie). */
function limitedStream(name: string, file: ZipEntry, limits: ReadLimits, bytes?: BytesRead): Readable {
  const maxBytes = partLimit(file, limits).megabytes * megabyte;
  const maxByRatio = Math.max(ratioFloor, file.compressedSize * limits.expansionRatio);
  let seen = 0;
  const source = file.stream();
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (bytes) bytes.read += chunk.length;
      if (seen > maxBytes) return done(tooLarge(name, file, limits, seen));
      if (seen > maxByRatio) return done(tooCompressed(name, file, limits, seen));
      done(null, chunk);
    },
  });
  source.on('error', (error) => counter.destroy(error));
  counter.on('close', () => source.destroy());
  return source.pipe(counter);
}

/**
 * A sheet's <dimension ref="A1:K1900000"/> (written first by Excel and most tools) names its last row:
 * a sheet over the limit is refused before any of its rows is read. Rows are counted as they are read too.
 */
async function checkDimension(name: string, file: ZipEntry, limits: ReadLimits): Promise<void> {
  const stream = file.stream();
  let head = '';
  try {
    for await (const chunk of stream) {
      head += (chunk as Buffer).toString('latin1');
      if (head.length > 4096 || head.includes('<sheetData')) break;
    }
  } finally {
    stream.destroy();
  }
  const last = /<dimension\s+ref="[A-Z]*\d*:?[A-Z]*(\d+)"/.exec(head)?.[1];
  if (last !== undefined && Number(last) > limits.sheetRows) throw tooManyRows(name, Number(last), limits);
}

function tooManyRows(name: string, rows: number, limits: ReadLimits): UserError {
  return new UserError(`${name}: the sheet reaches row ${rows.toLocaleString('en-US')}, beyond ${limits.sheetRows.toLocaleString('en-US')} ` +
    `(${limits.sheetRows === 1_048_576 ? 'the most rows an Excel sheet holds' : 'the limit sheet-rows'}); refused before reading it (raise the limit with --limit sheet-rows=N, or split the list)`);
}

export interface XlsxSheetInfo {
  name: string;
  names: string[];
}

/**
 * Streams the rows of one worksheet with exceljs's streaming reader (memory independent of the sheet's
 * size). Rows keep their spreadsheet row numbers; empty rows between them are not emitted by Excel and are
 * counted by the caller from the gaps. onSheet is called once the sheet is chosen.
 */
export async function* xlsxRecords(path: string, sheet: SheetSelector, limits: ReadLimits, onSheet: (info: XlsxSheetInfo) => void, bytes?: BytesRead): AsyncGenerator<SourceRecord[]> {
  // exceljs and unzipper load when an XLSX file is read: a CSV list or CRM export never needs them
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore',
  } as any);
  (reader as any).parse = () => parseInDirectoryOrder(reader, path, limits, bytes);
  const fileName = basename(path);
  let position = 0;
  let chosen = false;
  const names: string[] = [];
  for await (const worksheet of reader as any as AsyncIterable<any>) {
    position++;
    const sheetNames: string[] = ((reader as any).model?.sheets ?? []).map((s: { name: string }) => s.name);
    const name: string = worksheet.name;
    names.push(name);
    const index = sheetNames.length ? sheetNames.indexOf(name) + 1 : position;
    if (sheet !== undefined) {
      const wanted = typeof sheet === 'number' ? index === sheet : name.toLowerCase() === String(sheet).toLowerCase();
      if (!wanted) continue;
    }
    let batch: SourceRecord[] = [];
    let started = false;
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      if (row.number > limits.sheetRows) throw tooManyRows(fileName, row.number, limits);
      const values = row.values as ExcelJS.CellValue[];
      const cells: string[] = new Array(Math.max(0, values.length - 1));
      let any = false;
      for (let c = 1; c < values.length; c++) {
        const value = values[c];
        if (value === undefined || value === null) { cells[c - 1] = ''; continue; }
        const numFmt = typeof value === 'number' ? (row.getCell(c).numFmt as string | undefined) : undefined;
        const text = cellText(value, numFmt);
        cells[c - 1] = text;
        if (text) any = true;
      }
      if (!any && !started) continue;
      if (!started) {
        started = true;
        chosen = true;
        onSheet({ name, names: sheetNames.length ? sheetNames : names });
      }
      batch.push({ sourceRow: row.number, cells });
      if (batch.length >= 500) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
    if (started) return;
    if (sheet !== undefined) {
      chosen = true;
      onSheet({ name, names: sheetNames.length ? sheetNames : names });
      return;
    }
  }
  if (!chosen) {
    const sheetNames: string[] = ((reader as any).model?.sheets ?? []).map((s: { name: string }) => s.name);
    onSheet({ name: '', names: sheetNames.length ? sheetNames : names });
  }
}
