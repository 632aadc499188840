import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { seedOrgFromSamples, type SalesforceOrg } from './helpers/salesforce-org.js';
import { DynamicsOrg } from './helpers/dynamics-org.js';
import { HubSpotPortal } from './helpers/hubspot-portal.js';
import { loadCrmSnapshot } from '../src/crm/load-crm.js';
import { stageFile } from '../src/stage/stage-file.js';
import { commitBatch } from '../src/commit/commit-batch.js';
import { undoBatch } from '../src/commit/undo-batch.js';
import { exportBatch } from '../src/export/export-batch.js';

const quiet = { start() {}, update() {}, stop() {} };
const list = 'samples/lists/tradeshow-badge-scans.csv';

interface StagedRow { source_row: number; route: string | null; contact_id: string | null; lead_id: string | null; account_id: string | null; plan: any }

async function stagedRows(t: TestDatabase, batchId: string): Promise<StagedRow[]> {
  return t.crm.db.selectFrom('batch_rows').select(['source_row', 'route', 'contact_id', 'lead_id', 'account_id', 'plan'])
    .where('batch_id', '=', batchId).orderBy('source_row').execute() as Promise<StagedRow[]>;
}

/**
 * The round trip through Salesforce: a Salesforce export loaded, a list staged and committed,
 * exported as Data Loader files, the files applied as Salesforce would (new ids, Listgate_Id__c
 * kept), the org's next export loaded (LG- ids tied back), the same list staged again.
 */
