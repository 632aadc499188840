import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { insertSmallCrm, insertStagedBatch } from './helpers/batch-fixture.js';
import { commitBatch } from '../src/commit/commit-batch.js';
import { surviveFieldUpdates } from '../src/commit/survivorship.js';
import type { FieldUpdate } from '../src/types.js';

const fill = (field: string, value: string): FieldUpdate => ({ field, old: null, new: value, kind: 'fill' });
const overwrite = (field: string, old: string, value: string): FieldUpdate => ({ field, old, new: value, kind: 'overwrite' });

describe('survivorship rules (pure)', () => {
  const record = { title: 'Engineer', phone: '+1 555 0101', street: '1 Main St', city: null, first_name: 'Robert', email: 'bob@acme.com', secondary_email: null };

  it('fills empty fields always', () => {
    expect(surviveFieldUpdates(record, [fill('city', 'Springfield')], { sourceIsNewer: false }).changes).toEqual({ city: 'Springfield' });
  });
  it('overwrites title, phone, mobile and address only when the source is newer', () => {
    const updates = [overwrite('title', 'Engineer', 'CTO'), overwrite('phone', '+1 555 0101', '+1 555 0999'), overwrite('street', '1 Main St', '9 Elm St')];
    expect(surviveFieldUpdates(record, updates, { sourceIsNewer: false }).changes).toEqual({});
    expect(surviveFieldUpdates(record, updates, { sourceIsNewer: true }).changes).toEqual({ title: 'CTO', phone: '+1 555 0999', street: '9 Elm St' });
  });
  it('never overwrites other fields, even from a newer source', () => {
    expect(surviveFieldUpdates(record, [overwrite('first_name', 'Robert', 'Bob')], { sourceIsNewer: true }).changes).toEqual({});
  });
  it('never overwrites with a blank', () => {
    const result = surviveFieldUpdates(record, [overwrite('title', 'Engineer', '  ')], { sourceIsNewer: true });
    expect(result.changes).toEqual({});
    expect(result.decisions[0].outcome).toBe('blank');
  });
  it('keeps a changed email as secondary_email, never replacing the primary', () => {
    expect(surviveFieldUpdates(record, [{ field: 'secondary_email', old: null, new: 'robert@home.net', kind: 'secondary_email' }], { sourceIsNewer: true }).changes)
      .toEqual({ secondary_email: 'robert@home.net' });
    expect(surviveFieldUpdates(record, [overwrite('email', 'bob@acme.com', 'robert@new.com')], { sourceIsNewer: true }).changes)
      .toEqual({ secondary_email: 'robert@new.com' });
    expect(surviveFieldUpdates(record, [fill('email', 'BOB@acme.com')], { sourceIsNewer: false }).changes).toEqual({});
  });
  it('judges against the current value, not the staged old value', () => {
    // staged when the title was empty; someone filled it since: a fill must not overwrite it
    const result = surviveFieldUpdates({ ...record, title: 'VP Sales' }, [fill('title', 'Buyer')], { sourceIsNewer: false });
    expect(result.changes).toEqual({});
    expect(result.decisions[0]).toMatchObject({ outcome: 'kept', current: 'VP Sales' });
  });
});

describe(`survivorship at commit time (${databaseKind})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await insertSmallCrm(t.crm.db);
  });
  afterAll(async () => { await t?.cleanup(); });

  it('applies the rules to the record as it is at commit, and recomputes key columns with the shared normalizer', async () => {
    const person = { phone: '+1 (217) 555-0202', phoneE164: '+12175550202', email: 'jane@home.net', emailKey: 'jane@home.net' };
    await insertStagedBatch(t.crm.db, {
      id: 'S1', rows: [{
        sourceRow: 2, route: 'update_contact', contactId: 'C2', normalized: { person }, plan: {
          update: { entityType: 'contact', entityId: 'C2', fields: [
            fill('title', 'Buyer'), fill('phone', '+1 (217) 555-0202'), fill('city', ''),
            { field: 'secondary_email', old: null, new: 'jane@home.net', kind: 'secondary_email' },
          ] },
        },
      }],
    });
    // the CRM changed after staging: a steward set C2's title
    await t.crm.db.updateTable('contacts').set({ title: 'Director' }).where('id', '=', 'C2').execute();
    const summary = await commitBatch(t.crm, 'S1');
    expect(summary.fieldsKept).toBe(1);
    const c2 = await t.crm.db.selectFrom('contacts').selectAll().where('id', '=', 'C2').executeTakeFirstOrThrow();
    expect(c2).toMatchObject({ title: 'Director', phone: '+1 (217) 555-0202', phone_e164: '+12175550202', city: null, email: 'jane.doe@acme.com', secondary_email: 'jane@home.net', email_key: 'jane.doe@acme.com' });
  });

  it('overwrites title, phone and address when the pipeline marks the source as newer', async () => {
    const person = { phone: '+1 217 555 0999', phoneE164: '+12175550999' };
    await insertStagedBatch(t.crm.db, {
      id: 'S2', sourceIsNewer: true, rows: [{
        sourceRow: 2, route: 'update_contact', contactId: 'C1', normalized: { person }, plan: {
          update: { entityType: 'contact', entityId: 'C1', fields: [
            overwrite('title', 'Engineer', 'Chief Engineer'), overwrite('phone', '+1 555 0101', '+1 217 555 0999'),
            overwrite('city', 'Springfield', 'Capital City'), overwrite('first_name', 'Robert', 'Bobby'),
          ] },
        },
      }],
    });
    await commitBatch(t.crm, 'S2');
    const c1 = await t.crm.db.selectFrom('contacts').selectAll().where('id', '=', 'C1').executeTakeFirstOrThrow();
    expect(c1).toMatchObject({ title: 'Chief Engineer', phone: '+1 217 555 0999', phone_e164: '+12175550999', city: 'Capital City', first_name: 'Robert' });
  });
});
