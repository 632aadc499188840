import type { NormalizedPerson, Route, RowIssue, RowMatch, RowPlan } from '../types.js';

/** One staged row as the report reads it back from batch_rows. */
export interface StagedRow {
  sourceRow: number;
  route: Route;
  reasons: string;
  score: number | null;
  accountId: string | null;
  contactId: string | null;
  leadId: string | null;
  duplicateOfRow: number | null;
  raw: Record<string, string>;
  /** the NormalizedRow without raw and issues: values, unmapped, person, rejected */
  normalized: { values?: Record<string, string>; unmapped?: Record<string, string>; person?: NormalizedPerson; rejected?: boolean };
  issues: RowIssue[];
  match: RowMatch | null;
  plan: RowPlan | null;
  /** a steward's decision, when the report is written again after review (listgate report) */
  decision?: { decision: string; target: string | null; by: string | null; at: string | null } | null;
  /** raw, normalized and issues as JSON object fields' text, when the stage has it (rows.jsonl reuses it) */
  rowFields?: string;
}

/** A staged row's person, never undefined. */
export function personOf(row: StagedRow): NormalizedPerson {
  return row.normalized.person ?? {};
}

export function displayName(person: NormalizedPerson): string {
  return [person.firstName, person.lastName].filter(Boolean).join(' ');
}