describe(`round trip through Salesforce: stage, commit, export, import, load, stage again (${databaseKind})`, () => {
  let t: TestDatabase;
  let dir: string;
  let org: SalesforceOrg;
  let batchId: string;
  let before: StagedRow[];
  let orgBeforeImport: Record<string, number>;
  const seeded = new Map<string, Map<string, Record<string, string>>>();
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'listgate-round-trip-'));
    org = seedOrgFromSamples();
    await loadCrmSnapshot(t.crm, org.writeExport(join(dir, 'org-export-1')), { crm: 'salesforce' });
    const staged = await stageFile(t.crm, { file: list, pipeline: 'pipelines/tradeshow.json', reportDir: join(dir, 'report-1'), progress: quiet });
    batchId = staged.batchId;
    await commitBatch(t.crm, batchId, { undecided: 'create_new' });
    // the same list staged against listgate's copy before any round trip: what routing should stay
    before = await stagedRows(t, (await stageFile(t.crm, { file: list, pipeline: 'pipelines/tradeshow.json', reportDir: join(dir, 'report-2'), progress: quiet })).batchId);
  }, 120_000);
  afterAll(async () => { await t?.cleanup(); rmSync(dir, { recursive: true, force: true }); });

  it('goes round without a record twice, nothing new created, no row pointing at an LG- id', async () => {
    const counts = async () => {
      const n = async (table: 'contacts' | 'leads' | 'opportunities' | 'accounts') =>
        Number((await t.crm.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n);
      return { contacts: await n('contacts'), leads: await n('leads'), opportunities: await n('opportunities'), accounts: await n('accounts') };
    };
    const afterCommit = await counts();
    const created = await t.crm.db.selectFrom('change_log').select(['entity_type', 'entity_id'])
      .where('batch_id', '=', batchId).where('operation', '=', 'insert').where('entity_type', 'in', ['lead', 'contact', 'opportunity']).execute();
    expect(created.length).toBeGreaterThan(50);

    // export, and apply the files as Salesforce would: every row goes in
    const out = join(dir, 'export');
    const { manifest } = await exportBatch(t.crm, batchId, { crm: 'salesforce', out });
    const orgBefore = { Lead: org.count('Lead'), Contact: org.count('Contact'), Opportunity: org.count('Opportunity') };
    orgBeforeImport = orgBefore;
    for (const object of ['Lead', 'Contact']) seeded.set(object, new Map([...org.table(object)].map(([id, r]) => [id, { ...r }])));
    org.applyExport(out, manifest);
    expect(org.errors).toEqual([]);
    const byType = (type: string) => created.filter((c) => c.entity_type === type).length;
    expect(org.count('Lead') - orgBefore.Lead).toBe(byType('lead'));
    expect(org.count('Contact') - orgBefore.Contact).toBe(byType('contact'));
    expect(org.count('Opportunity') - orgBefore.Opportunity).toBe(byType('opportunity'));
    expect(org.count('OpportunityContactRole')).toBe(byType('opportunity'));
    const responses = await t.crm.db.selectFrom('campaign_responses').select('id').where('batch_id', '=', batchId).execute();
    expect(org.count('CampaignMember')).toBe(responses.length);

    // running the same files again upserts on Listgate_Id__c: nothing is added (CampaignMember refuses a second membership)
    const once = { Lead: org.count('Lead'), Contact: org.count('Contact'), Opportunity: org.count('Opportunity'), Role: org.count('OpportunityContactRole') };
    org.applyExport(out, manifest);
    expect({ Lead: org.count('Lead'), Contact: org.count('Contact'), Opportunity: org.count('Opportunity'), Role: org.count('OpportunityContactRole') }).toEqual(once);
    expect(org.errors.length).toBe(responses.length);
    expect(org.errors.every((e) => e.includes('Already a campaign member'))).toBe(true);
    org.errors.length = 0;

    // the org's next export, loaded: the records listgate created take their Salesforce ids
    const loaded = await loadCrmSnapshot(t.crm, org.writeExport(join(dir, 'org-export-2')), { crm: 'salesforce' });
    expect(loaded.tieBack.replaced).toEqual({ lead: byType('lead'), contact: byType('contact'), opportunity: byType('opportunity') });
    expect(loaded.tieBack.notInCrm).toEqual([]);
    // a committed update the files do not carry (a field Salesforce has no column for) is listed as pending, never reverted
    const notWritten = new Set(manifest.fields_not_written.map((f) => `${f.entity}.${f.field}`));
    for (const pending of loaded.tieBack.pending) expect(notWritten, `${pending.entityType}.${pending.field}`).toContain(`${pending.entityType}.${pending.field}`);
    // no record twice: listgate holds exactly the org's records, none with an LG- id
    expect(await counts()).toEqual({ ...afterCommit, accounts: org.count('Account') });
    expect(await counts()).toEqual({ contacts: org.count('Contact'), leads: org.count('Lead'), opportunities: org.count('Opportunity'), accounts: org.count('Account') });
    for (const table of ['contacts', 'leads', 'opportunities'] as const) {
      const lg = await t.crm.db.selectFrom(table).select('id').where('id', 'like', 'LG-%').execute();
      expect(lg, table).toEqual([]);
    }
    const lgInLog = await t.crm.db.selectFrom('change_log').select('entity_id').where('entity_id', 'like', 'LG-%').execute();
    expect(lgInLog).toEqual([]);

    // the same list again: it routes as it did against listgate's own copy, onto the Salesforce ids; nothing new is created
    const idOf = new Map<string, string>();
    for (const object of ['Lead', 'Contact', 'Opportunity']) for (const r of org.table(object).values()) if (r.Listgate_Id__c) idOf.set(r.Listgate_Id__c, r.Id);
    const again = await stagedRows(t, (await stageFile(t.crm, { file: list, pipeline: 'pipelines/tradeshow.json', reportDir: join(dir, 'report-3'), progress: quiet })).batchId);
    expect(again.map((r) => r.route)).toEqual(before.map((r) => r.route));
    const tied = (id: string | null) => (id && idOf.has(id) ? idOf.get(id)! : id);
    expect(again.map((r) => [r.contact_id, r.lead_id])).toEqual(before.map((r) => [tied(r.contact_id), tied(r.lead_id)]));
    expect(again.filter((r) => r.route === 'new_lead' || r.route === 'new_contact_and_opportunity')).toEqual([]);
    for (const row of again) {
      expect(row.plan?.createLead, `row ${row.source_row}`).toBeUndefined();
      expect(row.plan?.createContact, `row ${row.source_row}`).toBeUndefined();
      for (const id of [row.contact_id, row.lead_id, row.account_id, row.plan?.update?.entityId, row.plan?.campaignResponse?.entityId,
        row.plan?.createOpportunity?.values?.contact_id, row.plan?.onMerge?.update?.entityId]) {
        if (id) expect(String(id), `row ${row.source_row}`).not.toMatch(/^LG-/);
      }
    }
  });

  it('after the tie-back, the undo files delete by Salesforce Id and put the changed fields back', async () => {
    const out = join(dir, 'export-after-tie-back');
    const { manifest } = await exportBatch(t.crm, batchId, { crm: 'salesforce', out });
    // the created records are in Salesforce now: the apply files update them by Id, no upsert is left
    expect(manifest.files.filter((f) => f.purpose === 'apply' && f.operation === 'upsert' && f.object !== 'Campaign' && f.object !== 'OpportunityContactRole')).toEqual([]);
    expect(manifest.not_carried.filter((n) => n.id.startsWith('LG-') && n.entity !== 'opportunity_contact_role')).toEqual([]);
    const deletes = manifest.files.filter((f) => f.purpose === 'undo' && f.operation === 'delete');
    expect(deletes.map((f) => f.object)).toEqual(['Opportunity', 'Contact', 'Lead']);

    org.applyExport(out, manifest, 'undo');
    expect(org.errors).toEqual([]);
    // the org is as it was before the batch's files went in: its own records, with their own values
    expect({ Lead: org.count('Lead'), Contact: org.count('Contact'), Opportunity: org.count('Opportunity') }).toEqual(orgBeforeImport);
    for (const object of ['Lead', 'Contact']) {
      for (const [id, record] of seeded.get(object)!) {
        const now = org.table(object).get(id)!;
        for (const [field, value] of Object.entries(record)) expect(now[field] ?? '', `${object} ${id} ${field}`).toBe(value);
      }
    }
  });

  it("then listgate's own undo of the batch works: the records the CRM took from it are not 'changed outside listgate'", async () => {
    const summary = await undoBatch(t.crm, batchId);
    expect(summary.outcome).toBe('undone');
    // the records the batch created (Salesforce ids now) are gone again
    const created = (await t.crm.db.selectFrom('change_log').select('entity_id')
      .where('batch_id', '=', batchId).where('operation', '=', 'insert').where('entity_type', 'in', ['lead', 'contact']).execute()).map((r) => r.entity_id);
    expect(created.length).toBeGreaterThan(50);
    expect(created.filter((id) => id.startsWith('LG-'))).toEqual([]);
    expect(await t.crm.db.selectFrom('leads').select('id').where('id', 'in', created).execute()).toEqual([]);
    expect(await t.crm.db.selectFrom('contacts').select('id').where('id', 'in', created).execute()).toEqual([]);
  });
});

