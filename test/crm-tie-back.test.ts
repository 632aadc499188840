import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitBatch } from '../src/commit/commit-batch.js';
import { loadCrmSnapshot, type CrmLoadResult } from '../src/crm/load-crm.js';
import { readCrmLayout } from '../src/crm/crm-layout.js';
import { salesforceId18 } from '../src/crm/crm-ids.js';
import { stageFile } from '../src/stage/stage-file.js';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';

/**
 * Ids tied back: listgate commits two lists against a Salesforce snapshot, the records it created
 * are "imported into Salesforce" (new 18-character ids, listgate's id kept in Listgate_Id__c)
 * except two Leads, and Salesforce's next export is loaded. Every LG- id the export carries is
 * replaced by Salesforce's everywhere, nothing exists twice, the two missing Leads are listed,
 * and committed field updates the export does not show are kept and listed, not reverted.
 */

const quiet = { start() {}, update() {}, stop() {} };
const sf = {
  accounts: 'samples/crm/salesforce/Account.csv', contacts: 'samples/crm/salesforce/Contact.csv',
  leads: 'samples/crm/salesforce/Lead.csv', opportunities: 'samples/crm/salesforce/Opportunity.csv',
};
type Row = Record<string, string>;
const read = (path: string) => Papa.parse<Row>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;
const write = (path: string, rows: Row[]) => writeFileSync(path, Papa.unparse(rows, { quotes: true, newline: '\n' }) + '\n');

let t: TestDatabase;
let tmp: string;
const batches: string[] = [];
let created: { entity_type: string; entity_id: string; batch_id: string }[];
let updates: { entity_id: string; field: string; after: string | null }[];
let omitted: string[];
let newIds: Map<string, string>;
let overridden: { id: string; field: string };
let result: CrmLoadResult;

beforeAll(async () => {
  t = await createTestDatabase();
  tmp = mkdtempSync(join(tmpdir(), 'listgate-tie-back-'));
  await loadCrmSnapshot(t.crm, sf, { crm: 'salesforce' });
  for (const [file, pipeline] of [['tradeshow-badge-scans.csv', 'tradeshow'], ['purchased-zoominfo-v1.csv', 'purchased-list']]) {
    const staged = await stageFile(t.crm, { file: `samples/lists/${file}`, pipeline, reportDir: join(tmp, file), progress: quiet });
    await commitBatch(t.crm, staged.batchId, { undecided: 'create_new' });
    batches.push(staged.batchId);
  }
  created = (await sql<{ entity_type: string; entity_id: string; batch_id: string }>`
    select entity_type, entity_id, batch_id from change_log
    where operation = 'insert' and entity_type in ('lead', 'contact', 'opportunity') order by id`.execute(t.crm.db)).rows;
  const logged = (await sql<{ entity_id: string; before: Row; after: Row }>`
    select entity_id, before, after from change_log where operation = 'update' and entity_type = 'contact' order by id`.execute(t.crm.db)).rows;
  const layout = readCrmLayout('salesforce');
  const headerOf = new Map(Object.entries(layout.entities.contact.fields).map(([header, column]) => [column as string, header]));
  updates = logged.flatMap((l) => Object.keys(l.after).filter((f) => headerOf.has(f) && (l.before[f] ?? null) !== (l.after[f] ?? null))
    .map((field) => ({ entity_id: l.entity_id, field, after: l.after[field] ?? null })));

  // Salesforce's side: it imported everything but the last two Leads, giving new ids
  const prefix = { lead: '00Q', contact: '003', opportunity: '006' } as Record<string, string>;
  newIds = new Map(created.map((c, i) => [c.entity_id, salesforceId18(`${prefix[c.entity_type]}9Z000${String(i).padStart(7, '0')}`)]));
  const leadsCreated = created.filter((c) => c.entity_type === 'lead');
  omitted = leadsCreated.slice(-2).map((c) => c.entity_id);
  for (const id of omitted) newIds.delete(id);
  const records = async (table: 'leads' | 'contacts' | 'opportunities') =>
    (await t.crm.db.selectFrom(table).selectAll().where('id', 'like', 'LG-%').execute()) as unknown as Row[];
  const flag = (v: unknown) => (v ? 'true' : 'false');
  const leads = [...read(sf.leads), ...(await records('leads')).filter((l) => newIds.has(l.id)).map((l) => ({
    Id: newIds.get(l.id)!, LastName: l.last_name ?? '', FirstName: l.first_name ?? '', Company: l.company ?? '[not provided]', Email: l.email ?? '',
    Phone: l.phone ?? '', Title: l.title ?? '', Status: l.status ?? '', Rating: l.rating ? l.rating[0].toUpperCase() + l.rating.slice(1) : '',
    LeadSource: l.lead_source ?? '', HasOptedOutOfEmail: flag(l.do_not_contact), Listgate_Id__c: l.id,
  }))];
  const contacts = [...read(sf.contacts), ...(await records('contacts')).map((c) => ({
    Id: newIds.get(c.id)!, AccountId: c.account_id ?? '', LastName: c.last_name ?? '', FirstName: c.first_name ?? '', Email: c.email ?? '',
    Phone: c.phone ?? '', MobilePhone: c.mobile ?? '', Title: c.title ?? '', MailingCity: c.city ?? '', MailingState: c.state ?? '',
    MailingCountry: c.country ?? '', HasOptedOutOfEmail: flag(c.do_not_contact), Listgate_Id__c: c.id,
  }))];
  // someone changed one of the fields listgate updated, in Salesforce, before the export
  overridden = { id: updates[0].entity_id, field: updates[0].field };
  const changed = contacts.find((c) => c.Id === overridden.id)!;
  (changed as Row)[headerOf.get(overridden.field)!] = 'Changed In Salesforce';
  const opportunities = [...read(sf.opportunities), ...(await records('opportunities')).map((o) => ({
    Id: newIds.get(o.id)!, AccountId: o.account_id ?? '', ContactId: o.contact_id ? newIds.get(o.contact_id) ?? o.contact_id : '', Name: o.name,
    StageName: o.stage ?? '', IsClosed: 'false', Listgate_Id__c: o.id,
  }))];
  const next = { accounts: sf.accounts, contacts: join(tmp, 'Contact.csv'), leads: join(tmp, 'Lead.csv'), opportunities: join(tmp, 'Opportunity.csv') };
  write(next.contacts, contacts);
  write(next.leads, leads);
  write(next.opportunities, opportunities);
  result = await loadCrmSnapshot(t.crm, next, { crm: 'salesforce' });
}, 600_000);

