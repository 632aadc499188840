import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { insertBatch, insertContact, insertLead, keepVendorId, logChange } from './helpers/vendor-records.js';
import { purgeProof, purgeVendorList } from '../src/vendor-lists/purge.js';
import { isQualifiedStatus } from '../src/vendor-lists/purge-plan.js';
import { suppressionHash } from '../src/route/suppression.js';

const quiet = { start() {}, update() {}, stop() {} };

/**
 * One vendor list (zi/na) delivered by batch B1, and every reason a record of it is kept:
 * responded, qualified, Opportunity, interest list, another source, another vendor, CRM origin.
 */
async function seed(t: TestDatabase): Promise<void> {
  const crm = t.crm;
  await insertBatch(crm, 'B1', { vendor: 'zi', list: 'na' });
  await insertBatch(crm, 'B2', { intent: 'interest', pipeline: 'tradeshow' });
  await insertBatch(crm, 'B3', { vendor: 'apollo', list: 'x', pipeline: 'apollo' });
  await insertBatch(crm, 'B4', { vendor: 'zi', list: 'other' });
  const leads: [string, Parameters<typeof insertLead>[2]][] = [
    ['L1', { email: 'l1@acme.com' }], ['L2', { email: 'l2@acme.com' }], ['L3', { status: 'Qualified' }],
    ['L4', {}], ['L5', {}], ['L6', {}], ['L7', {}], ['L8', { status: 'Unqualified', email: 'L8@Acme.com' }],
  ];
  for (const [id, values] of leads) await insertLead(crm, id, { batch: 'B1', ...values });
  await insertContact(crm, 'C1', { origin: 'crm' });
  await insertContact(crm, 'C2', { batch: 'B1', email: 'c2@acme.com' });
  await insertContact(crm, 'C3', { batch: 'B4' });
  await insertLead(crm, 'L9', { batch: 'B1' });
  const ids: [string, 'contact' | 'lead', string][] = [
    ['ZI-1', 'lead', 'L1'], ['ZI-2', 'lead', 'L2'], ['ZI-3', 'lead', 'L3'], ['ZI-4', 'lead', 'L4'], ['ZI-5', 'lead', 'L5'],
    ['ZI-6', 'lead', 'L6'], ['ZI-7', 'lead', 'L7'], ['ZI-8', 'contact', 'C1'], ['ZI-9', 'contact', 'C2'], ['ZI-10', 'lead', 'L8'],
    ['ZI-11', 'contact', 'C3'], ['ZI-12', 'lead', 'L9'],
  ];
  for (const [vid, type, id] of ids) await keepVendorId(crm, 'zi', 'na', vid, type, id, 'B1');
  await keepVendorId(crm, 'apollo', 'x', 'A-7', 'lead', 'L7', 'B3');
  await crm.db.insertInto('campaign_responses').values({ entity_type: 'lead', entity_id: 'L2', kind: 'clicked', campaign: 'Spring', responded_at: '2026-03-01' }).execute();
  await crm.db.insertInto('opportunities').values({ id: 'O4', lead_id: 'L4', name: 'Deal', extra: '{}' }).execute();
  await logChange(crm, 'B2', 'lead', 'L5');
  await logChange(crm, 'B3', 'lead', 'L6');
  for (const [, type, id] of ids) await logChange(crm, 'B1', type, id, 'insert');
  // L9 was matched by a committed badge-scan batch (a row applied to it), with no field change logged
  await crm.db.insertInto('batch_rows').values({ batch_id: 'B2', source_row: 2, raw: '{}', normalized: '{}', issues: '[]', lead_id: 'L9', route: 'existing_lead', applied: true }).execute();
  await crm.db.insertInto('batch_rows').values({ batch_id: 'B1', source_row: 2, raw: JSON.stringify({ Email: 'l1@acme.com' }), normalized: '{}', issues: '[]', vendor_record_id: 'ZI-1', email_key: 'l1@acme.com' }).execute();
}

