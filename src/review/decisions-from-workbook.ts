import { existsSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { UserError } from '../errors.js';
import { parseDecisionText, stewardDecisions, type DecisionInput } from './steward-decisions.js';

export const decisionSheet = 'merge_candidate';

export interface WorkbookDecisions {
  decisions: DecisionInput[];
  /** one line per bad cell, naming sheet and cell */
  problems: string[];
  /** rows whose decision cell is empty: still undecided */
  empty: number;
  /** the batch_id the summary sheet names, if it has one */
  batchId: string | null;
}

/** The batch id on the summary sheet (row "batch_id"), as the report writes it. */
function summaryBatchId(workbook: ExcelJS.Workbook): string | null {
  const summary = workbook.worksheets.find((s) => s.name.trim().toLowerCase() === 'summary');
  if (!summary) return null;
  for (let r = 1; r <= Math.min(summary.rowCount, 50); r++) {
    const row = summary.getRow(r);
    const item = cellText(row.getCell(1)).trim().toLowerCase();
    if (item === 'batch_id' || item === 'batch') return cellText(row.getCell(2)).trim() || null;
  }
  return null;
}

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'result' in value) return String(value.result ?? '');
  return cell.text ?? String(value);
}

/**
 * Reads the stewards' drop-down decisions back from the report workbook: sheet
 * "merge_candidate", columns "source_row" and "decision" (the header row may sit under a title).
 * Bad cells are reported by sheet and cell; empty decision cells stay undecided.
 */
export async function readWorkbookDecisions(path: string, shownAs = path): Promise<WorkbookDecisions> {
  if (!existsSync(path)) throw new UserError(`${shownAs}: file not found`);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(path);
  } catch (error) {
    throw new UserError(`${shownAs}: not a readable XLSX workbook (${(error as Error).message})`);
  }
  const sheet = workbook.worksheets.find((s) => s.name.trim().toLowerCase() === decisionSheet);
  if (!sheet) throw new UserError(`${shownAs}: no sheet named ${decisionSheet} (sheets: ${workbook.worksheets.map((s) => s.name).join(', ')})`);

  let headerRow = 0;
  let rowColumn = 0;
  let decisionColumn = 0;
  for (let r = 1; r <= Math.min(sheet.rowCount, 20) && !headerRow; r++) {
    const row = sheet.getRow(r);
    row.eachCell((cell, col) => {
      const header = cellText(cell).trim().toLowerCase();
      if (header === 'source_row') rowColumn = col;
      if (header === 'decision') decisionColumn = col;
    });
    if (rowColumn && decisionColumn) headerRow = r;
    else { rowColumn = 0; decisionColumn = 0; }
  }
  if (!headerRow) throw new UserError(`${shownAs}: sheet ${decisionSheet} has no header row with columns source_row and decision`);

  const result: WorkbookDecisions = { decisions: [], problems: [], empty: 0, batchId: summaryBatchId(workbook) };
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const rowCell = row.getCell(rowColumn);
    const decisionCell = row.getCell(decisionColumn);
    const rowText = cellText(rowCell).trim();
    const decisionText = cellText(decisionCell).trim();
    if (!rowText && !decisionText) continue;
    const where = `${shownAs}: sheet ${sheet.name}, cell`;
    if (!decisionText) { result.empty++; continue; }
    if (!/^\d+$/.test(rowText)) {
      result.problems.push(`${where} ${rowCell.address}: '${rowText}' is not a source row number`);
      continue;
    }
    const parsed = parseDecisionText(decisionText);
    if (!parsed || parsed.decision === 'attach' || parsed.decision === 'steward') {
      result.problems.push(`${where} ${decisionCell.address}: '${decisionText}' is not one of ${stewardDecisions.join(', ')} (or merge:RECORD_ID)`);
      continue;
    }
    result.decisions.push({ sourceRow: Number(rowText), ...parsed, origin: `${where} ${rowCell.address}` });
  }
  return result;
}
