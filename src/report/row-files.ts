import { createReadStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Papa from 'papaparse';
import { routes, type Route } from '../types.js';
import { joinJsonObjects, jsonOnce, jsonWith } from '../json-once.js';
import { openTextSink, type TextSink } from './text-sink.js';
import { safeCell } from './spreadsheet-safe.js';
import { personOf, type StagedRow } from './staged-row.js';
import { defaultHtmlRowCap, type ReportPaths } from './report-model.js';
import type { Bucket } from './charts.js';
import { sheetCells, type SheetLine } from './report-xlsx.js';

/** rows.csv columns: the first eight are the contract automation reads; the last four help a reader find the person. */
export const rowsCsvColumns = [
  'source_row', 'route', 'account_id', 'contact_id', 'lead_id', 'duplicate_of_row', 'score', 'reasons',
  'first_name', 'last_name', 'email', 'company',
] as const;

export function csvRecord(row: StagedRow): (string | number)[] {
  const person = personOf(row);
  const values = row.normalized.values ?? {};
  return [
    row.sourceRow, row.route, safeCell(row.accountId), safeCell(row.contactId), safeCell(row.leadId), safeCell(row.duplicateOfRow),
    row.score === null ? '' : Math.round(row.score * 100) / 100, safeCell(row.reasons),
    safeCell(person.firstName ?? values.first_name), safeCell(person.lastName ?? values.last_name),
    safeCell(person.email ?? values.email), safeCell(person.company ?? values.company),
  ];
}

/**
 * One rows.jsonl line as written by default, a few hundred bytes: the row's decision (route, the
 * ids it points at, score; ids that are empty are left out), the best candidate of each kind with
 * its score (and its band when below a match), the issues' codes and what the plan does. The
 * reasons in words are rows.csv's; the row's fields are the list's; its candidates and their
 * comparisons are `listgate explain BATCH ROW`'s. `--full-jsonl` writes rowsJsonlRecord instead.
 */
export function decisionJsonlRecord(row: StagedRow): string {
  const m = row.match;
  const best: Record<string, unknown> = {};
  for (const c of m?.candidates ?? []) {
    if (best[c.entityType]) continue;
    const candidate: Record<string, unknown> = { id: c.id, score: round2(c.score) };
    if (c.band !== 'match') candidate.band = c.band;
    if (c.entityType === 'account' && m?.account?.id === c.id) candidate.via = m.account.via;
    best[c.entityType] = candidate;
  }
  const line: Record<string, unknown> = { source_row: row.sourceRow, route: row.route };
  if (row.score !== null) line.score = round2(row.score);
  if (row.accountId) line.account_id = row.accountId;
  if (row.contactId) line.contact_id = row.contactId;
  if (row.leadId) line.lead_id = row.leadId;
  if (row.duplicateOfRow !== null) line.duplicate_of_row = row.duplicateOfRow;
  if (m && Object.keys(best).length) line.best = best;
  if (m?.ambiguous) line.ambiguous = m.ambiguous.ids;
  if (m?.vendorMatch) line.vendor_match = m.vendorMatch;
  if (row.issues.length) line.issues = row.issues.map((issue) => issue.field ? `${issue.code}:${issue.field}` : issue.code);
  const plan = planSummary(row.plan);
  if (plan) line.plan = plan;
  return JSON.stringify(line);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** What a plan does, in ids and field names: its values are in the workbook and rows.jsonl with --full-jsonl. */
function planSummary(plan: StagedRow['plan']): Record<string, unknown> | null {
  if (!plan) return null;
  const summary: Record<string, unknown> = {};
  if (plan.createLead) summary.create_lead = plan.createLead.id;
  if (plan.createContact) summary.create_contact = plan.createContact.id;
  if (plan.createOpportunity) summary.create_opportunity = plan.createOpportunity.id;
  if (plan.update?.fields.length) summary.update = { [plan.update.entityType]: plan.update.entityId, fields: plan.update.fields.map((f) => f.field) };
  if (plan.campaignResponse) summary.campaign_response = plan.campaignResponse.entityId;
  if (plan.vendorRecord) summary.vendor_record_id = plan.vendorRecord.vendorRecordId;
  return Object.keys(summary).length ? summary : null;
}

/**
 * One rows.jsonl line with --full-jsonl: everything staged about the row, its candidates with their
 * explanations, and which of them the match chose ("best": ids only, the candidates are not repeated).
 */
export function rowsJsonlRecord(row: StagedRow): string {
  const m = row.match;
  const best = m ? Object.fromEntries(Object.entries({
    contact: m.contact?.id, lead: m.lead?.id, account: m.account?.id, account_via: m.account?.via,
    ambiguous: m.ambiguous, vendor_match: m.vendorMatch, candidates_cut: m.candidatesCut,
  }).filter(([, v]) => v !== undefined && v !== null)) : null;
  const head = {
    source_row: row.sourceRow, route: row.route, reasons: row.reasons, score: row.score,
    account_id: row.accountId, contact_id: row.contactId, lead_id: row.leadId, duplicate_of_row: row.duplicateOfRow,
  };
  const fields = row.rowFields ? `{${row.rowFields}}` : JSON.stringify({ raw: row.raw, normalized: row.normalized, issues: row.issues });
  const chosen = jsonWith({}, { candidates: m ? jsonOnce(m.candidates) : '[]', best: JSON.stringify(best), plan: jsonOnce(row.plan) });
  return joinJsonObjects(joinJsonObjects(JSON.stringify(head), fields), chosen);
}

/**
 * A row's line on its report.xlsx sheet: its cells; a merge candidate's row itself (raw and match
 * left out), as the workbook adds its candidate record's fields.
 */
function sheetLine(row: StagedRow): SheetLine {
  if (row.route !== 'merge_candidate') return sheetCells(row);
  const { person, values } = row.normalized;
  // the other close candidates' ids stay, for the workbook's other_candidates column
  const ambiguous = row.match?.ambiguous;
  return { ...row, raw: {}, normalized: { person, values }, match: ambiguous ? { candidates: [], candidatesCut: false, ambiguous } : null };
}

/** Routes whose rows never write anything (commit's inertRoutes). */
const inertRoutes = new Set(['duplicate_in_file', 'suppressed', 'rejected']);

/** Rows read back per chunk from a route's spool file. */
const spoolChunkSize = 2000;

/**
 * The report's per-row files, written while the stage routes the batch (a chunk at a time, in
 * source_row order, so nothing is read back from the database and a million-row batch never
 * sits in memory): rows.csv, rows.jsonl, and per route a spool file of its report.xlsx sheet's
 * lines, which the workbook reads back sheet by sheet (`linesOfRoute`).
 */
export class ReportRowWriter {
  private readonly csv: TextSink;
  private readonly jsonl: TextSink;
  private readonly spools = new Map<Route, TextSink>();
  private count = 0;
  /** best score buckets (floor) per kind of record, counted as rows pass: no scan of the batch afterwards */
  private readonly scores = new Map<string, Map<number, number>>();
  private readonly totals = { leads: 0, contacts: 0, opportunities: 0, fieldUpdates: 0, undecided: 0 };

  private readonly jsonlRecord: (row: StagedRow) => string;
  private readonly counts = new Map<Route, number>();
  /** the first rowCap rows of each route, for report.html's tables */
  private readonly firstRows = new Map<Route, StagedRow[]>();
  private readonly issues = new Map<string, { code: string; severity: string; count: number }>();
  readonly rowCap: number;

  /**
   * fullJsonl: rows.jsonl lines with the row's fields, every candidate and the plan's values (rowsJsonlRecord);
   * rowCap: rows kept per route for report.html's tables
   */
  constructor(readonly paths: ReportPaths, options: { fullJsonl?: boolean; rowCap?: number } = {}) {
    this.jsonlRecord = options.fullJsonl ? rowsJsonlRecord : decisionJsonlRecord;
    this.rowCap = options.rowCap ?? defaultHtmlRowCap;
    mkdirSync(paths.dir, { recursive: true });
    this.csv = openTextSink(paths.csv);
    this.jsonl = openTextSink(paths.jsonl);
  }

  private spoolPath(route: Route): string {
    return join(this.paths.dir, `.sheet-${route}.jsonl`);
  }

  async add(rows: StagedRow[]): Promise<void> {
    if (rows.length === 0) return;
    const header = this.count === 0 ? Papa.unparse([rowsCsvColumns as unknown as string[]], { newline: '\r\n' }) + '\r\n' : '';
    await this.csv.write(header + Papa.unparse(rows.map(csvRecord), { newline: '\r\n' }) + '\r\n');
    await this.jsonl.writeLines(rows.map(this.jsonlRecord));
    const byRoute = new Map<Route, string[]>();
    for (const row of rows) {
      const lines = byRoute.get(row.route) ?? [];
      lines.push(JSON.stringify(sheetLine(row)));
      byRoute.set(row.route, lines);
    }
    for (const [route, lines] of byRoute) {
      let spool = this.spools.get(route);
      if (!spool) this.spools.set(route, (spool = openTextSink(this.spoolPath(route))));
      await spool.writeLines(lines);
    }
    for (const row of rows) this.tally(row);
    this.count += rows.length;
  }

  private tally(row: StagedRow): void {
    this.counts.set(row.route, (this.counts.get(row.route) ?? 0) + 1);
    const first = this.firstRows.get(row.route);
    if (!first) this.firstRows.set(row.route, this.rowCap > 0 ? [row] : []);
    else if (first.length < this.rowCap) first.push(row);
    for (const issue of row.issues) {
      const code = issue.code ?? '?';
      const severity = issue.severity ?? '?';
      const key = `${code}\u0001${severity}`;
      const counted = this.issues.get(key);
      if (counted) counted.count++;
      else this.issues.set(key, { code, severity, count: 1 });
    }
    if (row.score !== null) {
      const target = row.match?.candidates[0]?.entityType ?? 'contact';
      const buckets = this.scores.get(target) ?? new Map<number, number>();
      const bucket = Math.floor(row.score);
      buckets.set(bucket, (buckets.get(bucket) ?? 0) + 1);
      this.scores.set(target, buckets);
    }
    if (inertRoutes.has(row.route)) return;
    // as staged: a merge candidate is undecided (listgate report counts decisions from the database)
    if (row.route === 'merge_candidate') { this.totals.undecided++; return; }
    const plan = row.plan;
    if (!plan) return;
    if (plan.createLead) this.totals.leads++;
    if (plan.createContact) this.totals.contacts++;
    if (plan.createOpportunity) this.totals.opportunities++;
    this.totals.fieldUpdates += plan.update?.fields.length ?? 0;
  }

  /** Rows per route, as they were written. */
  routeCounts(): Partial<Record<Route, number>> {
    return Object.fromEntries(this.counts);
  }

  /** The first rowCap rows of each route, in the order written (source_row order). */
  firstRowsByRoute(): Record<Route, StagedRow[]> {
    return Object.fromEntries(routes.map((route) => [route, this.firstRows.get(route) ?? []])) as Record<Route, StagedRow[]>;
  }

  /** The 30 most frequent issues by code and severity, most frequent first. */
  issuesByKind(): { code: string; severity: string; count: number }[] {
    return [...this.issues.values()].sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)).slice(0, 30).map((i) => ({ ...i }));
  }

  /** Every row's best score, whatever kind of record it was: the per-kind histograms (same buckets) added up. */
  scoreHistogram(maxBuckets = 40): Bucket[] {
    const [first, ...rest] = this.scoreHistograms(maxBuckets).map((h) => h.buckets);
    return (first ?? []).map((bucket, i) => ({ ...bucket, count: rest.reduce((sum, buckets) => sum + buckets[i].count, bucket.count) }));
  }

  /** What commit will create, as staged (no steward decision yet). */
  commitTotals(): { leads: number; contacts: number; opportunities: number; fieldUpdates: number; undecided: number } {
    return { ...this.totals };
  }

  /** The best score per row in one-point buckets (wider beyond maxBuckets), one histogram per kind of record. */
  scoreHistograms(maxBuckets = 40): { target: string; buckets: Bucket[] }[] {
    const all = [...this.scores.values()].flatMap((m) => [...m.keys()]);
    if (!all.length) return [];
    const min = Math.min(...all);
    const max = Math.max(...all);
    const width = Math.max(1, Math.ceil((max - min + 1) / maxBuckets));
    const order = ['contact', 'lead', 'account'];
    return [...this.scores.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b)).map((target) => {
      const buckets: Bucket[] = [];
      for (let from = min; from <= max; from += width) buckets.push({ from, to: from + width, count: 0 });
      for (const [bucket, n] of this.scores.get(target)!) buckets[Math.floor((bucket - min) / width)].count += n;
      return { target, buckets };
    });
  }

  /** Closes every file; returns the rows written. */
  async close(): Promise<number> {
    if (this.count === 0) await this.csv.write(Papa.unparse([rowsCsvColumns as unknown as string[]], { newline: '\r\n' }) + '\r\n');
    await Promise.all([this.csv.close(), this.jsonl.close(), ...[...this.spools.values()].map((spool) => spool.close())]);
    return this.count;
  }

  /** A route's sheet lines in source_row order, chunk by chunk, after close. */
  async *linesOfRoute(route: Route): AsyncGenerator<SheetLine[]> {
    if (!this.spools.has(route)) return;
    const lines = createInterface({ input: createReadStream(this.spoolPath(route), { encoding: 'utf8' }), crlfDelay: Infinity });
    let chunk: SheetLine[] = [];
    for await (const line of lines) {
      if (!line) continue;
      chunk.push(JSON.parse(line) as SheetLine);
      if (chunk.length >= spoolChunkSize) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length) yield chunk;
  }

  /** Removes the spool files (after the workbook is written). */
  removeSpools(): void {
    for (const route of routes) rmSync(this.spoolPath(route), { force: true });
  }

  /** Removes everything written (a stage that failed leaves no half report). */
  async discard(): Promise<void> {
    await this.close().catch(() => {});
    this.removeSpools();
    rmSync(this.paths.csv, { force: true });
    rmSync(this.paths.jsonl, { force: true });
  }
}
