import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { insertBatch, insertContact, insertLead, keepVendorId } from './helpers/vendor-records.js';
import { erasePerson, importSuppressions } from '../src/vendor-lists/suppress.js';
import { findSuppressedRows, suppressionHash } from '../src/route/suppression.js';
import { purgeProof } from '../src/vendor-lists/purge.js';

const quiet = { start() {}, update() {}, stop() {} };
const fixture = join(import.meta.dirname, 'fixtures/vendor-lists/suppressions.csv');

describe(`suppression list on ${databaseKind}`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(); });
  afterAll(async () => { await t?.cleanup(); });

  it('imports emails (and their match key), domains and E.164 phones, and names every row it could not use', async () => {
    const result = await importSuppressions(t.crm, fixture, { progress: quiet });
    expect(result).toMatchObject({ rows: 5, entries: 4, added: 4, alreadyPresent: 0 });
    expect(result.skipped).toEqual([
      { sourceRow: 5, reason: 'email "bob@" is not an address' },
      { sourceRow: 7, reason: 'phone "not a phone" is not a phone number' },
    ]);
    const rows = await t.crm.db.selectFrom('suppressions').select(['kind', 'value', 'reason']).orderBy('kind').orderBy('value').execute();
    expect(rows).toEqual([
      { kind: 'domain', value: 'competitor.com', reason: 'competitor' },
      { kind: 'email', value: 'jane.doe+news@gmail.com', reason: 'unsubscribed' },
      { kind: 'email', value: 'janedoe@gmail.com', reason: 'unsubscribed' },
      { kind: 'phone', value: '+15552010134', reason: 'asked not to be called' },
    ]);
    const again = await importSuppressions(t.crm, fixture, { progress: quiet });
    expect(again).toMatchObject({ added: 0, alreadyPresent: 4 });
  });

  it('staging finds the entries with the shared keys', async () => {
    const hits = await findSuppressedRows(t.crm.db, [
      { sourceRow: 2, person: { email: 'JaneDoe@gmail.com', emailKey: 'janedoe@gmail.com' } },
      { sourceRow: 3, person: { email: 'ceo@competitor.com', emailDomain: 'competitor.com' } },
      { sourceRow: 4, person: { phoneE164: '+15552010134', phone: '555-201-0134' } },
      { sourceRow: 5, person: { email: 'someone@else.com', emailKey: 'someone@else.com' } },
    ]);
    expect([...hits.keys()].sort()).toEqual([2, 3, 4]);
  });

  it('--hash-only keeps no values', async () => {
    const u = await createTestDatabase();
    try {
      await importSuppressions(u.crm, fixture, { hashOnly: true, progress: quiet });
      const rows = await u.crm.db.selectFrom('suppressions').select(['kind', 'value', 'value_hash']).execute();
      expect(rows.every((r) => r.value === null)).toBe(true);
      expect(rows.map((r) => r.value_hash)).toContain(suppressionHash('domain', 'competitor.com'));
    } finally {
      await u.cleanup();
    }
  });

  it('a file without any usable column is one clear error', async () => {
    await expect(importSuppressions(t.crm, join(import.meta.dirname, 'fixtures/vendor-lists/no-columns.csv'), { progress: quiet }))
      .rejects.toThrow(/no-columns.csv: no email, domain, phone or email_hash column, nor type and value columns \(headers: Name, Company\)/);
  });

  it('erase: removes every record with the address and keeps only its hash', async () => {
    await insertBatch(t.crm, 'E1', { vendor: 'zi', list: 'na' });
    await insertLead(t.crm, 'EL1', { email: 'erase.me@acme.com', batch: 'E1' });
    await insertContact(t.crm, 'EC1', { email: 'erase.me@acme.com', origin: 'crm' });
    await insertLead(t.crm, 'EL2', { email: 'keep.me@acme.com', batch: 'E1' });
    await keepVendorId(t.crm, 'zi', 'na', 'ZI-E1', 'lead', 'EL1', 'E1');
    await t.crm.db.insertInto('campaign_responses').values({ entity_type: 'contact', entity_id: 'EC1', kind: 'opened', responded_at: '2026-01-01', email: 'erase.me@acme.com' }).execute();
    await t.crm.db.insertInto('suppressions').values({ kind: 'email', value: 'erase.me@acme.com', value_hash: suppressionHash('email', 'erase.me@acme.com'), reason: 'unsubscribed' }).execute();

    const result = await erasePerson(t.crm, 'Erase.Me@ACME.com');
    expect(result.records.map((r) => r.entityId).sort()).toEqual(['EC1', 'EL1']);
    expect(result.vendorIdsDetached).toBe(1);
    expect(await t.crm.db.selectFrom('leads').select('id').where('id', 'in', ['EL1', 'EL2']).execute()).toEqual([{ id: 'EL2' }]);
    expect(await t.crm.db.selectFrom('contacts').select('id').where('id', '=', 'EC1').execute()).toEqual([]);
    expect(await t.crm.db.selectFrom('campaign_responses').select('id').where('entity_id', '=', 'EC1').execute()).toEqual([]);
    const plain = await t.crm.db.selectFrom('suppressions').select('value').where('value', 'like', '%erase.me%').execute();
    expect(plain).toEqual([]);
    const hits = await findSuppressedRows(t.crm.db, [{ sourceRow: 9, person: { email: 'erase.me@acme.com', emailKey: 'erase.me@acme.com' } }]);
    expect(hits.get(9)).toMatch(/suppression list/);
    const proof = await purgeProof(t.crm, 'erase.me@acme.com');
    expect(proof.erasedAt).not.toBeNull();
    expect(proof.purges).toMatchObject([{ vendorRecordId: 'ZI-E1', action: 'erase' }]);
  });
});

describe('suppression files in long form (type, value, reason)', () => {
  it('reads each row as its type says and names unknown types', async () => {
    const { suppressionEntriesOf } = await import('../src/vendor-lists/suppress.js');
    const rows = [
      { sourceRow: 2, cells: { type: 'email', value: 'JONATHAN@Example.com', reason: 'unsubscribed' } },
      { sourceRow: 3, cells: { type: 'Domain', value: 'rival.example', reason: 'competitor' } },
      { sourceRow: 4, cells: { type: 'phone', value: '+1 (404) 555-0142', reason: 'DNC' } },
      { sourceRow: 5, cells: { type: 'fax', value: '555', reason: '' } },
    ];
    const { entries, skipped } = suppressionEntriesOf(rows, ['type', 'value', 'reason'], 'f.csv');
    expect(entries.map((e) => [e.kind, e.value, e.reason])).toEqual([
      ['email', 'jonathan@example.com', 'unsubscribed'], ['domain', 'rival.example', 'competitor'], ['phone', '+14045550142', 'DNC'],
    ]);
    expect(skipped).toEqual([{ sourceRow: 5, reason: 'type "fax" is not email, domain, phone or email_hash' }]);
  });
});
