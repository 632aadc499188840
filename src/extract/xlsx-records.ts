import ExcelJS from 'exceljs';
import { pipeline, Transform } from 'node:stream';
import { Open } from 'unzipper';
import type { SourceRecord } from './csv-records.js';
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
async function* parseInDirectoryOrder(reader: any, path: string, bytes?: BytesRead): AsyncGenerator<{ eventType: string; value: unknown }> {
  const directory = await Open.file(path);
  const entry = (name: string) => directory.files.find((file) => file.path === name);
  const rels = entry('xl/_rels/workbook.xml.rels');
  if (rels) await reader._parseRels(rels.stream());
  const workbook = entry('xl/workbook.xml');
  if (workbook) await reader._parseWorkbook(workbook.stream());
  const sharedStrings = entry('xl/sharedStrings.xml');
  if (sharedStrings) yield* reader._parseSharedStrings(sharedStrings.stream());
  const styles = entry('xl/styles.xml');
  if (styles) await reader._parseStyles(styles.stream());
  const worksheets = directory.files
    .map((file) => ({ file, number: /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(file.path)?.[1] }))
    .filter((sheet): sheet is { file: typeof sheet.file; number: string } => sheet.number !== undefined)
    .sort((a, b) => Number(a.number) - Number(b.number));
  // progress: the worksheets' uncompressed XML, the bulk of a workbook's reading
  if (bytes) bytes.total = worksheets.reduce((sum, { file }) => sum + file.uncompressedSize, 0);
  for (const { file, number } of worksheets) {
    // pipeline, not pipe: an error of the archive's stream reaches the parser
    const stream = bytes
      ? pipeline(file.stream(), new Transform({ transform(chunk: Buffer, _encoding, done) { bytes.read += chunk.length; done(null, chunk); } }), () => {})
      : file.stream();
    yield* reader._parseWorksheet(stream, number);
  }
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
export async function* xlsxRecords(path: string, sheet: SheetSelector, onSheet: (info: XlsxSheetInfo) => void, bytes?: BytesRead): AsyncGenerator<SourceRecord[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore',
  } as any);
  (reader as any).parse = () => parseInDirectoryOrder(reader, path, bytes);
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
