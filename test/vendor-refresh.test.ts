import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { insertBatch, insertContact, insertLead, keepVendorId } from './helpers/vendor-records.js';
import { droppedFromList, findVendorMatches, findVendorRecords, writeDroppedFromList } from '../src/vendor-lists/refresh.js';

describe(`refresh lookups on ${databaseKind}`, () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'listgate-refresh-'));
    t = await createTestDatabase();
    await insertBatch(t.crm, 'V2', { vendor: 'zi', list: 'na', status: 'staged' });
    await insertLead(t.crm, 'L1', { email: 'one@acme.example' });
    await insertContact(t.crm, 'C2', { email: 'two@acme.example' });
    await insertLead(t.crm, 'L3', { email: 'three@acme.example' });
    await keepVendorId(t.crm, 'zi', 'na', 'Z1', 'lead', 'L1');
    await keepVendorId(t.crm, 'zi', 'na', 'Z2', 'contact', 'C2');
    await keepVendorId(t.crm, 'zi', 'na', 'Z3', 'lead', 'L3');
    await keepVendorId(t.crm, 'zi', 'na', 'Z-STALE', 'lead', 'deleted-lead');
    await keepVendorId(t.crm, 'zi', 'other', 'Z4', 'lead', 'L3');
    const row = (sourceRow: number, id: string | null) => ({ batch_id: 'V2', source_row: sourceRow, raw: '{}', normalized: '{}', issues: '[]', vendor_record_id: id });
    await t.crm.db.insertInto('batch_rows').values([row(2, 'Z1'), row(3, 'Z2'), row(4, 'Z-NEW'), row(5, null), row(6, 'Z-STALE'), row(7, 'Z4')]).execute();
  });
  afterAll(async () => { await t?.cleanup(); rmSync(dir, { recursive: true, force: true }); });

  it('matches known ids of the same vendor list only, and ignores ids of records that are gone', async () => {
    const matches = await findVendorMatches(t.crm, 'V2', 'zi', 'na');
    expect(Object.fromEntries(matches)).toEqual({ 2: { entityType: 'lead', id: 'L1' }, 3: { entityType: 'contact', id: 'C2' } });
    const byId = await findVendorRecords(t.crm, 'zi', 'na', ['Z1', 'Z2', 'Z4', 'Z-STALE', '']);
    expect([...byId.keys()].sort()).toEqual(['Z1', 'Z2']);
  });

  it('lists the ids missing from the delivery, with the record, and writes them to the report', async () => {
    const dropped = await droppedFromList(t.crm, 'V2', 'zi', 'na');
    expect(dropped.map((d) => [d.vendorRecordId, d.entityId, d.email])).toEqual([['Z3', 'L3', 'three@acme.example']]);
    writeFileSync(join(dir, 'summary.json'), JSON.stringify({ rows: 6 }));
    const path = writeDroppedFromList(dir, dropped);
    expect(readFileSync(path, 'utf8').split('\r\n')[1]).toMatch(/^zi,na,Z3,lead,L3,First L3,three@acme.example,/);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))).toEqual({ rows: 6, dropped_from_list: 1 });
  });
});
