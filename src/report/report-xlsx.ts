import { once } from 'node:events';
import { setTimeout } from 'node:timers/promises';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { routes, type Route, type RowPlan } from '../types.js';
import { routeLabels, type CandidateRecord, type ReportModel } from './report-model.js';
import { safeCell } from './spreadsheet-safe.js';
import { displayName, personOf, type StagedRow } from './staged-row.js';
import { countOf } from '../plain-words.js';

/** The sheet and headers the review command reads steward decisions from: keep them exactly. */
export const mergeSheetName = 'merge_candidate';
export const decisionHeader = 'decision';
export const sourceRowHeader = 'source_row';
export const stewardDecisions = ['merge', 'create_new', 'skip'] as const;

/** Excel holds 1,048,576 rows a sheet; beyond this a route's sheet says so and rows.csv has the rest. */
export const xlsxRowLimit = 1_000_000;

interface Column { header: string; width: number; value: (row: StagedRow, candidate?: CandidateRecord) => string | number | null | undefined }

const commonColumns: Column[] = [
  { header: sourceRowHeader, width: 10, value: (r) => r.sourceRow },
  { header: 'first_name', width: 14, value: (r) => personOf(r).firstName ?? r.normalized.values?.first_name },
  { header: 'last_name', width: 16, value: (r) => personOf(r).lastName ?? r.normalized.values?.last_name },
  { header: 'email', width: 36, value: (r) => personOf(r).email ?? r.normalized.values?.email },
  { header: 'company', width: 24, value: (r) => personOf(r).company ?? r.normalized.values?.company },
  { header: 'title', width: 20, value: (r) => personOf(r).title ?? r.normalized.values?.title },
  { header: 'phone', width: 16, value: (r) => personOf(r).phone ?? r.normalized.values?.phone },
];

const matchColumns: Column[] = [
  { header: 'account_id', width: 16, value: (r) => r.accountId },
  { header: 'contact_id', width: 16, value: (r) => r.contactId },
  { header: 'lead_id', width: 16, value: (r) => r.leadId },
  { header: 'duplicate_of_row', width: 10, value: (r) => r.duplicateOfRow },
  { header: 'score', width: 8, value: (r) => (r.score === null ? null : Math.round(r.score * 10) / 10) },
];

function planWords(plan: RowPlan | null | undefined): string {
  if (!plan) return '';
  const parts: string[] = [];
  if (plan.createLead) parts.push(`Lead ${plan.createLead.id} (${plan.createLead.values.rating ?? ''}, follow up ${plan.createLead.values.follow_up_due ?? ''})`);
  if (plan.createContact) parts.push(`Contact ${plan.createContact.id}`);
  if (plan.createOpportunity) parts.push(`Opportunity ${plan.createOpportunity.id} "${plan.createOpportunity.values.name ?? ''}"`);
  if (plan.update?.fields.length) parts.push(plan.update.fields.map((f) => `${f.kind === 'overwrite' ? 'overwrite' : f.kind === 'fill' ? 'fill' : 'secondary email'} ${f.field}: ${f.old ?? '(empty)'} -> ${f.new}`).join('; '));
  if (plan.vendorRecord) parts.push(`vendor id ${plan.vendorRecord.vendorRecordId}`);
  return parts.join('; ');
}

function columnsOf(route: Route): Column[] {
  const reasons: Column = { header: 'reasons', width: 80, value: (r) => r.reasons };
  if (route === 'merge_candidate') {
    return [
      commonColumns[0],
      // a decision already recorded (listgate report after review) stands in the cell, as review --from reads it back
      { header: decisionHeader, width: 22, value: (r) => (r.decision ? (r.decision.target && r.decision.decision === 'merge' ? `merge:${r.decision.target}` : r.decision.decision) : null) },
      { header: 'candidate_type', width: 10, value: (r) => (r.contactId ? 'contact' : r.leadId ? 'lead' : null) },
      { header: 'candidate_id', width: 16, value: (r) => r.contactId ?? r.leadId },
      { header: 'other_candidates', width: 24, value: (r) => (r.match?.ambiguous?.ids ?? []).filter((id) => id !== (r.contactId ?? r.leadId)).map((id) => `merge:${id}`).join(', ') },
      matchColumns[4],
      ...commonColumns.slice(1),
      { header: 'candidate_name', width: 20, value: (_r, c) => [c?.fields.first_name, c?.fields.last_name].filter(Boolean).join(' ') },
      { header: 'candidate_email', width: 36, value: (_r, c) => c?.fields.email },
      { header: 'candidate_company', width: 24, value: (_r, c) => c?.fields.company },
      { header: 'candidate_title', width: 20, value: (_r, c) => c?.fields.title },
      { header: 'candidate_phone', width: 16, value: (_r, c) => c?.fields.phone },
      { header: 'on_merge', width: 40, value: (r) => planWords(r.plan?.onMerge) },
      { header: 'on_create_new', width: 40, value: (r) => planWords(r.plan?.onCreateNew) },
      reasons,
    ];
  }
  if (route === 'rejected') {
    return [...commonColumns, { header: 'issues', width: 60, value: (r) => r.issues.map((i) => `${i.severity}: ${i.field ? `${i.field}: ` : ''}${i.message}`).join('; ') }, reasons];
  }
  return [...commonColumns, ...matchColumns, { header: 'will_create_or_change', width: 50, value: (r) => planWords(r.plan) }, reasons];
}

