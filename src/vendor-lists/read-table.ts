import { openListFile } from '../extract/index.js';
import type { RawRow } from '../types.js';

/** A small table file (responses, suppressions): its headers and rows, numbered as a spreadsheet shows them. */
export interface SmallTable { file: string; headers: string[]; rows: RawRow[] }

/** Reads a CSV or XLSX file with the list readers (encoding, delimiter, title rows handled there). */
export async function readSmallTable(file: string): Promise<SmallTable> {
  const list = await openListFile(file);
  const rows: RawRow[] = [];
  for await (const row of list.rows()) rows.push(row);
  return { file, headers: list.info.headers, rows };
}

/** Header text compared loosely: case, spaces, dashes, dots and underscores ignored. */
export function headerKey(text: string): string {
  return text.toLowerCase().replace(/[\s_\-.]+/g, '');
}

/**
 * Finds the header for each wanted field among synonyms (compared by headerKey). Returns
 * field -> header for the fields present.
 */
export function findColumns<F extends string>(headers: string[], synonyms: Record<F, string[]>): Partial<Record<F, string>> {
  const byKey = new Map(headers.map((h) => [headerKey(h), h]));
  const found: Partial<Record<F, string>> = {};
  for (const [field, names] of Object.entries(synonyms) as [F, string[]][]) {
    for (const name of [field, ...names]) {
      const header = byKey.get(headerKey(name));
      if (header) { found[field] = header; break; }
    }
  }
  return found;
}
