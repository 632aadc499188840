/** Finding the header row below title/banner rows, and making header names usable as keys. */

/** Scores how much a row looks like the header of a contact list (e.g. how many cells are known column names). */
export type HeaderHint = (cells: string[]) => number;

const numberLike = /^[-+]?[\d.,\s%$€£()]+$/;
const dateLike = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/;

function textCells(cells: string[]): number {
  let n = 0;
  for (const cell of cells) {
    const value = cell.trim();
    if (value && !numberLike.test(value) && !dateLike.test(value) && !value.includes('@') && value.length <= 80) n++;
  }
  return n;
}

function nonEmpty(cells: string[]): number {
  let n = 0;
  for (const cell of cells) if (cell.trim()) n++;
  return n;
}

/**
 * Index of the header among the first rows of a sheet: the first row the hint recognizes at least two
 * column names in; else the first row whose cells are mostly text and which is about as wide as the
 * widest row (a title or "Exported on..." banner has one or two cells).
 */
export function findHeaderIndex(rows: string[][], hint?: HeaderHint): number {
  if (!rows.length) return -1;
  if (hint) {
    for (let i = 0; i < rows.length; i++) if (hint(rows[i]) >= 2) return i;
  }
  const widest = Math.max(...rows.map(nonEmpty));
  const needed = widest <= 1 ? 1 : Math.max(2, Math.ceil(widest * 0.5));
  for (let i = 0; i < rows.length; i++) {
    const filled = nonEmpty(rows[i]);
    if (filled >= needed && textCells(rows[i]) >= Math.max(1, Math.ceil(filled * 0.75))) return i;
  }
  return rows.findIndex((row) => nonEmpty(row) > 0);
}

/** Spreadsheet column letters: 0 -> A, 27 -> AB. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/**
 * Header names made unique and non-empty: blanks become "Column C", a repeated "Email" becomes "Email (2)".
 * Returns the names and a note for each change, for the file's warnings.
 */
export function uniqueHeaders(cells: string[]): { headers: string[]; notes: string[] } {
  const headers: string[] = [];
  const notes: string[] = [];
  const seen = new Map<string, number>();
  let last = cells.length;
  while (last > 0 && !cells[last - 1].trim()) last--;
  for (let i = 0; i < last; i++) {
    let name = cells[i].replace(/[\s\u00a0\ufeff]+/g, ' ').trim();
    if (!name) {
      name = `Column ${columnLetter(i)}`;
      notes.push(`column ${columnLetter(i)} has no header; called it "${name}"`);
    }
    const key = name.toLowerCase();
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count > 1) {
      const renamed = `${name} (${count})`;
      notes.push(`header "${name}" appears more than once; column ${columnLetter(i)} is called "${renamed}"`);
      name = renamed;
    }
    headers.push(name);
  }
  return { headers, notes };
}
