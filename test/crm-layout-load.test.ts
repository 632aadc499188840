import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { loadCrmSnapshot, checkCrmFiles } from '../src/crm/load-crm.js';
import { readAllCrmLayouts, readCrmLayout } from '../src/crm/crm-layout.js';
import { salesforceId18, normalizeCrmId } from '../src/crm/crm-ids.js';
import { UserError } from '../src/errors.js';
import { crmIdOf } from '../scripts/make-crm-samples.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

const sf = {
  accounts: 'samples/crm/salesforce/Account.csv', contacts: 'samples/crm/salesforce/Contact.csv',
  leads: 'samples/crm/salesforce/Lead.csv', opportunities: 'samples/crm/salesforce/Opportunity.csv',
};
const dyn = {
  accounts: 'samples/crm/dynamics/account.csv', contacts: 'samples/crm/dynamics/contact.csv',
  leads: 'samples/crm/dynamics/lead.csv', opportunities: 'samples/crm/dynamics/opportunity.csv',
};
const hub = {
  accounts: 'samples/crm/hubspot/hubspot-crm-exports-all-companies.csv', contacts: 'samples/crm/hubspot/hubspot-crm-exports-all-contacts.csv',
  opportunities: 'samples/crm/hubspot/hubspot-crm-exports-all-deals.csv',
};

let tmp: string;
beforeAll(() => { tmp = mkdtempSync(join(tmpdir(), 'listgate-crm-layout-')); });
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}
const message = (promise: Promise<unknown>) => promise.then(() => 'no error', (e: unknown) => (e instanceof UserError ? `UserError: ${e.message}` : String(e)));

