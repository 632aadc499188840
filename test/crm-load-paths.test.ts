import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { loadCrmSnapshot, type CrmLoadResult } from '../src/crm/load-crm.js';
import type { CrmConnection } from '../src/db/database.js';

/**
 * crm load writes an empty table by COPY and a table with rows by upsert, and computes the match
 * keys in a worker thread for large files: every way must store the same rows.
 */
const samples = {
  accounts: 'samples/crm/accounts.csv',
  contacts: 'samples/crm/contacts.csv',
  leads: 'samples/crm/leads.csv',
  opportunities: 'samples/crm/opportunities.csv',
};
const tables = ['accounts', 'contacts', 'leads', 'opportunities'] as const;

/** Every row of the four tables, ordered by id, without the load's timestamps. */
async function contents(crm: CrmConnection): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by id`.execute(crm.db);
    out[table] = rows.map(({ created_at: _created, updated_at: _updated, ...row }) => row);
  }
  return out;
}

let tmp: string;
const databases: TestDatabase[] = [];
async function database(): Promise<CrmConnection> {
  const t = await createTestDatabase();
  databases.push(t);
  return t.crm;
}

let copied: Record<string, unknown[]>;
let copiedResult: CrmLoadResult;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'listgate-crm-paths-'));
  const crm = await database();
  copiedResult = await loadCrmSnapshot(crm, samples, { keyWorker: false });
  copied = await contents(crm);
});
afterAll(async () => {
  for (const t of databases) await t.cleanup();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

describe('crm load: COPY into empty tables, upsert into tables with rows, keys in a worker', () => {
  it('the first load (COPY) stores what a load into tables that already have rows (upsert) stores', async () => {
    const crm = await database();
    await loadCrmSnapshot(crm, {
      accounts: file('seed-accounts.csv', 'account_id,name\nSEED-A,Seed Account\n'),
      contacts: file('seed-contacts.csv', 'contact_id,first_name,last_name\nSEED-C,Seed,Contact\n'),
      leads: file('seed-leads.csv', 'lead_id,first_name,last_name\nSEED-L,Seed,Lead\n'),
      opportunities: file('seed-opportunities.csv', 'opportunity_id,name\nSEED-O,Seed Opportunity\n'),
    }, { keyWorker: false });
    const upserted = await loadCrmSnapshot(crm, samples, { keyWorker: false });
    for (const table of tables) await sql`delete from ${sql.table(table)} where id like 'SEED-%'`.execute(crm.db);

    expect(await contents(crm)).toEqual(copied);
    expect(upserted.files.map((f) => [f.rows, f.inserted, f.updated])).toEqual(copiedResult.files.map((f) => [f.rows, f.inserted, f.updated]));
    expect(upserted.warnings).toEqual(copiedResult.warnings);
    expect(copied.contacts.length).toBeGreaterThan(0);
  });

  it('keys computed in a worker thread, chunk by chunk, are the keys computed in the main thread', async () => {
    const crm = await database();
    const result = await loadCrmSnapshot(crm, samples, { keyWorker: true, chunkSize: 97 });
    expect(await contents(crm)).toEqual(copied);
    expect(result.warnings).toEqual(copiedResult.warnings);
  });

  it('an id repeated in a later chunk of a first load: the later row wins, as it does on a re-load', async () => {
    const crm = await database();
    const path = file('contacts-repeated.csv', [
      'contact_id,first_name,last_name,email',
      'X-R1,Ana,Ruiz,ana@quillon.example',
      'X-R2,Ben,Ode,ben@quillon.example',
      'X-R3,Cy,Park,cy@quillon.example',
      'X-R1,Ana,Ruiz-Lopez,ana.lopez@quillon.example',
    ].join('\n'));
    const result = await loadCrmSnapshot(crm, { contacts: path }, { chunkSize: 2, keyWorker: false });
    expect(result.files[0]).toMatchObject({ rows: 4, inserted: 3, updated: 1, changed: 1, skipped: 0 });
    const rows = await crm.db.selectFrom('contacts').select(['id', 'last_name', 'email_key']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'X-R1', last_name: 'Ruiz-Lopez', email_key: 'ana.lopez@quillon.example' },
      { id: 'X-R2', last_name: 'Ode', email_key: 'ben@quillon.example' },
      { id: 'X-R3', last_name: 'Park', email_key: 'cy@quillon.example' },
    ]);
  });
});
