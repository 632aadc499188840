import { routes, type Route } from '../types.js';
import type { StagedRow } from './staged-row.js';
import type { Bucket } from './charts.js';

/** Where a batch's report files are. */
export interface ReportPaths {
  dir: string;
  html: string;
  xlsx: string;
  csv: string;
  jsonl: string;
  summary: string;
}

/** The batch a report is about, as stored in import_batches. */
export interface ReportBatch {
  id: string;
  file: string;
  fileSha256: string | null;
  sheet: string | null;
  pipeline: string;
  intent: string;
  sourceKind?: string | null;
  vendor: string | null;
  list: string | null;
  campaign: string | null;
  stagedAt: string;
  rowCount: number;
}

/** A CRM record a merge candidate is compared with, flattened to the fields shown side by side. */
export interface CandidateRecord {
  entityType: 'contact' | 'lead';
  id: string;
  fields: Record<string, string | null>;
  doNotContact?: boolean;
}

/** Everything the HTML and XLSX summaries need; the tables hold at most rowCap rows per route. */
export interface ReportModel {
  batch: ReportBatch;
  counts: Record<Route, number>;
  scoreHistogram: Bucket[];
  scoreBands?: { review?: number; match?: number };
  /** the best candidate's score per kind of record, each coloured and lined by its own thresholds */
  scoreHistograms?: { target: string; buckets: Bucket[] }[];
  scoreBandsByTarget?: Partial<Record<string, { review?: number; match?: number }>>;
  /** what commit will create and change, as decided so far */
  commitTotals?: { leads: number; contacts: number; opportunities: number; fieldUpdates: number; undecided: number };
  /** the command that shows what a capped table leaves out */
  batchCommand?: string;
  issuesByKind: { code: string; severity: string; count: number }[];
  /** the first rowCap rows of each route, source_row order */
  rowsByRoute: Record<Route, StagedRow[]>;
  rowCap: number;
  /** key `${entityType}:${id}` */
  candidateRecords: Map<string, CandidateRecord>;
  files: ReportFiles;
}

/** File names inside the report directory (links in the HTML are relative). */
export interface ReportFiles {
  html: string;
  xlsx: string;
  csv: string;
  jsonl: string;
  summary: string;
}

export const reportFileNames: ReportFiles = {
  html: 'report.html', xlsx: 'report.xlsx', csv: 'rows.csv', jsonl: 'rows.jsonl', summary: 'summary.json',
};

/** Rows per route in the HTML tables; the CSV and XLSX always have every row. */
export const defaultHtmlRowCap = 1000;

/** Every route with its count, zeros included, in the canonical order. */
export function completeCounts(counts: Partial<Record<string, number>>): Record<Route, number> {
  return Object.fromEntries(routes.map((r) => [r, counts[r] ?? 0])) as Record<Route, number>;
}

export const routeLabels: Record<Route, string> = {
  new_lead: 'New Lead',
  existing_lead: 'Existing Lead',
  new_contact_and_opportunity: 'New Contact + Opportunity',
  opportunity_for_contact: 'Opportunity for Contact',
  update_contact: 'Update Contact',
  merge_candidate: 'Merge candidate (steward)',
  duplicate_in_file: 'Duplicate in file',
  suppressed: 'Suppressed',
  rejected: 'Rejected',
};

export const routeColors: Record<Route, string> = {
  new_lead: '#4a78c2',
  existing_lead: '#7f8fa6',
  new_contact_and_opportunity: '#2e8b57',
  opportunity_for_contact: '#1f9d8b',
  update_contact: '#6c63c4',
  merge_candidate: '#d98c1f',
  duplicate_in_file: '#a0a0a0',
  suppressed: '#8b3a3a',
  rejected: '#c0392b',
};

/** Issue codes in words, for "Issues by kind". */
export const issueWords: Record<string, string> = {
  junk_name: 'Junk name', junk_company: 'Junk company', junk_email: 'Junk email address', no_identity: 'No usable identity',
  disposable_email: 'Disposable email address', email_domain_typo: 'Email domain looks mistyped', extra_cells: 'More cells than headers',
  invalid_email: 'Invalid email address', invalid_phone: 'Invalid phone number', invalid_website: 'Invalid website',
  phone_possible_only: 'Phone number only possibly valid', phone_scientific_notation: 'Phone number in scientific notation (spreadsheet damage)',
  placeholder_value: 'Placeholder value (n/a, test, ...)', role_email: 'Role address (info@, sales@...)', unknown_country: 'Unknown country',
};

export const severityWords: Record<string, string> = { reject: 'row rejected', warning: 'warning', info: 'note' };

/** An issue kind as a reader says it: "Junk name (row rejected)"; unknown codes are spelled out from the code. */
export function issueLabel(code: string, severity: string): string {
  const words = issueWords[code] ?? (code.charAt(0).toUpperCase() + code.slice(1).replace(/_/g, ' '));
  return `${words} (${severityWords[severity] ?? severity})`;
}