describe('CRM layouts as data', () => {
  it('the four layouts in crms/ read and validate', () => {
    expect(readAllCrmLayouts().map((l) => l.name)).toEqual(['listgate', 'dynamics', 'hubspot', 'salesforce']);
    expect(readCrmLayout('salesforce').entities.lead?.external_id).toBe('Listgate_Id__c');
    expect(readCrmLayout('dynamics').entities.contact.external_id).toBe('lg_listgateid');
  });

  it('a layout may carry the import_files of the exporter (checked there), not other unknown keys', () => {
    const layout = JSON.parse(readFileSync('crms/hubspot.json', 'utf8'));
    const withImports = file('with-imports.json', JSON.stringify({ ...layout, import_files: { contacts: { anything: true } } }));
    expect(readCrmLayout(withImports).import_files).toEqual({ contacts: { anything: true } });
    const withTypo = file('with-typo.json', JSON.stringify({ ...layout, import_file: {} }));
    expect(() => readCrmLayout(withTypo)).toThrow(/with-typo.json: key "\(top level\)": Unrecognized key: "import_file"/);
  });

  it('a layout mapping a header to a column listgate does not have is one line naming the key', () => {
    const layout = JSON.parse(readFileSync('crms/salesforce.json', 'utf8'));
    layout.entities.contact.fields.FirstName = 'given_name';
    const path = file('bad-layout.json', JSON.stringify(layout));
    expect(() => readCrmLayout(path)).toThrow(UserError);
    expect(() => readCrmLayout(path)).toThrow(/bad-layout.json: key "entities.contact.fields.FirstName": "given_name" is not a contact column/);
  });

  it('Salesforce ids: 15 characters get the case-safe suffix; GUIDs lose braces and case', () => {
    // documented examples: 001A0000006Vm9r -> 001A0000006Vm9rIAC
    expect(salesforceId18('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(salesforceId18('001A0000006Vm9rIAC')).toBe('001A0000006Vm9rIAC');
    expect(normalizeCrmId('{6CA5384B-AF52-5800-A130-5B0E3E015CAC}', 'guid')).toBe('6ca5384b-af52-5800-a130-5b0e3e015cac');
  });
});

describe('crm load in each CRM layout', () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(); });
  afterAll(async () => { await t?.cleanup(); });

  const one = async (table: 'accounts' | 'contacts' | 'leads' | 'opportunities', id: string) =>
    t.crm.db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirstOrThrow() as Promise<Record<string, any>>;

  it('recognizes Salesforce exports from their headers and says so', async () => {
    const result = await loadCrmSnapshot(t.crm, sf);
    expect(result.layout).toMatchObject({ name: 'salesforce', recognized: true });
    const robert = await one('contacts', crmIdOf('salesforce', 'contact', 'CON-0001'));
    expect(robert).toMatchObject({ first_name: 'Robert', last_name: 'Whitfield', account_id: crmIdOf('salesforce', 'account', 'ACC-0001'), city: 'New York' });
    expect(robert.extra).toMatchObject({ IsDeleted: 'false' });
  });

  it('Salesforce: picklist Rating to listgate rating, opt-out flags to do_not_contact, 15-character AccountIds found by their 18-character ids', async () => {
    expect((await one('leads', crmIdOf('salesforce', 'lead', 'LEAD-0001'))).rating).toBe('warm');
    expect((await one('leads', crmIdOf('salesforce', 'lead', 'LEAD-0002'))).do_not_contact).toBe(true);
    const { rows } = await sql<{ linked: number; total: number }>`
      select count(account_id)::int as linked, count(*)::int as total from opportunities`.execute(t.crm.db);
    expect(rows[0]).toEqual({ linked: 100, total: 100 });
    const second = await one('opportunities', crmIdOf('salesforce', 'opportunity', 'OPP-0002'));
    expect(second.account_id).toBe(crmIdOf('salesforce', 'account', 'ACC-0003'));
    expect(second.status).toBe('Closed');

    // DoNotCall alone also opts out
    const path = file('Contact-dnc.csv', '"Id","LastName","FirstName","HasOptedOutOfEmail","DoNotCall"\n"003000000000001","Ng","Ada","false","true"\n');
    await loadCrmSnapshot(t.crm, { contacts: path }, { crm: 'salesforce' });
    expect((await one('contacts', salesforceId18('003000000000001'))).do_not_contact).toBe(true);
  });

  it('an export of the wrong object is one line naming the file and the option to use', async () => {
    expect(await message(loadCrmSnapshot(t.crm, { accounts: sf.accounts, contacts: sf.leads }, { crm: 'salesforce' })))
      .toBe(`UserError: ${sf.leads}: this is a Salesforce Lead export (Company, Status, Rating, IsConverted), not Contact; pass it as --leads`);
    expect(await message(checkCrmFiles({ accounts: 'samples/crm/contacts.csv' })))
      .toMatch(/^UserError: samples\/crm\/contacts.csv: this is a contacts export \(contact_id, .*\), not accounts; pass it as --contacts$/);
  });

  it('a missing required column is one line naming the file and the column', async () => {
    const path = file('Lead-no-company.csv', 'Id,FirstName,LastName,Email\n00Q000000000001,Ada,Ng,ada@ng.example\n');
    expect(await message(checkCrmFiles({ leads: path }, { crm: 'salesforce' })))
      .toBe(`UserError: ${path}: missing column "Company", which every Salesforce Lead export has; export it with that column`);
  });

  it('a file no layout fits stops with one line naming the layouts tried', async () => {
    const path = file('people.csv', 'person,email\nAda,ada@ng.example\n');
    const text = await message(checkCrmFiles({ contacts: path }));
    expect(text).toContain(`${path}: missing header "contact_id" (the contact id column) and no CRM layout fits: tried listgate ("contact_id"), dynamics ("contactid" or "(Do Not Modify) Contact"), hubspot ("Record ID" or "Contact ID"), salesforce ("Id")`);
    expect(text.split('\n')).toHaveLength(1);
  });

  it('Dynamics logical names: choice codes mapped (leadqualitycode 2 -> warm, statuscode), GUID lookups in braces found, do-not flags', async () => {
    const result = await loadCrmSnapshot(t.crm, dyn);
    expect(result.layout).toMatchObject({ name: 'dynamics', recognized: true });
    const lead = await one('leads', crmIdOf('dynamics', 'lead', 'LEAD-0001'));
    expect(lead).toMatchObject({ rating: 'warm', status: 'Contacted', lead_source: 'External Referral', first_name: 'Priya' });
    expect((await one('leads', crmIdOf('dynamics', 'lead', 'LEAD-0004'))).rating).toBe('hot');
    expect((await one('leads', crmIdOf('dynamics', 'lead', 'LEAD-0002'))).do_not_contact).toBe(true);
    // contact.csv writes every fifth parentcustomerid as {UPPER-CASE} (row 2 is the first)
    expect((await one('contacts', crmIdOf('dynamics', 'contact', 'CON-0001'))).account_id).toBe(crmIdOf('dynamics', 'account', 'ACC-0001'));
    expect((await one('accounts', crmIdOf('dynamics', 'account', 'ACC-0004'))).relationship_type).toBe('Customer');
  });

  it('Dynamics Export to Excel: hidden (Do Not Modify) id column read, "Do Not Allow" opts out, lookups by name; ambiguous or unknown names reported by row and column', async () => {
    const accounts = file('Active Accounts.csv', [
      '(Do Not Modify) Account,(Do Not Modify) Row Checksum,(Do Not Modify) Modified On,Account Name,Main Phone',
      '11111111-1111-4111-a111-111111111111,x,2026-11-30 14:03:00,Harbor Freight Co,(617) 555-0101',
      '22222222-2222-4222-a222-222222222222,y,2026-11-30 14:03:00,Twin Peaks Ltd,(617) 555-0102',
      '33333333-3333-4333-a333-333333333333,z,2026-11-30 14:03:00,twin peaks ltd,(617) 555-0103',
    ].join('\r\n'));
    const contacts = file('Active Contacts.csv', [
      '\uFEFF(Do Not Modify) Contact,(Do Not Modify) Row Checksum,(Do Not Modify) Modified On,Full Name,Company Name,Email,Do not allow Emails',
      '{AAAAAAAA-0000-4000-A000-000000000001},c1,2026-11-30 14:03:00,Mary Ann Keller,Harbor Freight Co,mak@harbor.example,Do Not Allow',
      'aaaaaaaa-0000-4000-a000-000000000002,c2,2026-11-30 14:03:00,Tom Reyes,Twin Peaks Ltd,tom@twin.example,Allow',
      'aaaaaaaa-0000-4000-a000-000000000003,c3,2026-11-30 14:03:00,Lin Wu,Nowhere Inc,lin@nowhere.example,Allow',
    ].join('\r\n'));
    const result = await loadCrmSnapshot(t.crm, { accounts, contacts }, { crm: 'dynamics' });
    const file2 = result.files[1];
    expect(file2.notes).toEqual(['no lg_listgateid column: records listgate created cannot be tied to their Dynamics 365 / Dataverse ids; add it to the export']);
    const mary = await one('contacts', 'aaaaaaaa-0000-4000-a000-000000000001');
    expect(mary).toMatchObject({ first_name: 'Mary Ann', last_name: 'Keller', account_id: '11111111-1111-4111-a111-111111111111', do_not_contact: true });
    expect((await one('contacts', 'aaaaaaaa-0000-4000-a000-000000000002'))).toMatchObject({ account_id: null, do_not_contact: false });
    expect(result.warnings.map((w) => `${w.file} row ${w.row}: ${w.message}`)).toEqual([
      'Active Contacts.csv row 3: column "Company Name": "Twin Peaks Ltd" names 2 accounts (22222222-2222-4222-a222-222222222222, 33333333-3333-4333-a333-333333333333); loaded without an account',
      'Active Contacts.csv row 4: column "Company Name": no account named "Nowhere Inc"; loaded without an account',
    ]);
  });

  it('reports columns of another record type and a file without name columns; nothing is dropped', async () => {
    const path = file('contact-odd.csv', 'contactid,emailaddress1,companyname,leadqualitycode\nbbbbbbbb-0000-4000-a000-000000000001,x@y.example,Acme,1\n');
    const result = await loadCrmSnapshot(t.crm, { contacts: path }, { crm: 'dynamics' });
    expect(result.files[0].unplaced).toEqual(['companyname', 'leadqualitycode']);
    expect(result.files[0].notes[0]).toBe('no name columns (firstname + lastname, or First Name + Last Name, or fullname, or Full Name): its records load without names');
    expect((await one('contacts', 'bbbbbbbb-0000-4000-a000-000000000001')).extra).toEqual({ companyname: 'Acme', leadqualitycode: '1' });
  });

  it('HubSpot: the contacts export gives Contacts and Leads (lifecycle stage lead, no company); deal stages give status', async () => {
    const result = await loadCrmSnapshot(t.crm, hub, { crm: 'hubspot' });
    expect(result.files.map((f) => [f.kind, f.rows, f.leftToOther])).toEqual([['accounts', 200, 0], ['contacts', 500, 200], ['leads', 200, 500], ['opportunities', 100, 0]]);
    const lead = await one('leads', crmIdOf('hubspot', 'lead', 'LEAD-0002'));
    expect(lead).toMatchObject({ company: 'Fjordline Marine', do_not_contact: true, first_name: 'Oscar' });
    const won = await one('opportunities', crmIdOf('hubspot', 'opportunity', 'OPP-0004'));
    expect(won).toMatchObject({ stage: 'Closed Won', status: 'Closed', account_id: crmIdOf('hubspot', 'account', 'ACC-0008') });

    // a contact at lifecycle stage Lead with a company stays a Contact; several associated companies: the first, reported
    const path = file('hubspot-contacts.csv', [
      'Record ID,First Name,Last Name,Email,Associated Company IDs,Lifecycle Stage,Unsubscribed from all email',
      `901,Ana,Ruiz,ana@r.example,${crmIdOf('hubspot', 'account', 'ACC-0001')};${crmIdOf('hubspot', 'account', 'ACC-0002')},Lead,false`,
      '902,Ben,Ode,ben@o.example,,Subscriber,true',
    ].join('\n'));
    const mixed = await loadCrmSnapshot(t.crm, { contacts: path }, { crm: 'hubspot' });
    expect(mixed.files.map((f) => [f.kind, f.rows])).toEqual([['contacts', 1], ['leads', 1]]);
    expect(await one('contacts', '901')).toMatchObject({ account_id: crmIdOf('hubspot', 'account', 'ACC-0001') });
    expect(await one('leads', '902')).toMatchObject({ do_not_contact: true, last_name: 'Ode' });
    expect(mixed.warnings[0].message).toBe(`account_id has 2 ids (${crmIdOf('hubspot', 'account', 'ACC-0001')}, ${crmIdOf('hubspot', 'account', 'ACC-0002')}); the first is kept`);
  });
});
