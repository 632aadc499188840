/** Reading list files (CSV, XLSX) into raw rows that keep their spreadsheet row numbers. */
export { openListFile, readableFileSize, type ListFile, type ListFileInfo, type ListFormat, type OpenListFileOptions } from './list-file.js';
export { findHeaderIndex, uniqueHeaders, columnLetter, type HeaderHint } from './header-row.js';
export { detectDelimiter, guessNewline, csvRecords, type SourceRecord } from './csv-records.js';
export { guessEncoding } from './text-encoding.js';
export { defaultReadLimits, readLimitsFrom, type ReadLimits } from './read-limits.js';
export { cellText, type SheetSelector } from './xlsx-records.js';