function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/**
 * Waits until the zip has taken the sheet's rows so far. exceljs' streaming writer passes rows to
 * the archive without backpressure, and before the archive reaches the sheet (an earlier sheet
 * is still being compressed) it keeps them in the sheet's own buffers: either way, with rows
 * coming faster than the deflate takes them, they wait in memory (hundreds of MB for a
 * million-row batch). The sheet's stream buffers until the archive pipes it into a PassThrough
 * (exceljs and archiver internals: when they are not there, nothing is awaited).
 */
async function zipCaughtUp(sheet: ExcelJS.Worksheet): Promise<void> {
  const stream = (sheet as unknown as { stream?: { pipes?: unknown[]; buffers?: unknown[] } }).stream;
  // not taken by the archive yet: wait while more than a few 64 KB buffers are held
  while (stream && !stream.pipes?.length && (stream.buffers?.length ?? 0) > 16) await setTimeout(5);
  for (const destination of stream?.pipes ?? []) {
    // archiver's PassThrough comes from readable-stream 2, which has no writableNeedDrain
    const writable = destination as Writable & { _writableState?: { needDrain?: boolean } };
    if (writable?.writableNeedDrain ?? writable?._writableState?.needDrain) await once(writable, 'drain');
  }
}

/** Printed, every sheet fits the page's width and runs on as many pages as it needs (fitToWidth alone is ignored by Excel). */
const printSetup: Partial<ExcelJS.PageSetup> = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 };

/**
 * A phone number stays text without a visible apostrophe: the Text number format keeps
 * "+1 312 555 8726" from being read as a formula when the cell is edited. (exceljs cannot write
 * Excel's quotePrefix style attribute, so the Text format does its work; a cell in XLSX is never
 * a formula unless written as one, so the apostrophe safeCell adds for CSV is taken off.)
 */
