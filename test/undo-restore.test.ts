import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { crmChecksums, insertGeneratedBatch, insertSmallCrm, insertStagedBatch } from './helpers/batch-fixture.js';
import { commitBatch } from '../src/commit/commit-batch.js';
import { undoBatch } from '../src/commit/undo-batch.js';

describe(`undo (${databaseKind})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await insertSmallCrm(t.crm.db);
    // a vendor id seen before this batch: the commit refreshes it, undo must restore it
    await t.crm.db.insertInto('vendor_record_ids').values({
      vendor: 'acme-lists', list: 'U1', vendor_record_id: 'U1', entity_type: 'contact', entity_id: 'C2',
      first_seen_batch: 'OLD', last_seen_batch: 'OLD', first_seen_at: '2021-05-06T07:08:09.654321Z', last_seen_at: '2021-05-06T07:08:09.654321Z',
    }).execute();
  });
  afterAll(async () => { await t?.cleanup(); });

  it('restores byte-identical CRM tables (updated_at too) after commit + undo', async () => {
    await insertGeneratedBatch(t.crm.db, { id: 'U1', leads: 300, contacts: 200, accountId: 'A1', updates: ['C1', 'C2'] });
    const before = await crmChecksums(t.crm.db);
    const committed = await commitBatch(t.crm, 'U1');
    expect(committed.created).toEqual({ leads: 300, contacts: 200, opportunities: 200 });
    expect(committed.updated.contacts).toBe(1); // C1 already has a phone and a title: the CRM keeps them
    expect(committed.fieldsKept).toBe(2);
    expect(committed.vendorRecordIds).toEqual({ added: 501, refreshed: 1 });
    const during = await crmChecksums(t.crm.db);
    expect(during.contacts).not.toBe(before.contacts);
    const c2 = await t.crm.db.selectFrom('contacts').selectAll().where('id', '=', 'C2').executeTakeFirstOrThrow();
    expect(c2).toMatchObject({ phone: '+1 217 555 0002', phone_e164: '+12175550002', title: 'Buyer' });

    const undone = await undoBatch(t.crm, 'U1');
    expect(undone.outcome).toBe('undone');
    expect(undone.deleted).toMatchObject({ lead: 300, contact: 200, opportunity: 200, vendor_record_id: 501 });
    expect(undone.restored).toMatchObject({ contact: 1, vendor_record_id: 1 });
    expect(await crmChecksums(t.crm.db)).toEqual(before);

    const batch = await t.crm.db.selectFrom('import_batches').selectAll().where('id', '=', 'U1').executeTakeFirstOrThrow();
    expect(batch.status).toBe('undone');
    expect(batch.undone_at).not.toBeNull();
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from batch_rows where batch_id = 'U1' and applied`.execute(t.crm.db);
    expect(rows[0].n).toBe(0);
    expect((await undoBatch(t.crm, 'U1')).outcome).toBe('already_undone');
    await expect(commitBatch(t.crm, 'U1')).rejects.toThrow(/was undone/);
  });

  it('refuses when a later batch changed the same records, naming them; --force undoes only fields still ours', async () => {
    await insertStagedBatch(t.crm.db, {
      id: 'E1', rows: [
        { sourceRow: 2, route: 'update_contact', contactId: 'C2', plan: { update: { entityType: 'contact', entityId: 'C2', fields: [
          { field: 'title', old: null, new: 'CFO', kind: 'fill' }, { field: 'city', old: null, new: 'Shelbyville', kind: 'fill' }] } } },
        { sourceRow: 3, route: 'new_lead', plan: { createLead: { id: 'LG-L-E1-3', values: { first_name: 'Zed', email: 'zed@x.com' } } } },
      ],
    });
    await insertStagedBatch(t.crm.db, {
      id: 'E2', sourceIsNewer: true, rows: [
        { sourceRow: 2, route: 'update_contact', contactId: 'C2', plan: { update: { entityType: 'contact', entityId: 'C2', fields: [
          { field: 'title', old: 'CFO', new: 'CEO', kind: 'overwrite' }] } } },
        { sourceRow: 3, route: 'existing_lead', leadId: 'LG-L-E1-3', plan: { update: { entityType: 'lead', entityId: 'LG-L-E1-3', fields: [
          { field: 'title', old: null, new: 'Owner', kind: 'fill' }] } } },
      ],
    });
    const before = await crmChecksums(t.crm.db);
    await commitBatch(t.crm, 'E1');
    await commitBatch(t.crm, 'E2');
    const err = await undoBatch(t.crm, 'E1').catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/cannot undo batch E1: 2 records changed since it was committed: contact C2 \(changed by batch E2\), lead LG-L-E1-3 \(created by this batch, changed by batch E2\)/);
    expect((err as Error).message).toContain('--force');

    const forced = await undoBatch(t.crm, 'E1', { force: true });
    expect(forced.partlyRestored).toBe(1);
    expect(forced.kept.map((k) => k.entityId)).toEqual(['LG-L-E1-3']);
    const c2 = await t.crm.db.selectFrom('contacts').selectAll().where('id', '=', 'C2').executeTakeFirstOrThrow();
    expect(c2.title).toBe('CEO'); // E2's value stays
    expect(c2.city).toBeNull(); // E1's value went back
    expect(await t.crm.db.selectFrom('leads').select('id').where('id', '=', 'LG-L-E1-3').executeTakeFirst()).toBeTruthy();
    expect(before.contacts).not.toBe((await crmChecksums(t.crm.db)).contacts);
  });

  it('undoing the later batch first, then the earlier one, restores everything', async () => {
    await insertStagedBatch(t.crm.db, {
      id: 'F1', rows: [
        { sourceRow: 2, route: 'update_contact', contactId: 'C3', plan: { update: { entityType: 'contact', entityId: 'C3', fields: [{ field: 'mobile', old: null, new: '+1 555 0303', kind: 'fill' }] } } },
        { sourceRow: 3, route: 'new_contact_and_opportunity', plan: { createContact: { id: 'LG-C-F1-3', values: { account_id: 'A1', first_name: 'Kim' } } } },
      ],
    });
    await insertStagedBatch(t.crm.db, {
      id: 'F2', rows: [
        { sourceRow: 2, route: 'opportunity_for_contact', contactId: 'LG-C-F1-3', plan: { createOpportunity: { id: 'LG-O-F2-2', values: { account_id: 'A1', contact_id: 'LG-C-F1-3', name: 'Deal' } } } },
        { sourceRow: 3, route: 'update_contact', contactId: 'C3', plan: { update: { entityType: 'contact', entityId: 'C3', fields: [{ field: 'city', old: null, new: 'Ogdenville', kind: 'fill' }] } } },
      ],
    });
    const before = await crmChecksums(t.crm.db);
    await commitBatch(t.crm, 'F1');
    await commitBatch(t.crm, 'F2');
    await expect(undoBatch(t.crm, 'F1')).rejects.toThrow(/contact C3 \(changed by batch F2\).*contact LG-C-F1-3 \(has opportunity LG-O-F2-2 of batch F2\)/);
    await undoBatch(t.crm, 'F2');
    await undoBatch(t.crm, 'F1');
    expect(await crmChecksums(t.crm.db)).toEqual(before);
  });
});
