/**
 * Spreadsheet formula injection: a cell beginning with = + - @ (or a tab / carriage return,
 * which some spreadsheets skip) is run as a formula when a steward opens the CSV or XLSX.
 * Prefixing a single quote makes it text.
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A cell value for CSV or XLSX: strings neutralized, numbers kept as numbers, empty for null. */
export function safeCell(value: string | number | null | undefined): string | number {
  if (value === null || value === undefined) return '';
  return typeof value === 'number' ? value : neutralizeFormula(value);
}
