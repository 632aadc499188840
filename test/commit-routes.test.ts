import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { crmChecksums, insertSmallCrm, insertStagedBatch } from './helpers/batch-fixture.js';
import { commitBatch } from '../src/commit/commit-batch.js';
import type { RowPlan } from '../src/types.js';

const vendor = (vendorRecordId: string) => ({ vendor: 'acme-lists', list: 'expo', vendorRecordId });

const newLeadPlan = (id: string, email: string): RowPlan => ({
  createLead: { id, values: { first_name: 'Neo', last_name: 'Anderson', company: 'Metacortex', email, email_key: email, status: 'Open', rating: 'hot', lead_source: 'Trade Show', source_campaign: 'Expo 2026', follow_up_due: '2026-03-02' } },
  vendorRecord: { ...vendor(`V-${id}`), entityType: 'lead', entityId: id },
});

describe(`commit: each route's effect on the CRM tables (${databaseKind})`, () => {
  let t: TestDatabase;
  let before: Record<string, string>;
  beforeAll(async () => {
    t = await createTestDatabase();
    await insertSmallCrm(t.crm.db);
    before = await crmChecksums(t.crm.db);
    await insertStagedBatch(t.crm.db, {
      id: 'B1', rows: [
        { sourceRow: 2, route: 'new_lead', plan: newLeadPlan('LG-L-B1-2', 'neo@metacortex.com') },
        {
          sourceRow: 3, route: 'new_contact_and_opportunity', accountId: 'A1', plan: {
            createContact: { id: 'LG-C-B1-3', values: { account_id: 'A1', first_name: 'Tina', last_name: 'New', email: 'tina@acme.com', email_key: 'tina@acme.com', phone: '+1 555 0100', phone_e164: '+15550100', lead_source: 'Trade Show', source_campaign: 'Expo 2026' } },
            createOpportunity: { id: 'LG-O-B1-3', values: { account_id: 'A1', contact_id: 'LG-C-B1-3', name: 'Expo 2026 - Acme Corp', stage: 'Qualification', lead_source: 'Trade Show', source_campaign: 'Expo 2026' } },
            vendorRecord: vendor('V3'),
          },
        },
        {
          sourceRow: 4, route: 'opportunity_for_contact', contactId: 'C1', accountId: 'A1',
          normalized: { person: { mobile: '+1 217 555 0199', mobileE164: '+12175550199' } },
          plan: {
            createOpportunity: { id: 'LG-O-B1-4', values: { account_id: 'A1', contact_id: 'C1', name: 'Expo 2026 - Acme Corp', stage: 'Qualification', lead_source: 'Trade Show', source_campaign: 'Expo 2026' } },
            update: { entityType: 'contact', entityId: 'C1', fields: [{ field: 'mobile', old: null, new: '+1 217 555 0199', kind: 'fill' }] },
            campaignResponse: { entityType: 'contact', entityId: 'C1', campaign: 'Expo 2026', kind: 'tradeshow' },
            vendorRecord: vendor('V4'),
          },
        },
        {
          sourceRow: 5, route: 'update_contact', contactId: 'C2',
          plan: { update: { entityType: 'contact', entityId: 'C2', fields: [{ field: 'title', old: null, new: 'CFO', kind: 'fill' }] } },
        },
        {
          sourceRow: 6, route: 'existing_lead', leadId: 'L1',
          plan: {
            update: { entityType: 'lead', entityId: 'L1', fields: [{ field: 'title', old: null, new: 'Buyer', kind: 'fill' }] },
            campaignResponse: { entityType: 'lead', entityId: 'L1', campaign: 'Expo 2026', kind: 'tradeshow' },
            vendorRecord: vendor('V6'),
          },
        },
        { sourceRow: 7, route: 'duplicate_in_file', plan: newLeadPlan('LG-L-B1-7', 'dup@x.com') },
        { sourceRow: 8, route: 'suppressed', plan: newLeadPlan('LG-L-B1-8', 'sup@x.com') },
        { sourceRow: 9, route: 'rejected', plan: newLeadPlan('LG-L-B1-9', 'rej@x.com') },
        {
          sourceRow: 10, route: 'merge_candidate', contactId: 'C3', decision: 'merge', plan: {
            onMerge: { update: { entityType: 'contact', entityId: 'C3', fields: [{ field: 'phone', old: null, new: '+1 555 0133', kind: 'fill' }] }, vendorRecord: vendor('V10') },
            onCreateNew: newLeadPlan('LG-L-B1-10', 'billy@acme.com'),
          },
        },
        {
          sourceRow: 11, route: 'merge_candidate', contactId: 'C3', decision: 'create_new', plan: {
            onMerge: { update: { entityType: 'contact', entityId: 'C3', fields: [{ field: 'title', old: 'Manager', new: 'Boss', kind: 'overwrite' }] } },
            onCreateNew: newLeadPlan('LG-L-B1-11', 'w.jones@acme.com'),
          },
        },
        {
          sourceRow: 12, route: 'merge_candidate', contactId: 'C3', decision: 'skip', plan: {
            onMerge: { update: { entityType: 'contact', entityId: 'C3', fields: [{ field: 'mobile', old: null, new: '+1 555 0777', kind: 'fill' }] } },
            onCreateNew: newLeadPlan('LG-L-B1-12', 'skip@acme.com'),
          },
        },
      ],
    });
  });
  afterAll(async () => { await t?.cleanup(); });

  it('creates, updates and logs exactly what the plans and decisions say', async () => {
    const summary = await commitBatch(t.crm, 'B1');
    expect(summary.outcome).toBe('committed');
    expect(summary.created).toEqual({ leads: 2, contacts: 1, opportunities: 2 });
    expect(summary.updated).toEqual({ contacts: 3, leads: 1 });
    expect(summary.campaignResponses).toBe(2);
    expect(summary.decisions).toEqual({ merge: 1, create_new: 1, skip: 1, undecided: 0 });

    const leads = await t.crm.db.selectFrom('leads').selectAll().orderBy('id').execute();
    expect(leads.map((l) => l.id)).toEqual(['L1', 'LG-L-B1-11', 'LG-L-B1-2']);
    const neo = leads.find((l) => l.id === 'LG-L-B1-2')!;
    expect(neo).toMatchObject({ lead_source: 'Trade Show', source_campaign: 'Expo 2026', rating: 'hot', email_key: 'neo@metacortex.com', created_batch_id: 'B1', origin: 'listgate', do_not_contact: false });
    expect(String(neo.follow_up_due instanceof Date ? neo.follow_up_due.toISOString() : neo.follow_up_due)).toContain('2026-03-02');
    expect(leads.find((l) => l.id === 'L1')!.title).toBe('Buyer');

    const contacts = await t.crm.db.selectFrom('contacts').selectAll().orderBy('id').execute();
    const byId = new Map(contacts.map((c) => [c.id, c]));
    expect(byId.get('LG-C-B1-3')).toMatchObject({ account_id: 'A1', email: 'tina@acme.com', created_batch_id: 'B1' });
    expect(byId.get('C1')).toMatchObject({ mobile: '+1 217 555 0199', mobile_e164: '+12175550199', title: 'Engineer' });
    expect(byId.get('C2')!.title).toBe('CFO');
    expect(byId.get('C3')).toMatchObject({ phone: '+1 555 0133', title: 'Manager', mobile: null });
    expect(new Date(byId.get('C1')!.updated_at).getTime()).toBeGreaterThan(new Date('2021-01-01').getTime());

    const opportunities = await t.crm.db.selectFrom('opportunities').selectAll().orderBy('id').execute();
    expect(opportunities.map((o) => [o.id, o.account_id, o.contact_id])).toEqual([
      ['LG-O-B1-3', 'A1', 'LG-C-B1-3'], ['LG-O-B1-4', 'A1', 'C1'],
    ]);
    const responses = await t.crm.db.selectFrom('campaign_responses').selectAll().orderBy('entity_id').execute();
    expect(responses.map((r) => [r.entity_type, r.entity_id, r.campaign, r.batch_id, r.vendor_record_id])).toEqual([
      ['contact', 'C1', 'Expo 2026', 'B1', 'V4'], ['lead', 'L1', 'Expo 2026', 'B1', 'V6'],
    ]);

    const vendorIds = await t.crm.db.selectFrom('vendor_record_ids').selectAll().orderBy('vendor_record_id').execute();
    expect(vendorIds.map((v) => [v.vendor_record_id, v.entity_type, v.entity_id, v.first_seen_batch, v.last_seen_batch])).toEqual([
      ['V-LG-L-B1-11', 'lead', 'LG-L-B1-11', 'B1', 'B1'],
      ['V-LG-L-B1-2', 'lead', 'LG-L-B1-2', 'B1', 'B1'],
      ['V10', 'contact', 'C3', 'B1', 'B1'],
      ['V3', 'contact', 'LG-C-B1-3', 'B1', 'B1'],
      ['V4', 'contact', 'C1', 'B1', 'B1'],
      ['V6', 'lead', 'L1', 'B1', 'B1'],
    ]);

    const batch = await t.crm.db.selectFrom('import_batches').selectAll().where('id', '=', 'B1').executeTakeFirstOrThrow();
    expect(batch.status).toBe('committed');
    expect(batch.committed_at).not.toBeNull();
    const applied = await t.crm.db.selectFrom('batch_rows').select(['source_row', 'applied']).where('batch_id', '=', 'B1').orderBy('source_row').execute();
    expect(applied.filter((r) => r.applied).map((r) => r.source_row)).toEqual([2, 3, 4, 5, 6, 10, 11]);
  });

  it('logs every insert and update with full rows', async () => {
    const { rows } = await sql<{ entity_type: string; operation: string; n: number }>`
      select entity_type, operation, count(*)::int as n from change_log where batch_id = 'B1' group by 1, 2 order by 1, 2`.execute(t.crm.db);
    expect(rows).toEqual([
      { entity_type: 'campaign_response', operation: 'insert', n: 2 },
      { entity_type: 'contact', operation: 'insert', n: 1 },
      { entity_type: 'contact', operation: 'update', n: 3 },
      { entity_type: 'lead', operation: 'insert', n: 2 },
      { entity_type: 'lead', operation: 'update', n: 1 },
      { entity_type: 'opportunity', operation: 'insert', n: 2 },
      { entity_type: 'vendor_record_id', operation: 'insert', n: 6 },
    ]);
    const c1 = await t.crm.db.selectFrom('change_log').selectAll().where('entity_id', '=', 'C1').executeTakeFirstOrThrow();
    expect((c1.before as any).mobile).toBeNull();
    expect((c1.after as any).mobile).toBe('+1 217 555 0199');
    expect((c1.before as any).extra).toEqual({ crm: 'yes' });
  });

  it('leaves the accounts and suppressions alone', async () => {
    const after = await crmChecksums(t.crm.db);
    expect(after.accounts).toBe(before.accounts);
    expect(after.suppressions).toBe(before.suppressions);
  });

  it('is idempotent: committing again reports so and changes nothing', async () => {
    const sums = await crmChecksums(t.crm.db);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from change_log`.execute(t.crm.db);
    const again = await commitBatch(t.crm, 'B1');
    expect(again.outcome).toBe('already_committed');
    expect(await crmChecksums(t.crm.db)).toEqual(sums);
    const after = await sql<{ n: number }>`select count(*)::int as n from change_log`.execute(t.crm.db);
    expect(after.rows[0].n).toBe(rows[0].n);
  });
});
