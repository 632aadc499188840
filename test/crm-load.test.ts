import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import iconv from 'iconv-lite';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { loadCrmSnapshot, type CrmLoadResult } from '../src/crm/load-crm.js';
import { accountKeyColumns, contactKeyColumns, leadKeyColumns } from '../src/crm/record-keys.js';
import { UserError } from '../src/errors.js';

const samples = {
  accounts: 'samples/crm/accounts.csv',
  contacts: 'samples/crm/contacts.csv',
  leads: 'samples/crm/leads.csv',
  opportunities: 'samples/crm/opportunities.csv',
};
const dataRows = (path: string) => readFileSync(path, 'utf8').trim().split('\n').length - 1;

let t: TestDatabase;
let first: CrmLoadResult;
let tmp: string;

beforeAll(async () => {
  t = await createTestDatabase();
  tmp = mkdtempSync(join(tmpdir(), 'listgate-crm-load-'));
  first = await loadCrmSnapshot(t.crm, samples);
});
afterAll(async () => {
  await t?.cleanup();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function count(table: 'accounts' | 'contacts' | 'leads' | 'opportunities'): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.crm.db);
  return rows[0].n;
}

function file(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

describe('crm load of the samples', () => {
  it('inserts every row of every file and reports per-file counts', async () => {
    for (const [kind, path] of Object.entries(samples)) {
      const result = first.files.find((f) => f.kind === kind)!;
      expect(result.rows).toBe(dataRows(path));
      expect(result.inserted).toBe(dataRows(path));
      expect(result.updated).toBe(0);
      expect(await count(kind as keyof typeof samples)).toBe(dataRows(path));
    }
    expect(first.files.map((f) => f.kind)).toEqual(['accounts', 'contacts', 'leads', 'opportunities']);
  });

  it('links contacts to their accounts and loads the unknown-account contact without one, reporting its row', async () => {
    const { rows } = await sql<{ linked: number; unlinked: number }>`
      select count(*) filter (where c.account_id is not null and a.id is not null)::int as linked,
             count(*) filter (where c.account_id is null)::int as unlinked
      from contacts c left join accounts a on a.id = c.account_id`.execute(t.crm.db);
    expect(rows[0]).toEqual({ linked: 499, unlinked: 1 });

    const orphanLine = readFileSync(samples.contacts, 'utf8').split('\n').findIndex((line) => line.includes('ACC-0999')) + 1;
    const orphanId = readFileSync(samples.contacts, 'utf8').split('\n')[orphanLine - 1].split(',')[0];
    const orphan = await t.crm.db.selectFrom('contacts').selectAll().where('id', '=', orphanId).executeTakeFirstOrThrow();
    expect(orphan.account_id).toBeNull();
    expect(first.warnings).toContainEqual({ file: 'contacts.csv', row: orphanLine, message: expect.stringContaining('ACC-0999') });
    expect(first.files.find((f) => f.kind === 'contacts')!.warnings).toBe(1);
  });

  it('reports an opportunity whose contact is unknown and keeps its account', async () => {
    const lines = readFileSync(samples.opportunities, 'utf8').split('\n');
    const row = lines.findIndex((line) => line.includes('CON-9999')) + 1;
    const id = lines[row - 1].split(',')[0];
    const opportunity = await t.crm.db.selectFrom('opportunities').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(opportunity.contact_id).toBeNull();
    expect(opportunity.account_id).toBe('ACC-0004');
    expect(first.warnings).toContainEqual({ file: 'opportunities.csv', row, message: expect.stringContaining('CON-9999') });
  });

  it('fills the match-key columns with normalizePerson keys', async () => {
    const contact = await t.crm.db.selectFrom('contacts').selectAll().where('id', '=', 'CON-0001').executeTakeFirstOrThrow();
    expect(contact.email_key).toBe('robert.whitfield@acme-corp.example');
    expect(contact.corporate_domain).toBe('acme-corp.example');
    expect(contact.phone_e164).toMatch(/^\+1\d{10}$/);
    expect(contact.last_name_metaphone).toBeTruthy();
    expect(contact).toMatchObject(contactKeyColumns(contact));

    const switchboard = await t.crm.db.selectFrom('contacts').select(['phone_e164']).where('id', '=', 'CON-0002').executeTakeFirstOrThrow();
    const acme = await t.crm.db.selectFrom('accounts').selectAll().where('id', '=', 'ACC-0001').executeTakeFirstOrThrow();
    expect(acme.phone_e164).toBe('+12125550100');
    expect(switchboard.phone_e164).toBe(acme.phone_e164);
    expect(acme.website_domain).toBe('acme-corp.example');
    expect(acme.name_key).toBeTruthy();
    expect(acme).toMatchObject(accountKeyColumns(acme));

    const lead = await t.crm.db.selectFrom('leads').selectAll().where('id', '=', 'LEAD-0001').executeTakeFirstOrThrow();
    expect(lead.company_key).toBeTruthy();
    expect(lead).toMatchObject(leadKeyColumns(lead));

    const { rows } = await sql<{ missing: number }>`
      select count(*)::int as missing from contacts where email is not null and email_key is null`.execute(t.crm.db);
    expect(rows[0].missing).toBe(0);
  });

  it('keeps extra columns in extra and reads do_not_contact flags', async () => {
    const acme = await t.crm.db.selectFrom('accounts').select(['extra']).where('id', '=', 'ACC-0001').executeTakeFirstOrThrow();
    expect(Object.keys(acme.extra).sort()).toEqual(['industry', 'owner']);
    const elena = await t.crm.db.selectFrom('contacts').select(['do_not_contact', 'extra']).where('id', '=', 'CON-0008').executeTakeFirstOrThrow();
    expect(elena.do_not_contact).toBe(true);
    expect(elena.extra).toHaveProperty('owner');
    const lead = await t.crm.db.selectFrom('leads').select(['do_not_contact']).where('id', '=', 'LEAD-0002').executeTakeFirstOrThrow();
    expect(lead.do_not_contact).toBe(true);
  });

  it('a first load into empty tables builds their match-key indexes again', async () => {
    const { rows } = await sql<{ indexname: string }>`
      select indexname from pg_indexes where schemaname = current_schema() and tablename = 'contacts' order by indexname`.execute(t.crm.db);
    expect(rows.map((r) => r.indexname)).toEqual([
      'contacts_account_id', 'contacts_corporate_domain', 'contacts_email_key', 'contacts_mobile_e164', 'contacts_name_block', 'contacts_phone_e164', 'contacts_pkey',
    ]);
  });

  it('a file without a do_not_contact column loads everyone as contactable', async () => {
    const path = file('leads-no-flag.csv', 'lead_id,first_name,last_name,email\nLEAD-NF1,Ada,Stone,ada@stone.example\n');
    const result = await loadCrmSnapshot(t.crm, { leads: path });
    expect(result.files[0].warnings).toBe(0);
    const lead = await t.crm.db.selectFrom('leads').select(['do_not_contact']).where('id', '=', 'LEAD-NF1').executeTakeFirstOrThrow();
    expect(lead.do_not_contact).toBe(false);
    await t.crm.db.deleteFrom('leads').where('id', '=', 'LEAD-NF1').execute();
  });

  it('re-loading adds nothing and updates every record in place', async () => {
    const before = await sql<{ id: string; title: string | null }>`select id, title from contacts order by id`.execute(t.crm.db);
    const again = await loadCrmSnapshot(t.crm, samples, { chunkSize: 97 });
    for (const result of again.files) {
      expect(result.inserted).toBe(0);
      expect(result.updated).toBe(result.rows);
      expect(result.changed).toBe(0);
    }
    expect(await count('contacts')).toBe(dataRows(samples.contacts));
    const after = await sql<{ id: string; title: string | null }>`select id, title from contacts order by id`.execute(t.crm.db);
    expect(after.rows).toEqual(before.rows);
  });

  it('an updated export changes the records by CRM id', async () => {
    const path = file('contacts.csv', readFileSync(samples.contacts, 'utf8').replace('robert.whitfield@acme-corp.example,212', 'bob@acme-corp.example,212').replace(',VP Operations,', ',SVP Operations,'));
    const result = await loadCrmSnapshot(t.crm, { contacts: path });
    expect(result.files[0]).toMatchObject({ inserted: 0, updated: dataRows(samples.contacts), changed: 1 });
    const robert = await t.crm.db.selectFrom('contacts').selectAll().where('id', '=', 'CON-0001').executeTakeFirstOrThrow();
    expect(robert).toMatchObject({ email: 'bob@acme-corp.example', email_key: 'bob@acme-corp.example', title: 'SVP Operations', account_id: 'ACC-0001' });
    await loadCrmSnapshot(t.crm, { contacts: samples.contacts });
  });
});

describe('crm load headers and rows', () => {
  it('matches headers case-insensitively after trimming, and takes a BOM', async () => {
    const path = file('accounts-case.csv', '\uFEFF Account_ID ,NAME, Website ,Segment\nX-1,Quillon Tools Inc.,www.quillon.example,SMB\n');
    const result = await loadCrmSnapshot(t.crm, { accounts: path });
    expect(result.files[0]).toMatchObject({ rows: 1, inserted: 1 });
    const account = await t.crm.db.selectFrom('accounts').selectAll().where('id', '=', 'X-1').executeTakeFirstOrThrow();
    expect(account).toMatchObject({ name: 'Quillon Tools Inc.', website_domain: 'quillon.example', extra: { Segment: 'SMB' } });
  });

  it('reads a semicolon-separated Windows-1252 export (European Excel)', async () => {
    const path = join(tmp, 'accounts-1252.csv');
    writeFileSync(path, iconv.encode('account_id;name;city;country\r\nX-4;Müller Präzision GmbH;München;DE\r\n', 'windows-1252'));
    const result = await loadCrmSnapshot(t.crm, { accounts: path });
    expect(result.files[0]).toMatchObject({ rows: 1, inserted: 1 });
    const account = await t.crm.db.selectFrom('accounts').selectAll().where('id', '=', 'X-4').executeTakeFirstOrThrow();
    expect(account).toMatchObject({ name: 'Müller Präzision GmbH', city: 'München', country: 'DE' });
  });

  it('reports rows without an id and repeated ids, and loads the rest', async () => {
    const path = file('contacts-dupes.csv', [
      'contact_id,first_name,last_name,email,do_not_contact',
      'X-C1,Ana,Ruiz,ana@quillon.example,no',
      ',No,Id,noid@quillon.example,',
      'X-C1,Ana,Ruiz-Lopez,ana@quillon.example,maybe',
    ].join('\n'));
    const result = await loadCrmSnapshot(t.crm, { contacts: path });
    expect(result.files[0]).toMatchObject({ rows: 3, inserted: 1, skipped: 2 });
    expect(result.warnings.map((w) => w.row)).toEqual([3, 4, 4]);
    expect(result.warnings[0].message).toContain('no contact_id');
    const ana = await t.crm.db.selectFrom('contacts').selectAll().where('id', '=', 'X-C1').executeTakeFirstOrThrow();
    expect(ana).toMatchObject({ last_name: 'Ruiz-Lopez', do_not_contact: true });
  });

  it('a missing id header is one clear error naming the file and the header, before anything is written', async () => {
    const good = file('accounts-ok.csv', 'account_id,name\nX-2,Should Not Load\n');
    const bad = file('contacts-no-id.csv', 'id,first_name,last_name\n1,A,B\n');
    const error = await loadCrmSnapshot(t.crm, { accounts: good, contacts: bad }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain(bad);
    expect((error as Error).message).toContain('"contact_id"');
    expect(await t.crm.db.selectFrom('accounts').select('id').where('id', '=', 'X-2').executeTakeFirst()).toBeUndefined();
  });

  it('a missing or empty file is a UserError naming it', async () => {
    const missing = join(tmp, 'nope.csv');
    await expect(loadCrmSnapshot(t.crm, { accounts: missing })).rejects.toThrow(new UserError(`${missing}: file not found`));
    const empty = file('empty.csv', '');
    await expect(loadCrmSnapshot(t.crm, { accounts: empty })).rejects.toThrow(/empty.csv: the file is empty/);
  });

  it('quoted fields with commas and line breaks stay one record with the right row number', async () => {
    const path = file('accounts-quoted.csv', 'account_id,name,street\nX-3,"Quillon, Tools","12 Main St\nSuite 4"\n,Missing Id,\n');
    const result = await loadCrmSnapshot(t.crm, { accounts: path });
    expect(result.files[0]).toMatchObject({ rows: 2, inserted: 1, skipped: 1 });
    expect(result.warnings[0].row).toBe(3);
    const account = await t.crm.db.selectFrom('accounts').selectAll().where('id', '=', 'X-3').executeTakeFirstOrThrow();
    expect(account).toMatchObject({ name: 'Quillon, Tools', street: '12 Main St\nSuite 4' });
  });

  it('keeps quotes, backslashes, braces, commas, tabs, the word NULL and non-Latin text exactly as the file has them', async () => {
    const awkward = ['Say "Hi" Inc', 'back\\slash \\N', '{braces, commas}', 'tab\there', 'NULL', 'Zürich – 東京 😀'];
    const lines = awkward.map((name, i) => `X-Q${i},"${name.replace(/"/g, '""')}"`);
    const result = await loadCrmSnapshot(t.crm, { accounts: file('accounts-awkward.csv', `account_id,name\n${lines.join('\n')}\n`) });
    expect(result.files[0]).toMatchObject({ rows: awkward.length, inserted: awkward.length, warnings: 0 });
    const rows = await t.crm.db.selectFrom('accounts').select(['id', 'name', 'street']).where('id', 'like', 'X-Q%').orderBy('id').execute();
    expect(rows.map((r) => r.name)).toEqual(awkward);
    expect(rows.every((r) => r.street === null)).toBe(true);
  });
});
