import ExcelJS from 'exceljs';
import type { SourceRecord } from './csv-records.js';

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

export interface XlsxSheetInfo {
  name: string;
  names: string[];
}

/**
 * Streams the rows of one worksheet with exceljs's streaming reader (memory independent of the sheet's
 * size). Rows keep their spreadsheet row numbers; empty rows between them are not emitted by Excel and are
 * counted by the caller from the gaps. onSheet is called once the sheet is chosen.
 */
export async function* xlsxRecords(path: string, sheet: SheetSelector, onSheet: (info: XlsxSheetInfo) => void): AsyncGenerator<SourceRecord[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore',
  } as any);
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
