import { routes, type Route, type RowMatch } from '../src/types.js';
import { completeCounts, reportFileNames, type CandidateRecord, type ReportModel } from '../src/report/report-model.js';
import type { StagedRow } from '../src/report/staged-row.js';

/** Hand-built staged rows for the report writers: every route, a hostile name, formula-looking cells. */
export const hostileName = '<img src=x onerror=alert(1)>';

export function stagedRow(sourceRow: number, route: Route, extra: Partial<StagedRow> = {}): StagedRow {
  return {
    sourceRow, route, reasons: `because ${route}`, score: null,
    accountId: null, contactId: null, leadId: null, duplicateOfRow: null,
    raw: { Name: `Person ${sourceRow}` },
    normalized: { values: {}, person: { firstName: `First${sourceRow}`, lastName: `Last${sourceRow}`, email: `p${sourceRow}@example.com`, company: 'Acme' } },
    issues: [], match: null, plan: {}, ...extra,
  };
}

const mergeMatch: RowMatch = {
  candidates: [{
    entityType: 'contact', id: 'C-9', score: 7.4, band: 'review', guards: ['moved company'], explanation: 'email differs; first name Bob ~ Robert (nickname) +3.0 = 7.4',
    comparisons: [
      { comparison: 'first_name', level: 'nickname', weight: 3, detail: 'first name Bob ~ Robert (nickname)' },
      { comparison: 'email', level: 'else', weight: -4.2, detail: 'email bob@new.com vs robert@old.com' },
    ],
  }],
  candidatesCut: false,
  contact: undefined,
};

export function sampleRows(): StagedRow[] {
  return [
    stagedRow(2, 'new_lead', { normalized: { person: { firstName: hostileName, lastName: 'Smith', email: 'x@evil.test', company: '=HYPERLINK("http://evil")' } }, reasons: `no match for ${hostileName}`, plan: { createLead: { id: 'LG-L-x-2', values: { rating: 'hot', follow_up_due: '2026-11-25' } } } }),
    stagedRow(3, 'existing_lead', { leadId: 'L-1', score: 15.2, plan: { update: { entityType: 'lead', entityId: 'L-1', fields: [{ field: 'title', old: null, new: 'CTO', kind: 'fill' }] } } }),
    stagedRow(4, 'new_contact_and_opportunity', { accountId: 'A-1', score: 8 }),
    stagedRow(5, 'opportunity_for_contact', { contactId: 'C-1', accountId: 'A-1', score: 18.5 }),
    stagedRow(6, 'update_contact', { contactId: 'C-2', score: 16, plan: { update: { entityType: 'contact', entityId: 'C-2', fields: [{ field: 'phone', old: '+1 555 0100', new: '+1 555 0199', kind: 'overwrite' }] } } }),
    stagedRow(7, 'merge_candidate', {
      contactId: 'C-9', score: 7.4, match: mergeMatch,
      normalized: { person: { firstName: 'Bob', lastName: 'Jones', email: 'bob@new.com', company: 'NewCo' } },
      plan: { onMerge: { createOpportunity: { id: 'LG-O-x-7', values: { name: 'Expo - OldCo' } } }, onCreateNew: { createLead: { id: 'LG-L-x-7', values: {} } } },
    }),
    stagedRow(8, 'duplicate_in_file', { duplicateOfRow: 2 }),
    stagedRow(9, 'suppressed', { reasons: 'email p9@example.com is on the suppression list' }),
    stagedRow(10, 'rejected', { reasons: 'no usable identity', normalized: { values: { phone: '-1' }, person: {} }, issues: [{ code: 'no_identity', message: 'no name, email or phone', severity: 'reject' }, { code: 'bad_phone', field: 'phone', message: 'phone -1 is not a number', severity: 'warning' }] }),
    stagedRow(11, 'new_lead', { normalized: { person: { firstName: '+cmd', lastName: '@SUM(A1)', email: '-2+3@x.com' } } }),
  ];
}

export function candidateRecords(): Map<string, CandidateRecord> {
  return new Map([['contact:C-9', { entityType: 'contact', id: 'C-9', fields: { first_name: 'Robert', last_name: 'Jones', email: 'robert@old.com', company: 'OldCo', phone: null, mobile: null, title: null, street: null, city: null, state: null, postal_code: null, country: null } }]]);
}

export function sampleModel(rows = sampleRows(), rowCap = 2000): ReportModel {
  const counts = completeCounts({});
  const rowsByRoute = Object.fromEntries(routes.map((r) => [r, [] as StagedRow[]])) as Record<Route, StagedRow[]>;
  for (const row of rows) {
    counts[row.route]++;
    if (rowsByRoute[row.route].length < rowCap) rowsByRoute[row.route].push(row);
  }
  return {
    batch: { id: 'B20261124-181530-tradeshow-ab12', file: 'samples/tradeshow.csv', fileSha256: 'abc', sheet: null, pipeline: 'tradeshow', intent: 'interest', vendor: null, list: null, campaign: 'Expo', stagedAt: '2026-11-24T18:15:30.000Z', rowCount: rows.length },
    counts,
    scoreHistogram: [{ from: 7, to: 8, count: 1 }, { from: 8, to: 9, count: 1 }, { from: 15, to: 16, count: 1 }],
    scoreBands: { review: 6, match: 12 },
    issuesByKind: [{ code: 'no_identity', severity: 'reject', count: 1 }, { code: 'bad_phone', severity: 'warning', count: 1 }],
    rowsByRoute, rowCap,
    candidateRecords: candidateRecords(),
    files: reportFileNames,
  };
}

export async function* chunksOf<T>(items: T[], size = 3): AsyncGenerator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