describe(`purge of a vendor list on ${databaseKind}`, () => {
  let t: TestDatabase;
  let reports: string;
  beforeAll(() => { reports = mkdtempSync(join(tmpdir(), 'listgate-purge-')); });
  beforeEach(async () => { t = await createTestDatabase(); await seed(t); });
  afterEach(async () => { await t?.cleanup(); });
  afterAll(() => rmSync(reports, { recursive: true, force: true }));

  it('dry run: classifies each record with its reasons and changes nothing', async () => {
    const dir = join(reports, 'dry');
    const result = await purgeVendorList(t.crm, { vendor: 'zi', list: 'na', reportDir: dir, progress: quiet });
    expect(result.executed).toBe(false);
    expect(result.records).toBe(12);
    const csv = readFileSync(join(dir, 'purge.csv'), 'utf8');
    const lines = csv.trim().split('\r\n').slice(1).map((l) => l.split(','));
    const actions = Object.fromEntries(lines.map((cells) => [cells[2], cells[0]]));
    expect(actions).toEqual({ L1: 'purge', C2: 'purge', L8: 'purge', L2: 'keep', L3: 'keep', L4: 'keep', L5: 'keep', L6: 'keep', L7: 'keep', C1: 'keep', C3: 'keep', L9: 'keep' });
    expect(csv).toMatch(/L2,.*responded: clicked \(Spring\)/);
    expect(csv).toMatch(/L3,.*Lead status Qualified/);
    expect(csv).toMatch(/L4,.*has 1 Opportunity/);
    expect(csv).toMatch(/L5,.*interest list batch B2/);
    expect(csv).toMatch(/L9,.*interest list batch B2/);
    expect(csv).toMatch(/L6,.*updated by another source: batch B3/);
    expect(csv).toMatch(/L7,.*also delivered by apollo\/x/);
    expect(csv).toMatch(/C1,.*came from the CRM/);
    expect(csv).toMatch(/C3,.*created by batch B4, not by a batch of this vendor list/);
    expect(existsSync(join(dir, 'purge.xlsx'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))).toMatchObject({ executed: false, purged: 3, kept: 9 });
    const { rows } = await sql<{ n: number }>`select (select count(*)::int from leads) + (select count(*)::int from contacts) as n`.execute(t.crm.db);
    expect(rows[0].n).toBe(12);
    expect(await t.crm.db.selectFrom('purge_log').selectAll().execute()).toEqual([]);
  });

  it('execute: deletes the non-responders, detaches the rest, logs only hashes, and can be proven', async () => {
    const result = await purgeVendorList(t.crm, { vendor: 'zi', list: 'na', execute: true, reportDir: join(reports, 'exec'), progress: quiet });
    expect(result).toMatchObject({ executed: true, purged: 3, kept: 9, vendorIdsDetached: 12 });
    const leads = (await t.crm.db.selectFrom('leads').select('id').orderBy('id').execute()).map((r) => r.id);
    const contacts = (await t.crm.db.selectFrom('contacts').select('id').orderBy('id').execute()).map((r) => r.id);
    expect(leads).toEqual(['L2', 'L3', 'L4', 'L5', 'L6', 'L7', 'L9']);
    expect(contacts).toEqual(['C1', 'C3']);
    const remainingIds = await t.crm.db.selectFrom('vendor_record_ids').select(['vendor', 'vendor_record_id']).execute();
    expect(remainingIds).toEqual([{ vendor: 'apollo', vendor_record_id: 'A-7' }]);

    const log = await t.crm.db.selectFrom('purge_log').selectAll().orderBy('vendor_record_id').execute();
    expect(log).toHaveLength(12);
    expect(log.filter((l) => l.action === 'delete').map((l) => l.vendor_record_id).sort()).toEqual(['ZI-1', 'ZI-10', 'ZI-9']);
    const l8 = log.find((l) => l.vendor_record_id === 'ZI-10')!;
    expect(l8.email_sha256).toBe(suppressionHash('email', 'l8@acme.com'));
    expect(JSON.stringify(log)).not.toContain('@');

    const cl = await t.crm.db.selectFrom('change_log').select(['entity_id']).where('entity_id', 'in', ['L1', 'C2', 'L8']).execute();
    expect(cl).toEqual([]);
    const row = await t.crm.db.selectFrom('batch_rows').select(['raw', 'email_key']).where('batch_id', '=', 'B1').executeTakeFirstOrThrow();
    expect(row).toEqual({ raw: {}, email_key: null });

    const proof = await purgeProof(t.crm, ' L8@ACME.com ');
    expect(proof.purges).toMatchObject([{ vendor: 'zi', list: 'na', vendorRecordId: 'ZI-10', action: 'delete' }]);
    expect(proof.stillPresent).toEqual([]);
    expect((await purgeProof(t.crm, 'nobody@acme.com')).purges).toEqual([]);
  });

  it('anonymize mode keeps the records without personal data', async () => {
    await purgeVendorList(t.crm, { vendor: 'zi', list: 'na', execute: true, mode: 'anonymize', reportDir: join(reports, 'anon'), progress: quiet });
    const l1 = await t.crm.db.selectFrom('leads').selectAll().where('id', '=', 'L1').executeTakeFirstOrThrow();
    expect(l1).toMatchObject({ first_name: null, last_name: null, email: null, email_key: null, company: null, do_not_contact: true });
    const log = await t.crm.db.selectFrom('purge_log').select('action').where('vendor_record_id', '=', 'ZI-1').executeTakeFirstOrThrow();
    expect(log.action).toBe('anonymize');
  });

  it('a purge of the whole vendor covers all its lists; an unknown vendor is a clear error', async () => {
    const result = await purgeVendorList(t.crm, { vendor: 'zi', reportDir: join(reports, 'all'), progress: quiet });
    // C3 was created by zi/other, which is in scope when no list is named: only source is the vendor.
    expect(result.purged).toBe(4);
    await expect(purgeVendorList(t.crm, { vendor: 'nobody', progress: quiet })).rejects.toThrow(/no vendor record ids or batches for vendor "nobody"/);
  });
});

describe('qualified lead statuses', () => {
  it.each([
    ['Qualified', true], ['Converted', true], ['Closed - Converted', true], ['qualified lead', true],
    ['Unqualified', false], ['Closed - Not Converted', false], ['Open', false], ['', false], [null, false], ['Disqualified', false],
  ])('%s -> %s', (status, expected) => expect(isQualifiedStatus(status)).toBe(expected));
});