function textCell(cell: ExcelJS.Cell): void {
  const value = cell.value;
  if (typeof value === 'string' && /^'[=+\-@\t\r]/.test(value)) cell.value = value.slice(1);
  cell.style = textStyle;
}

const plainStyle: Partial<ExcelJS.Style> = {};
const textStyle: Partial<ExcelJS.Style> = { numFmt: '@' };

/** One line of a route's sheet: its cells, or (merge candidates) the row, shown next to its candidate record. */
export type SheetLine = Cell[] | StagedRow;
type Cell = string | number | null;

/** A row's cells on its route's sheet (merge candidates: without their candidate, see SheetLine). */
export function sheetCells(row: StagedRow, candidate?: CandidateRecord): Cell[] {
  return columnsOf(row.route).map((c) => safeCell(c.value(row, candidate) ?? null));
}

export interface XlsxSources {
  /** a route's sheet lines in source_row order, chunk by chunk */
  linesOfRoute(route: Route): AsyncIterable<SheetLine[]>;
  /** the CRM records merge candidates point at, for a chunk of merge rows */
  candidatesOf(rows: StagedRow[]): Promise<Map<string, CandidateRecord>>;
}

/**
 * report.xlsx for data stewards, written with exceljs' streaming WorkbookWriter one sheet after
 * another (a sheet is committed before the next starts, so memory stays flat): a summary, then
 * one sheet per route with a frozen header and an autofilter. The merge_candidate sheet has a
 * decision column limited to merge / create_new / skip, read back by `listgate review`.
 */
export async function writeReportXlsx(model: ReportModel, sources: XlsxSources, path: string): Promise<void> {
  // styles on: bold headers and text-formatted phone cells (a handful of styles, shared by every row)
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  workbook.creator = 'listgate';

  const summary = workbook.addWorksheet('summary', { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: printSetup });
  summary.columns = [{ header: 'item', key: 'item', width: 30 }, { header: 'value', key: 'value', width: 70 }];
  summary.getRow(1).font = { bold: true };
  const facts: [string, string | number][] = [
    ['batch_id', model.batch.id], ['file', model.batch.file], ['file_sha256', model.batch.fileSha256 ?? ''],
    ['pipeline', model.batch.pipeline], ['intent', model.batch.intent], ['staged_at', model.batch.stagedAt],
    ['rows', model.batch.rowCount],
    ...(model.batch.vendor ? [['vendor', model.batch.vendor] as [string, string]] : []),
    ...(model.batch.list ? [['list', model.batch.list] as [string, string]] : []),
    ...(model.batch.campaign ? [['campaign', model.batch.campaign] as [string, string]] : []),
    ...routes.map((r) => [`route ${r}`, model.counts[r]] as [string, number]),
    ...(model.commitTotals ? [['commit will create', `${countOf(model.commitTotals.leads, 'Lead')}, ${countOf(model.commitTotals.contacts, 'Contact')}, ${countOf(model.commitTotals.opportunities, 'Opportunity')}; ${countOf(model.commitTotals.fieldUpdates, 'field update')} proposed${model.commitTotals.undecided ? `; ${countOf(model.commitTotals.undecided, 'merge candidate')} undecided, not counted` : ''}`] as [string, string]] : []),
    ['steward decisions', `fill the "${decisionHeader}" column of the "${mergeSheetName}" sheet (${stewardDecisions.join(' / ')}, or merge:RECORD_ID for another candidate), then run listgate review ${model.batch.id} --from report.xlsx`],
  ];
  for (const [item, value] of facts) summary.addRow({ item: safeCell(item), value: safeCell(value) }).commit();
  summary.commit();

  for (const route of routes) {
    const columns = columnsOf(route);
    const sheet = workbook.addWorksheet(route, { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: printSetup });
    sheet.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: c.width }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    const phoneColumns = columns.flatMap((c, i) => (/(^|_)phone$/.test(c.header) ? [i + 1] : []));
    let written = 0;
    let capped = false;
    for await (const chunk of sources.linesOfRoute(route)) {
      const rows = chunk.filter((line): line is StagedRow => !Array.isArray(line));
      const candidates = rows.length ? await sources.candidatesOf(rows) : undefined;
      for (const line of chunk) {
        if (written >= xlsxRowLimit) { capped = true; break; }
        const cells = Array.isArray(line) ? line : sheetCells(line, candidates?.get(line.contactId ? `contact:${line.contactId}` : `lead:${line.leadId}`));
        const added = sheet.addRow(cells);
        // one shared style object per kind of cell: exceljs looks a known object up by identity, while
        // a fresh style per cell (its default) is built and compared again for every cell
        for (let column = 1; column <= columns.length; column++) added.getCell(column).style = plainStyle;
        for (const column of phoneColumns) textCell(added.getCell(column));
        added.commit();
        written++;
      }
      await zipCaughtUp(sheet);
      if (capped) break;
    }
    const last = columnLetter(columns.length - 1);
    sheet.autoFilter = `A1:${last}${Math.max(1, written + 1)}`;
    if (route === 'merge_candidate' && written > 0) {
      // a warning, not an error: merge:RECORD_ID (another close candidate) is a decision too
      (sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }).dataValidations.add(`B2:B${written + 1}`, {
        type: 'list', allowBlank: true, formulae: [`"${stewardDecisions.join(',')}"`],
        showErrorMessage: true, errorStyle: 'warning', errorTitle: 'steward decision', error: `choose ${stewardDecisions.join(', ')}, or write merge:RECORD_ID (other_candidates)`,
        showInputMessage: true, promptTitle: 'steward decision', prompt: `${stewardDecisions.join(' / ')}`,
      });
    }
    if (capped) {
      sheet.addRow([`only the first ${xlsxRowLimit.toLocaleString('en-US')} of ${model.counts[route].toLocaleString('en-US')} ${routeLabels[route]} rows fit; all rows are in ${model.files.csv}`]).commit();
    }
    sheet.commit();
  }
  await workbook.commit();
}
