import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { loadCrmSnapshot } from '../src/crm/load-crm.js';
import { stageFile } from '../src/stage/stage-file.js';
import { commitBatch } from '../src/commit/commit-batch.js';
import { importResponses } from '../src/vendor-lists/responses.js';
import { erasePerson, importSuppressions } from '../src/vendor-lists/suppress.js';
import { purgeProof, purgeVendorList } from '../src/vendor-lists/purge.js';

const quiet = { start() {}, update() {}, stop() {} };
const fixtures = join(import.meta.dirname, 'fixtures/vendor-lists');
const pipeline = join(fixtures, 'vendor-list.json');
const vendor = 'TestVendor';
const list = 'Prospects 2026';

/**
 * A purchased list's life: v1 delivered and committed, responses recorded, v2 refreshes by
 * vendor id (changed fields, new ids, dropped ids), a person erased on request, purge dry run
 * and execute, and v3 cannot bring the erased person back.
 */
describe(`vendor list lifecycle on ${databaseKind}`, () => {
  let t: TestDatabase;
  let reports: string;
  const batches: Record<string, string> = {};

  const stage = async (name: string) => {
    const result = await stageFile(t.crm, { file: join(fixtures, `${name}.csv`), pipeline, reportDir: join(reports, name), progress: quiet });
    batches[name] = result.batchId;
    return result;
  };
  const rowsOf = async (batchId: string) => {
    const rows = await t.crm.db.selectFrom('batch_rows').select(['source_row', 'vendor_record_id', 'route', 'contact_id', 'lead_id', 'plan', 'reasons'])
      .where('batch_id', '=', batchId).orderBy('source_row').execute();
    return Object.fromEntries(rows.map((r) => [r.vendor_record_id!, r]));
  };
  const vendorIds = async () => {
    const rows = await t.crm.db.selectFrom('vendor_record_ids').selectAll().where('vendor', '=', vendor).orderBy('vendor_record_id').execute();
    return Object.fromEntries(rows.map((r) => [r.vendor_record_id, r]));
  };
  const people = async () => {
    const leads = await t.crm.db.selectFrom('leads').select(['id', 'first_name', 'last_name', 'email', 'title', 'secondary_email', 'phone']).execute();
    const contacts = await t.crm.db.selectFrom('contacts').select(['id', 'first_name', 'last_name', 'email', 'title']).execute();
    return { leads, contacts, names: [...leads, ...contacts].map((p) => `${p.first_name} ${p.last_name}`).sort() };
  };

  beforeAll(async () => {
    reports = mkdtempSync(join(tmpdir(), 'listgate-vendor-'));
    t = await createTestDatabase();
    await loadCrmSnapshot(t.crm, { accounts: join(fixtures, 'crm-accounts.csv'), contacts: join(fixtures, 'crm-contacts.csv') }, { progress: quiet } as any);
    await importSuppressions(t.crm, join(fixtures, 'suppressions-lifecycle.csv'), { progress: quiet });
  });
  afterAll(async () => { await t?.cleanup(); rmSync(reports, { recursive: true, force: true }); });

  it('v1: every row keeps (vendor, list, id) on the record it created or matched, first and last seen', async () => {
    const staged = await stage('list-v1');
    expect(staged.counts).toMatchObject({ new_lead: 6, update_contact: 1, rejected: 0 });
    expect(staged.droppedFromList).toBe(0);
    await commitBatch(t.crm, staged.batchId);
    const ids = await vendorIds();
    expect(Object.keys(ids).sort()).toEqual(['TV-1', 'TV-2', 'TV-3', 'TV-4', 'TV-5', 'TV-6', 'TV-7']);
    expect(ids['TV-5']).toMatchObject({ entity_type: 'contact', entity_id: 'CON-K', first_seen_batch: staged.batchId, last_seen_batch: staged.batchId });
    const lead = await t.crm.db.selectFrom('leads').selectAll().where('id', '=', ids['TV-1'].entity_id).executeTakeFirstOrThrow();
    expect(lead).toMatchObject({ first_name: 'Alice', last_name: 'Adams', origin: 'listgate', created_batch_id: staged.batchId, lead_source: 'Purchased List', source_campaign: 'Q2 Outbound' });
  });

  it('responses link by email and by vendor id; an unknown address is reported, not dropped', async () => {
    const result = await importResponses(t.crm, join(fixtures, 'responses-v1.csv'), { vendor, list, vendorIdColumn: 'record id', reportDir: join(reports, 'responses'), progress: quiet });
    const ids = await vendorIds();
    expect(result.lines.map((l) => [l.sourceRow, l.status, l.entityId])).toEqual([
      [2, 'recorded', ids['TV-1'].entity_id], [3, 'recorded', ids['TV-2'].entity_id], [4, 'unmatched', null],
    ]);
    // sales qualifies Carol in the CRM: a qualified Lead is a responder too
    await t.crm.db.updateTable('leads').set({ status: 'Qualified' }).where('id', '=', ids['TV-3'].entity_id).execute();
  });

  it('v2: known ids refresh their records, new ids are routed, missing ids are listed as dropped', async () => {
    const before = await vendorIds();
    const staged = await stage('list-v2');
    const rows = await rowsOf(staged.batchId);
    expect(rows['TV-1']).toMatchObject({ route: 'existing_lead', lead_id: before['TV-1'].entity_id });
    expect(rows['TV-1'].reasons).toMatch(/vendor's record id/);
    expect((rows['TV-1'].plan as any).update.fields).toEqual([expect.objectContaining({ field: 'title', new: 'Head of Marketing', kind: 'overwrite' })]);
    expect(rows['TV-4']).toMatchObject({ route: 'existing_lead', lead_id: before['TV-4'].entity_id });
    expect(rows['TV-5']).toMatchObject({ route: 'update_contact', contact_id: 'CON-K' });
    expect(rows['TV-8'].route).toBe('new_lead');
    expect(rows['TV-9'].route).toBe('suppressed');
    expect(staged.droppedFromList).toBe(2);
    const dropped = readFileSync(join(reports, 'list-v2', 'dropped_from_list.csv'), 'utf8');
    expect(dropped).toMatch(/TV-3/);
    expect(dropped).toMatch(/TV-7/);
    expect(JSON.parse(readFileSync(join(reports, 'list-v2', 'summary.json'), 'utf8')).dropped_from_list).toBe(2);

    await commitBatch(t.crm, staged.batchId);
    const after = await vendorIds();
    expect(after['TV-1']).toMatchObject({ entity_id: before['TV-1'].entity_id, first_seen_batch: batches['list-v1'], last_seen_batch: batches['list-v2'] });
    expect(after['TV-3']).toMatchObject({ last_seen_batch: batches['list-v1'] });
    expect(after['TV-8']).toMatchObject({ first_seen_batch: batches['list-v2'] });
    expect(after['TV-9']).toBeUndefined();
    const alice = await t.crm.db.selectFrom('leads').select(['title']).where('id', '=', after['TV-1'].entity_id).executeTakeFirstOrThrow();
    expect(alice.title).toBe('Head of Marketing');
    const dan = await t.crm.db.selectFrom('leads').select(['email', 'secondary_email']).where('id', '=', after['TV-4'].entity_id).executeTakeFirstOrThrow();
    expect(dan).toEqual({ email: 'daniel.dunmore@deltaforge.example', secondary_email: 'dan.dunmore@deltaforge.example' });
    const { names } = await people();
    expect(names.filter((n) => n.startsWith('Hank'))).toEqual([]);
  });

  it('erasure on request removes the person and keeps only the hash', async () => {
    const stagedWith = async (table: 'batch_rows' | 'batch_row_keys') => Number((await t.crm.db.selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n')).where('email_key', '=', 'erin.eastwood@epsilonic.example').executeTakeFirstOrThrow()).n);
    expect(await stagedWith('batch_row_keys')).toBeGreaterThan(0);
    const result = await erasePerson(t.crm, 'erin.eastwood@epsilonic.example');
    expect(result.records).toHaveLength(1);
    expect((await people()).names).not.toContain('Erin Eastwood');
    // the staged rows and their match keys keep nothing of her
    expect([await stagedWith('batch_rows'), await stagedWith('batch_row_keys')]).toEqual([0, 0]);
  });

  it('purge dry run lists each record, purge or keep, and why; changes nothing', async () => {
    const before = await people();
    const result = await purgeVendorList(t.crm, { vendor, list, reportDir: join(reports, 'purge-dry'), progress: quiet });
    expect(result).toMatchObject({ executed: false, purged: 3, kept: 4 });
    const csv = readFileSync(join(reports, 'purge-dry', 'purge.csv'), 'utf8');
    const actionOf = (name: string) => csv.split('\r\n').find((line) => line.includes(name))?.split(',')[0];
    expect(['Daniel Dunmore', 'Frank Fairbanks', 'Gina Greenfield'].map(actionOf)).toEqual(['purge', 'purge', 'purge']);
    expect(['Alice Adams', 'Bob Brennan', 'Carol Castillo', 'Karen Knowles'].map(actionOf)).toEqual(['keep', 'keep', 'keep', 'keep']);
    expect(existsSync(join(reports, 'purge-dry', 'purge.xlsx'))).toBe(true);
    expect((await people()).names).toEqual(before.names);
  });

  it('purge execute: exactly the non-responders go, nothing that responded is purged, the purge can be proven', async () => {
    const before = await people();
    const result = await purgeVendorList(t.crm, { vendor, list, execute: true, reportDir: join(reports, 'purge-exec'), progress: quiet });
    expect(result).toMatchObject({ executed: true, purged: 3, kept: 4, vendorIdsDetached: 7 });
    const after = await people();
    expect(after.names).toEqual(before.names.filter((n) => !['Daniel Dunmore', 'Frank Fairbanks', 'Gina Greenfield'].includes(n)));
    expect(after.names).toEqual(['Alice Adams', 'Bob Brennan', 'Carol Castillo', 'Karen Knowles']);
    expect(await vendorIds()).toEqual({});
    const responded = await t.crm.db.selectFrom('campaign_responses').select('entity_id').where('entity_id', 'is not', null).execute();
    const remainingIds = new Set([...after.leads, ...after.contacts].map((p) => p.id));
    expect(responded.every((r) => remainingIds.has(r.entity_id!))).toBe(true);
    const proof = await purgeProof(t.crm, 'frank.fairbanks@foxtrot.example');
    expect(proof.purges).toMatchObject([{ vendor, list, vendorRecordId: 'TV-7', action: 'delete' }]);
    expect(proof.stillPresent).toEqual([]);
  });

  it('v3: the erased person is suppressed by hash, not re-created', async () => {
    const staged = await stage('list-v3');
    const rows = await rowsOf(staged.batchId);
    expect(rows['TV-6'].route).toBe('suppressed');
    expect(rows['TV-10'].route).toBe('new_lead');
    await commitBatch(t.crm, staged.batchId);
    const { names } = await people();
    expect(names).not.toContain('Erin Eastwood');
    expect(names).toContain('Ivy Ingram');
  });
});
