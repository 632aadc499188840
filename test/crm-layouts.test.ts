import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCrmSnapshot, type CrmLoadResult } from '../src/crm/load-crm.js';
import type { CrmSnapshotFiles } from '../src/crm/snapshot-plan.js';
import { stageFile } from '../src/stage/stage-file.js';
import { importSuppressions } from '../src/vendor-lists/suppress.js';
import { crmIdOf, type SampleCrm } from '../scripts/make-crm-samples.js';
import { sampleCrmFiles } from './helpers/sample-crm.js';
import { createTestDatabase, databaseKind } from './helpers/database.js';

/**
 * The same CRM snapshot (samples/crm/*.csv) written in each CRM's export layout by
 * scripts/make-crm-samples.ts loads with --crm, and the tradeshow list staged against it routes
 * exactly as against listgate's own layout: same route, same matched records (by the CRM's ids,
 * mapped back to the snapshot's), same score, for every row; rows.csv names the CRM's ids.
 */

const quiet = { start() {}, update() {}, stop() {} };
const excel = 'samples/crm/dynamics/export-to-excel';
const variants: { name: string; crm: 'listgate' | SampleCrm; files: CrmSnapshotFiles }[] = [
  { name: 'listgate', crm: 'listgate', files: sampleCrmFiles },
  {
    name: 'Salesforce Data Loader CSV', crm: 'salesforce',
    files: { accounts: 'samples/crm/salesforce/Account.csv', contacts: 'samples/crm/salesforce/Contact.csv', leads: 'samples/crm/salesforce/Lead.csv', opportunities: 'samples/crm/salesforce/Opportunity.csv' },
  },
  {
    name: 'Dynamics 365 logical names', crm: 'dynamics',
    files: { accounts: 'samples/crm/dynamics/account.csv', contacts: 'samples/crm/dynamics/contact.csv', leads: 'samples/crm/dynamics/lead.csv', opportunities: 'samples/crm/dynamics/opportunity.csv' },
  },
  {
    name: 'Dynamics 365 Export to Excel (.xlsx)', crm: 'dynamics',
    files: { accounts: `${excel}/Active Accounts.xlsx`, contacts: `${excel}/Active Contacts.xlsx`, leads: `${excel}/Open Leads.xlsx`, opportunities: `${excel}/Open Opportunities.xlsx` },
  },
  {
    name: 'Dynamics 365 Export to Excel saved as CSV', crm: 'dynamics',
    files: { accounts: `${excel}/Active Accounts.csv`, contacts: `${excel}/Active Contacts.csv`, leads: `${excel}/Open Leads.csv`, opportunities: `${excel}/Open Opportunities.csv` },
  },
  {
    name: 'HubSpot exports', crm: 'hubspot',
    files: { accounts: 'samples/crm/hubspot/hubspot-crm-exports-all-companies.csv', contacts: 'samples/crm/hubspot/hubspot-crm-exports-all-contacts.csv', opportunities: 'samples/crm/hubspot/hubspot-crm-exports-all-deals.csv' },
  },
];

interface RoutedRow { source_row: string; route: string; account_id: string; contact_id: string; lead_id: string; duplicate_of_row: string; score: string }

const read = (path: string) => Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;

/** CRM id -> the snapshot's id, from the same derivation the sample script uses. */
function snapshotIds(crm: 'listgate' | SampleCrm): Map<string, string> {
  const map = new Map<string, string>();
  const add = (entity: 'account' | 'contact' | 'lead' | 'opportunity', file: string, column: string) => {
    for (const row of read(file)) map.set(crm === 'listgate' ? row[column] : crmIdOf(crm, entity, row[column]), row[column]);
  };
  add('account', sampleCrmFiles.accounts, 'account_id');
  add('contact', sampleCrmFiles.contacts, 'contact_id');
  add('lead', sampleCrmFiles.leads, 'lead_id');
  add('opportunity', sampleCrmFiles.opportunities, 'opportunity_id');
  return map;
}

