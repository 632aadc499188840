import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { UserError } from '../errors.js';
import type { RawRow } from '../types.js';

/** A small table file (responses, suppressions): its headers and rows, numbered as a spreadsheet shows them (header = 1). */
export interface SmallTable { file: string; headers: string[]; rows: RawRow[] }

/** Reads a CSV (any delimiter Papa detects) or the first sheet of an XLSX file. */
export async function readSmallTable(file: string): Promise<SmallTable> {
  if (!existsSync(file)) throw new UserError(`${file}: file not found`);
  const ext = extname(file).toLowerCase();
  return ext === '.xlsx' ? readXlsx(file) : readCsv(file);
}

function readCsv(file: string): SmallTable {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
  const [header, ...lines] = parsed.data;
  if (!header || header.every((h) => !h.trim())) throw new UserError(`${file}: no header row`);
  const headers = header.map((h) => h.trim());
  const rows: RawRow[] = [];
  lines.forEach((cells, index) => {
    if (cells.every((c) => !c.trim())) return;
    rows.push({ sourceRow: index + 2, cells: Object.fromEntries(headers.map((h, i) => [h, (cells[i] ?? '').trim()])) });
  });
  return { file, headers, rows };
}

async function readXlsx(file: string): Promise<SmallTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    throw new UserError(`${file}: not a readable XLSX file: ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new UserError(`${file}: the workbook has no sheet`);
  const text = (value: ExcelJS.CellValue): string => {
    if (value === null || value === undefined) return '';
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'object' && 'text' in value) return String(value.text);
    if (typeof value === 'object' && 'result' in value) return String(value.result ?? '');
    if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
    return String(value);
  };
  const headerRow = sheet.getRow(1);
  const headers: string[] = [];
  headerRow.eachCell({ includeEmpty: true }, (cell, col) => { headers[col - 1] = text(cell.value).trim(); });
  if (headers.every((h) => !h)) throw new UserError(`${file}: no header row`);
  const rows: RawRow[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells = Object.fromEntries(headers.map((h, i) => [h, text(row.getCell(i + 1).value).trim()]));
    if (Object.values(cells).some(Boolean)) rows.push({ sourceRow: number, cells });
  });
  return { file, headers, rows };
}

/**
 * Finds the header for each wanted field among synonyms (case, spaces, dashes and underscores
 * ignored). Returns field -> header for the fields present.
 */
export function findColumns<F extends string>(headers: string[], synonyms: Record<F, string[]>): Partial<Record<F, string>> {
  const key = (text: string) => text.toLowerCase().replace(/[\s_\-.]+/g, '');
  const byKey = new Map(headers.map((h) => [key(h), h]));
  const found: Partial<Record<F, string>> = {};
  for (const [field, names] of Object.entries(synonyms) as [F, string[]][]) {
    for (const name of [field, ...names]) {
      const header = byKey.get(key(name));
      if (header) { found[field] = header; break; }
    }
  }
  return found;
}
