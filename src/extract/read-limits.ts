import { UserError } from '../errors.js';

/**
 * How far a list file may go before listgate stops trusting it. Each limit sits well beyond any real
 * marketing list and well below what would exhaust memory or disk; `--limit NAME=VALUE` raises one.
 */
export interface ReadLimits {
  /** characters one CSV row may hold (a row over it is rejected, the rows after it are read) */
  rowChars: number;
  /** line breaks one quoted CSV field may hold (more: the quote is taken as never closed) */
  fieldLines: number;
  /** rows of an XLSX sheet (Excel's own maximum) */
  sheetRows: number;
  /** uncompressed megabytes of one XLSX worksheet (read as a stream) */
  sheetMegabytes: number;
  /** uncompressed megabytes of an XLSX's shared strings (held in memory while the sheet is read) */
  stringsMegabytes: number;
  /** how many times its compressed size one XLSX part may expand to (past the first megabytes) */
  expansionRatio: number;
}

export const defaultReadLimits: ReadLimits = {
  rowChars: 1024 * 1024,
  fieldLines: 100,
  sheetRows: 1_048_576,
  sheetMegabytes: 1024,
  // the CLI runs with a 512 MB heap (bin/listgate.js); the strings as JavaScript text take about as much again
  stringsMegabytes: 128,
  expansionRatio: 100,
};

/** The names `--limit` takes, as the README lists them. */
const limitNames: Record<string, keyof ReadLimits> = {
  'row-chars': 'rowChars',
  'field-lines': 'fieldLines',
  'sheet-rows': 'sheetRows',
  'sheet-mb': 'sheetMegabytes',
  'strings-mb': 'stringsMegabytes',
  'expansion-ratio': 'expansionRatio',
};

/** Parses `--limit NAME=VALUE` options (e.g. sheet-rows=2000000) over the defaults; a bad one is a UserError. */
export function readLimitsFrom(options: string[] | string | undefined): ReadLimits {
  const limits = { ...defaultReadLimits };
  const list = options === undefined ? [] : Array.isArray(options) ? options : [options];
  for (const option of list) {
    const match = /^([a-z-]+)=(\d+)$/.exec(option.trim());
    const key = match ? limitNames[match[1]] : undefined;
    if (!match || !key || Number(match[2]) < 1) {
      throw new UserError(`--limit ${option}: expected NAME=NUMBER with NAME one of ${Object.keys(limitNames).join(', ')}`);
    }
    limits[key] = Number(match[2]);
  }
  return limits;
}