/** A planned new record's id names its batch: compared without it. */
const comparableId = (id: string, ids: Map<string, string>) => (id.startsWith('LG-') ? id.replace(/^(LG-[A-Z])-[^-]+-/, '$1-*-') : ids.get(id) ?? `unknown ${id}`);

const routed = new Map<string, { rows: RoutedRow[]; load: CrmLoadResult; tied: Map<string, string[]> }>();
const temporary: string[] = [];

beforeAll(async () => {
  for (const variant of variants) {
    const t = await createTestDatabase();
    const reports = mkdtempSync(join(tmpdir(), 'listgate-crm-layouts-'));
    temporary.push(reports);
    try {
      const load = await loadCrmSnapshot(t.crm, variant.files, { crm: variant.crm });
      await importSuppressions(t.crm, 'samples/lists/suppressions.csv', { progress: quiet });
      const staged = await stageFile(t.crm, { file: 'samples/lists/tradeshow-badge-scans.csv', pipeline: 'tradeshow', reportDir: reports, progress: quiet });
      // candidates sharing the top score: which one rows.csv names first follows the ids' sort order
      const matches = await t.crm.db.selectFrom('batch_rows').select(['source_row', 'match']).where('batch_id', '=', staged.batchId).execute();
      const tied = new Map<string, string[]>();
      for (const { source_row, match } of matches) {
        const candidates = ((typeof match === 'string' ? JSON.parse(match) : match) as { candidates?: { id: string; score: number }[] } | null)?.candidates ?? [];
        const top = Math.max(...candidates.map((c) => c.score));
        const ids = candidates.filter((c) => c.score === top).map((c) => c.id);
        if (ids.length > 1) tied.set(String(source_row), ids);
      }
      routed.set(variant.name, { rows: read(staged.report.csv) as unknown as RoutedRow[], load, tied });
    } finally {
      await t.cleanup();
    }
  }
}, 600_000);

afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe(`one snapshot in every CRM layout routes the same list the same way (${databaseKind})`, () => {
  it('loads every record of the snapshot in each layout', () => {
    const sizes = { accounts: read(sampleCrmFiles.accounts).length, contacts: read(sampleCrmFiles.contacts).length,
      leads: read(sampleCrmFiles.leads).length, opportunities: read(sampleCrmFiles.opportunities).length };
    for (const variant of variants) {
      const { load } = routed.get(variant.name)!;
      expect(load.layout.name, variant.name).toBe(variant.crm);
      for (const [kind, n] of Object.entries(sizes)) {
        expect(load.files.find((f) => f.kind === kind)?.inserted, `${variant.name} ${kind}`).toBe(n);
      }
    }
  });

  for (const variant of variants.slice(1)) {
    it(`${variant.name}: every row gets the listgate layout's route, records and score; rows.csv names the CRM's ids`, () => {
      const { rows: baseline, tied: baselineTied } = routed.get('listgate')!;
      const { rows, tied } = routed.get(variant.name)!;
      expect(rows.length).toBe(baseline.length);
      const listgateIds = snapshotIds('listgate');
      const ids = snapshotIds(variant.crm);
      const view = (row: RoutedRow, map: Map<string, string>, ties: Map<string, string[]>) => {
        // a record among equally scored candidates is named by the set of them
        const id = (value: string) => {
          if (!value) return value;
          const tie = ties.get(row.source_row);
          return tie?.includes(value) ? `one of ${tie.map((t) => comparableId(t, map)).sort().join(' ')}` : comparableId(value, map);
        };
        return {
          row: row.source_row, route: row.route, score: row.score, duplicate_of_row: row.duplicate_of_row,
          account: id(row.account_id), contact: id(row.contact_id), lead: id(row.lead_id),
        };
      };
      expect(rows.map((r) => view(r, ids, tied))).toEqual(baseline.map((r) => view(r, listgateIds, baselineTied)));
      const named = rows.flatMap((r) => [r.account_id, r.contact_id, r.lead_id]).filter((id) => id && !id.startsWith('LG-'));
      expect(named.length).toBeGreaterThan(20);
      expect(named.filter((id) => !ids.has(id) || listgateIds.has(id))).toEqual([]);
    });
  }
});