/**
 * The same round trip through Dynamics 365: GUIDs, the import wizard creating rows with new GUIDs,
 * the alternate key on lg_listgateid refusing a second import of the same rows, lookups by GUID or
 * by the alternate key, the organization's logical-name export loaded with --crm dynamics.
 */
describe(`round trip through Dynamics 365 (${databaseKind})`, () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'listgate-round-trip-dynamics-'));
  });
  afterAll(async () => { await t?.cleanup(); rmSync(dir, { recursive: true, force: true }); });

  it('goes round: the organization gets each record once, listgate ends on its GUIDs, the list re-stages onto them', { timeout: 300_000 }, async () => {
    const org = DynamicsOrg.fromSamples();
    await loadCrmSnapshot(t.crm, org.writeExport(join(dir, 'export-1')), { crm: 'dynamics' });
    const batchId = (await stageFile(t.crm, { file: list, pipeline: 'pipelines/tradeshow.json', reportDir: join(dir, 'report-1'), progress: quiet })).batchId;
    // skip: create_new would make a second record of a person on purpose, and which of two equal candidates wins is then an id-order tie
    await commitBatch(t.crm, batchId, { undecided: 'skip' });
    const before = await stagedRows(t, (await stageFile(t.crm, { file: list, pipeline: 'pipelines/tradeshow.json', reportDir: join(dir, 'report-2'), progress: quiet })).batchId);
    const created = await t.crm.db.selectFrom('change_log').select(['entity_type']).where('batch_id', '=', batchId).where('operation', '=', 'insert').execute();
    const byType = (type: string) => created.filter((c) => c.entity_type === type).length;

    const out = join(dir, 'files');
    const { manifest } = await exportBatch(t.crm, batchId, { crm: 'dynamics', out });
    const counts = () => ({ lead: org.count('lead'), contact: org.count('contact'), opportunity: org.count('opportunity'), campaignresponse: org.count('campaignresponse') });
    const start = counts();
    org.applyExport(out, manifest);
    expect(org.errors).toEqual([]);
    expect(counts()).toEqual({
      lead: start.lead + byType('lead'), contact: start.contact + byType('contact'), opportunity: start.opportunity + byType('opportunity'),
      campaignresponse: byType('campaign_response'),
    });
    // every new opportunity names its contact: an existing one by GUID, a new one through the alternate key
    for (const opportunity of org.table('opportunity').values()) if (opportunity.lg_listgateid) expect(opportunity.parentcontactid).toMatch(/^[0-9a-f-]{36}$/);
    // a second import of the same files: the alternate key refuses the rows already created
    const once = counts();
    org.applyExport(out, manifest);
    expect({ ...counts(), campaignresponse: once.campaignresponse }).toEqual(once);
    expect(org.errors.filter((e) => !e.includes('alternate key') && !e.includes('campaignresponse'))).toEqual([]);

    const loaded = await loadCrmSnapshot(t.crm, org.writeExport(join(dir, 'export-2')), { crm: 'dynamics' });
    expect(loaded.tieBack.replaced).toEqual({ lead: byType('lead'), contact: byType('contact'), opportunity: byType('opportunity') });
    expect(loaded.tieBack.notInCrm).toEqual([]);
    for (const table of ['contacts', 'leads', 'opportunities'] as const) {
      expect(await t.crm.db.selectFrom(table).select('id').where('id', 'like', 'LG-%').execute(), table).toEqual([]);
      const n = Number((await t.crm.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n);
      expect(n, table).toBe(org.count(table === 'opportunities' ? 'opportunity' : table.slice(0, -1)));
    }

    const idOf = new Map<string, string>();
    for (const table of ['lead', 'contact', 'opportunity']) for (const [id, r] of org.table(table)) if (r.lg_listgateid) idOf.set(r.lg_listgateid, id);
    const again = await stagedRows(t, (await stageFile(t.crm, { file: list, pipeline: 'pipelines/tradeshow.json', reportDir: join(dir, 'report-3'), progress: quiet })).batchId);
    expect(again.map((r) => r.route)).toEqual(before.map((r) => r.route));
    const tied = (id: string | null) => (id && idOf.has(id) ? idOf.get(id)! : id);
    expect(again.map((r) => [r.contact_id, r.lead_id])).toEqual(before.map((r) => [tied(r.contact_id), tied(r.lead_id)]));
    for (const row of again) {
      expect(row.plan?.createLead).toBeUndefined();
      expect(row.plan?.createContact).toBeUndefined();
      for (const id of [row.contact_id, row.lead_id, row.account_id]) if (id) expect(id).not.toMatch(/^LG-/);
    }
  });
});