afterAll(async () => {
  await t?.cleanup();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe(`loading a CRM export that carries listgate's ids (${databaseKind})`, () => {
  it('the lists created Leads, Contacts and Opportunities and updated Contacts (the premise)', () => {
    const kinds = new Set(created.map((c) => c.entity_type));
    expect([...kinds].sort()).toEqual(['contact', 'lead', 'opportunity']);
    expect(updates.length).toBeGreaterThan(1);
  });

  it('replaces each LG- id the export carries by the CRM id, and counts them', async () => {
    const expected = (type: string) => created.filter((c) => c.entity_type === type && newIds.has(c.entity_id)).length;
    expect(result.tieBack.replaced).toEqual({ contact: expected('contact'), lead: expected('lead'), opportunity: expected('opportunity') });
    for (const [lg, crmId] of newIds) {
      const table = lg.startsWith('LG-L') ? 'leads' : lg.startsWith('LG-C') ? 'contacts' : 'opportunities';
      const { rows } = await sql<{ id: string; origin: string; created_batch_id: string }>`
        select id, origin, created_batch_id from ${sql.table(table)} where id in (${lg}, ${crmId})`.execute(t.crm.db);
      expect(rows, lg).toEqual([{ id: crmId, origin: 'listgate', created_batch_id: created.find((c) => c.entity_id === lg)!.batch_id }]);
    }
  });

  it('no record exists twice: the tables hold the snapshot plus what the lists created, once', async () => {
    const count = async (table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.crm.db)).rows[0].n;
    expect(await count('leads')).toBe(read(sf.leads).length + created.filter((c) => c.entity_type === 'lead').length);
    expect(await count('contacts')).toBe(read(sf.contacts).length + created.filter((c) => c.entity_type === 'contact').length);
    expect(await count('opportunities')).toBe(read(sf.opportunities).length + created.filter((c) => c.entity_type === 'opportunity').length);
  });

  it('no row anywhere points at a replaced LG- id: references, vendor ids, change log, campaign responses, staged rows and their plans', async () => {
    // (the CRM's external id field itself, kept in a record's extra, still holds listgate's id, as the CRM does)
    const replaced = [...newIds.keys()];
    const { rows } = await sql<{ place: string; n: number }>`
      with ids as (select unnest(${replaced}::text[]) as id)
      select 'contacts.account_id' as place, count(*)::int as n from contacts where account_id in (select id from ids)
      union all select 'opportunities refs', count(*)::int from opportunities where contact_id in (select id from ids) or lead_id in (select id from ids)
      union all select 'vendor_record_ids', count(*)::int from vendor_record_ids where entity_id in (select id from ids)
      union all select 'change_log.entity_id', count(*)::int from change_log where entity_id in (select id from ids)
      union all select 'change_log json', count(*)::int from change_log l, ids where (l.after - 'extra')::text like '%"' || ids.id || '"%' or (l.before - 'extra')::text like '%"' || ids.id || '"%'
      union all select 'campaign_responses', count(*)::int from campaign_responses where entity_id in (select id from ids)
      union all select 'batch_rows ids', count(*)::int from batch_rows where contact_id in (select id from ids) or lead_id in (select id from ids)
      union all select 'batch_rows json', count(*)::int from batch_rows b, ids where b.plan::text like '%"' || ids.id || '"%' or b.match::text like '%"' || ids.id || '"%'`.execute(t.crm.db);
    expect(Object.fromEntries(rows.map((r) => [r.place, r.n]))).toEqual({
      'contacts.account_id': 0, 'opportunities refs': 0, vendor_record_ids: 0, 'change_log.entity_id': 0, 'change_log json': 0,
      campaign_responses: 0, 'batch_rows ids': 0, 'batch_rows json': 0,
    });
    // what used to name them now names the CRM's ids
    const { rows: vendor } = await sql<{ n: number }>`select count(*)::int as n from vendor_record_ids where entity_id in (select unnest(${[...newIds.values()]}::text[]))`.execute(t.crm.db);
    expect(vendor[0].n).toBeGreaterThan(0);
  });

  it('records the export lacks are kept with their LG- ids and listed by batch', async () => {
    const batch = created.find((c) => c.entity_id === omitted[0])!.batch_id;
    expect(result.tieBack.notInCrm).toEqual([{ batchId: batch, count: 2, byEntity: { lead: 2 } }]);
    const { rows } = await sql<{ id: string }>`select id from leads where id = any(${omitted}::text[]) order by id`.execute(t.crm.db);
    expect(rows.map((r) => r.id)).toEqual([...omitted].sort());
  });

  it('committed field updates the export does not show yet are kept and listed; one changed since in the CRM takes the CRM value, listed', async () => {
    expect(result.tieBack.overridden).toEqual([expect.objectContaining({ entityId: overridden.id, field: overridden.field, crmValue: 'Changed In Salesforce' })]);
    expect(result.tieBack.pending.filter((p) => p.entityType === 'contact')).toHaveLength(updates.length - 1);
    for (const pending of result.tieBack.pending) expect(pending.crmValue, `${pending.entityId}.${pending.field}`).not.toBe(pending.value);
    for (const update of updates.slice(1)) {
      const row = await t.crm.db.selectFrom('contacts').selectAll().where('id', '=', update.entity_id).executeTakeFirstOrThrow() as Record<string, unknown>;
      expect(row[update.field], `${update.entity_id}.${update.field}`).toBe(update.after);
    }
    const changed = await t.crm.db.selectFrom('contacts').selectAll().where('id', '=', overridden.id).executeTakeFirstOrThrow() as Record<string, unknown>;
    expect(changed[overridden.field]).toBe('Changed In Salesforce');
  });

  it('loading the same export again replaces nothing more and still lists what is missing', async () => {
    const again = await loadCrmSnapshot(t.crm, result.files.reduce((files, f) => ({ ...files, [f.kind]: f.path }), {}), { crm: 'salesforce' });
    expect(again.tieBack.replaced).toEqual({});
    expect(again.tieBack.notInCrm.map((b) => b.count)).toEqual([2]);
    expect(again.files.every((f) => f.inserted === 0)).toBe(true);
  });

  it('the same list staged again matches the tied-back records by their CRM ids, never an LG- id', async () => {
    const staged = await stageFile(t.crm, { file: 'samples/lists/tradeshow-badge-scans.csv', pipeline: 'tradeshow', reportDir: join(tmp, 'again'), progress: quiet });
    const rows = await t.crm.db.selectFrom('batch_rows').select(['source_row', 'route', 'contact_id', 'lead_id', 'match']).where('batch_id', '=', staged.batchId).execute();
    const pointing = rows.filter((r) => [r.contact_id, r.lead_id].some((id) => id && newIds.has(id)) || JSON.stringify(r.match ?? '').match(/"LG-[LCO]-/));
    expect(pointing).toEqual([]);
    const first = await t.crm.db.selectFrom('batch_rows').select(['source_row', 'route']).where('batch_id', '=', batches[0]).execute();
    const wasNew = new Set(first.filter((r) => r.route === 'new_lead' || r.route === 'new_contact_and_opportunity').map((r) => r.source_row));
    const stillNew = rows.filter((r) => wasNew.has(r.source_row) && (r.route === 'new_lead' || r.route === 'new_contact_and_opportunity'));
    expect(wasNew.size).toBeGreaterThan(10);
    expect(stillNew).toEqual([]);
  });
});
