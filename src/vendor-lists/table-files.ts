import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';

/** One column of a report table: its header and how a row shows in it. */
export interface ReportColumn<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
  width?: number;
}

/**
 * A cell a spreadsheet would run as a formula (=, @, or +/- before a letter) is written with a
 * leading apostrophe; phone numbers like +1 555... stay as they are.
 */
export function safeCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /^[=@\t\r]/.test(text) || /^[+-][^\d\s.]/.test(text) ? `'${text}` : text;
}

export function writeCsv<T>(path: string, columns: ReportColumn<T>[], rows: Iterable<T>): void {
  mkdirSync(dirname(path), { recursive: true });
  const data = [...rows].map((row) => columns.map((c) => safeCell(c.value(row))));
  writeFileSync(path, Papa.unparse({ fields: columns.map((c) => c.header), data }, { newline: '\r\n' }) + '\r\n', 'utf8');
}

/** XLSX with exceljs' streaming writer (rows are committed as they go, so 100k rows stay cheap). */
export async function writeXlsx<T>(path: string, sheetName: string, columns: ReportColumn<T>[], rows: Iterable<T>): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.header, width: c.width ?? Math.max(12, c.header.length + 2) }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row) ?? null)).commit();
  sheet.commit();
  await workbook.commit();
}