/**
 * The same round trip through HubSpot: Leads are contacts (lifecycle stage lead, no company),
 * contacts matched on the unique Listgate ID property or their email, deals associated with their
 * contact and company, the portal's exports (companies, contacts, deals) loaded with --crm hubspot.
 */
describe(`round trip through HubSpot (${databaseKind})`, () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'listgate-round-trip-hubspot-'));
  });
  afterAll(async () => { await t?.cleanup(); rmSync(dir, { recursive: true, force: true }); });

  it('goes round: each person once in the portal, listgate ends on Record IDs, the list re-stages onto them', { timeout: 300_000 }, async () => {
    const portal = HubSpotPortal.fromSamples();
    await loadCrmSnapshot(t.crm, portal.writeExport(join(dir, 'export-1')), { crm: 'hubspot' });
    const batchId = (await stageFile(t.crm, { file: list, pipeline: 'pipelines/tradeshow.json', reportDir: join(dir, 'report-1'), progress: quiet })).batchId;
    await commitBatch(t.crm, batchId, { undecided: 'skip' });
    const before = await stagedRows(t, (await stageFile(t.crm, { file: list, pipeline: 'pipelines/tradeshow.json', reportDir: join(dir, 'report-2'), progress: quiet })).batchId);
    const created = await t.crm.db.selectFrom('change_log').select(['entity_type']).where('batch_id', '=', batchId).where('operation', '=', 'insert').execute();
    const byType = (type: string) => created.filter((c) => c.entity_type === type).length;

    const out = join(dir, 'files');
    const { manifest } = await exportBatch(t.crm, batchId, { crm: 'hubspot', out });
    // a new person on a role address another contact has (info@): HubSpot would merge them on the email, so it goes without it
    expect(manifest.not_carried.filter((n) => n.why.includes('matches contacts on it')).length).toBeGreaterThan(0);
    const start = { contacts: portal.count('contacts'), deals: portal.count('deals') };
    portal.applyExport(out, manifest);
    expect(portal.errors).toEqual([]);
    expect({ contacts: portal.count('contacts'), deals: portal.count('deals') })
      .toEqual({ contacts: start.contacts + byType('lead') + byType('contact'), deals: start.deals + byType('opportunity') });
    expect(portal.lists.get(batchId)?.size).toBe(new Set((await t.crm.db.selectFrom('campaign_responses').select('entity_id').where('batch_id', '=', batchId).execute()).map((r) => r.entity_id)).size);
    for (const deal of portal.object('deals').values()) if (deal['Listgate ID']) expect(deal['Associated Contact IDs']).toMatch(/^\d+$/);
    // imported again: matched on Listgate ID, nothing added
    portal.applyExport(out, manifest);
    expect(portal.errors).toEqual([]);
    expect({ contacts: portal.count('contacts'), deals: portal.count('deals') })
      .toEqual({ contacts: start.contacts + byType('lead') + byType('contact'), deals: start.deals + byType('opportunity') });

    const loaded = await loadCrmSnapshot(t.crm, portal.writeExport(join(dir, 'export-2')), { crm: 'hubspot' });
    expect(loaded.tieBack.replaced).toEqual({ lead: byType('lead'), contact: byType('contact'), opportunity: byType('opportunity') });
    expect(loaded.tieBack.notInCrm).toEqual([]);
    const n = async (table: 'contacts' | 'leads' | 'opportunities') => Number((await t.crm.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n);
    expect((await n('contacts')) + (await n('leads'))).toBe(portal.count('contacts'));
    expect(await n('opportunities')).toBe(portal.count('deals'));
    for (const table of ['contacts', 'leads', 'opportunities'] as const) {
      expect(await t.crm.db.selectFrom(table).select('id').where('id', 'like', 'LG-%').execute(), table).toEqual([]);
    }

    const idOf = new Map<string, string>();
    for (const object of ['contacts', 'deals']) for (const [id, r] of portal.object(object)) if (r['Listgate ID']) idOf.set(r['Listgate ID'], id);
    const again = await stagedRows(t, (await stageFile(t.crm, { file: list, pipeline: 'pipelines/tradeshow.json', reportDir: join(dir, 'report-3'), progress: quiet })).batchId);
    expect(again.map((r) => r.route)).toEqual(before.map((r) => r.route));
    const tied = (id: string | null) => (id && idOf.has(id) ? idOf.get(id)! : id);
    expect(again.map((r) => [r.contact_id, r.lead_id])).toEqual(before.map((r) => [tied(r.contact_id), tied(r.lead_id)]));
    for (const row of again) {
      expect(row.plan?.createLead).toBeUndefined();
      expect(row.plan?.createContact).toBeUndefined();
      for (const id of [row.contact_id, row.lead_id, row.account_id]) if (id) expect(id).not.toMatch(/^LG-/);
    }
  });
});
