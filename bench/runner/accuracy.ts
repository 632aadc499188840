import { createReadStream } from 'node:fs';
import Papa from 'papaparse';

export interface RoutingAccuracy {
  rows: number;
  correct: number;
  /** correct / rows */
  accuracy: number;
  /** expected route -> actual route -> rows */
  confusion: Record<string, Record<string, number>>;
  /** the generator's case (known_contact/nickname...) -> rows, correct rows and how the others went */
  byCase: Record<string, CaseOutcome>;
  /** rows attached to a record (contact, lead or account) other than the expected one, or to any when none was */
  wrongAttachments: number;
  /** rows sent to a steward (merge_candidate) that the truth routes elsewhere */
  toSteward: number;
  /** all rows routed merge_candidate */
  mergeCandidates: number;
  /** up to 10 wrong rows, for the log */
  examples: string[];
  /** rows of the truth missing from the stage's rows.csv */
  missing: number;
}

export interface CaseOutcome {
  rows: number;
  correct: number;
  /** attached to the wrong record */
  wrong?: number;
  /** sent to a steward instead */
  steward?: number;
  /** neither: a new record for someone known, a reject, or another route */
  missed?: number;
}

interface Expected { route: string; contactId: string; leadId: string; accountId: string; case: string }

/** routes whose matched record ids are part of being right */
const idRoutes = new Set(['opportunity_for_contact', 'update_contact', 'existing_lead', 'new_contact_and_opportunity', 'suppressed']);

/**
 * The generator's truth is written for the interest intent; under the prospect intent (purchased
 * lists) a known Contact's row refreshes the Contact (update_contact) and a new person at a known
 * Account becomes a Lead linked to that Account.
 */
const prospectRoutes: Record<string, string> = { opportunity_for_contact: 'update_contact', new_contact_and_opportunity: 'new_lead' };

function eachRow(path: string, onRow: (row: Record<string, string>) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    Papa.parse<Record<string, string>>(createReadStream(path, 'utf8') as unknown as File, {
      header: true, skipEmptyLines: true,
      step: (result) => onRow(result.data),
      complete: () => resolve(),
      error: (error: Error) => reject(error),
    });
  });
}

/**
 * Compares a stage report's rows.csv with the generator's truth.csv: a row is right when its
 * route is the expected one and, for routes that act on a record, the contact, lead and account
 * ids are the expected ones too.
 */
export async function routingAccuracy(rowsCsv: string, truthCsv: string, intent: 'interest' | 'prospect' = 'interest'): Promise<RoutingAccuracy> {
  const truth = new Map<number, Expected>();
  await eachRow(truthCsv, (t) => {
    truth.set(Number(t.source_row), { route: intent === 'prospect' ? prospectRoutes[t.route] ?? t.route : t.route, contactId: t.contact_id, leadId: t.lead_id, accountId: t.account_id, case: t.case });
  });
  const result: RoutingAccuracy = {
    rows: truth.size, correct: 0, accuracy: 0, confusion: {}, byCase: {}, examples: [], missing: 0, wrongAttachments: 0, toSteward: 0, mergeCandidates: 0,
  };
  const seen = new Set<number>();
  await eachRow(rowsCsv, (row) => {
    const sourceRow = Number(row.source_row);
    const expected = truth.get(sourceRow);
    if (!expected || seen.has(sourceRow)) return;
    seen.add(sourceRow);
    const actual = row.route ?? '';
    let right = actual === expected.route;
    if (right && idRoutes.has(expected.route)) {
      right = (row.contact_id ?? '') === expected.contactId && (row.lead_id ?? '') === expected.leadId && (row.account_id ?? '') === expected.accountId;
    }
    const confusion = (result.confusion[expected.route] ??= {});
    confusion[actual] = (confusion[actual] ?? 0) + 1;
    const byCase = (result.byCase[expected.case] ??= { rows: 0, correct: 0, wrong: 0, steward: 0, missed: 0 });
    byCase.rows++;
    if (actual === 'merge_candidate') result.mergeCandidates++;
    if (right) {
      result.correct++;
      byCase.correct++;
    } else {
      // attached wrongly: a contact, lead or account the row was put on that is not the expected one (a new
      // contact at the right account for a known contact is a miss: a duplicate, not someone else's record)
      const attached = actual !== 'merge_candidate' && actual !== 'duplicate_in_file' && (
        (!!row.contact_id && row.contact_id !== expected.contactId) || (!!row.lead_id && row.lead_id !== expected.leadId)
        || (!!row.account_id && row.account_id !== expected.accountId));
      if (actual === 'merge_candidate') { result.toSteward++; byCase.steward = (byCase.steward ?? 0) + 1; }
      else if (attached) { result.wrongAttachments++; byCase.wrong = (byCase.wrong ?? 0) + 1; }
      else byCase.missed = (byCase.missed ?? 0) + 1;
    }
    if (!right && result.examples.length < 10) {
      result.examples.push(`row ${sourceRow} (${expected.case}): expected ${expected.route} ${[expected.contactId, expected.leadId, expected.accountId].filter(Boolean).join('/')}, got ${actual} ${[row.contact_id, row.lead_id, row.account_id].filter(Boolean).join('/')}: ${(row.reasons ?? '').slice(0, 300)}`);
    }
  });
  result.missing = truth.size - seen.size;
  result.accuracy = result.rows ? result.correct / result.rows : 0;
  return result;
}
