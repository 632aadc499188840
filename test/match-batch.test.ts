import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { companyAcronym, companyKey, normalizePerson, normalizePhone, websiteDomain } from '../src/normalize/index.js';
import { batchRowKeys } from '../src/match/stage-keys.js';
import { findInFileDuplicates, loadMatcher, matchBatch, type Matcher } from '../src/match/index.js';
import type { CanonicalField, RowMatch } from '../src/types.js';

type Values = Partial<Record<CanonicalField, string>>;

let test: TestDatabase;
let matches: Map<number, RowMatch>;
const matcher = loadMatcher('crm');
const batchId = 'B1';

async function insertAccount(id: string, name: string, website?: string, phone?: string) {
  await test.crm.db.insertInto('accounts').values({
    id, name, website: website ?? null, phone: phone ?? null, name_key: companyKey(name) || null, acronym_key: companyAcronym(name) || null,
    website_domain: website ? websiteDomain(website) ?? null : null, phone_e164: phone ? normalizePhone(phone)?.e164 ?? null : null, extra: {},
  } as any).execute();
}

async function insertPerson(table: 'contacts' | 'leads', id: string, accountId: string | null, values: Values) {
  const { person: p } = normalizePerson(values);
  const row: Record<string, unknown> = {
    id, account_id: accountId, first_name: p.firstName ?? null, last_name: p.lastName ?? null, email: p.email ?? null,
    phone: p.phone ?? null, mobile: p.mobile ?? null, city: p.city ?? null,
    email_key: p.emailKey ?? null, email_domain: p.emailDomain ?? null, corporate_domain: p.corporateDomain ?? null,
    phone_e164: p.phoneE164 ?? null, mobile_e164: p.mobileE164 ?? null,
    first_name_key: p.firstNameKey ?? null, first_name_canonical: p.firstNameCanonical ?? null, first_initial: p.firstInitial ?? null,
    last_name_key: p.lastNameKey ?? null, last_name_metaphone: p.lastNameMetaphone ?? null, extra: {},
  };
  if (table === 'leads') Object.assign(row, { company: p.company ?? null, company_key: p.companyKey ?? null, company_acronym: p.companyAcronym ?? null, website_domain: p.websiteDomain ?? null });
  await test.crm.db.insertInto(table).values(row as any).execute();
}

async function stageRow(sourceRow: number, values: Values, rejected = false) {
  const { person } = normalizePerson(values);
  await test.crm.db.insertInto('batch_row_keys').values({
    batch_id: batchId, source_row: sourceRow, rejected, person: JSON.stringify(person), ...batchRowKeys(person),
  }).execute();
}

beforeAll(async () => {
  test = await createTestDatabase();
  await insertAccount('A1', 'Acme Corporation', 'https://www.acme.com', '(415) 555-0100');
  await insertAccount('A2', 'Globex Inc', 'globex.com');
  await insertAccount('A3', 'International Business Machines');
  await insertAccount('A4', 'Initech', 'initech.io');
  await insertAccount('A5', 'Hooli');
  await insertPerson('contacts', 'C1', 'A1', { first_name: 'Robert', last_name: 'Smith', email: 'robert.smith@acme.com', phone: '415 555 0100', city: 'San Francisco' });
  await insertPerson('contacts', 'C2', 'A1', { first_name: 'Mary', last_name: 'Jones', email: 'info@acme.com', phone: '415 555 0100' });
  await insertPerson('contacts', 'C3', 'A1', { first_name: 'Pat', last_name: 'Lee', phone: '415 555 0100' });
  await insertPerson('contacts', 'C4', 'A2', { first_name: 'Robert', last_name: 'Smith', email: 'rsmith@globex.com' });
  await insertPerson('contacts', 'C5', 'A5', { first_name: 'Dana', last_name: 'Scully', email: 'dana@hooli.xyz' });
  await insertPerson('contacts', 'C6', 'A4', { first_name: 'Chris', last_name: 'Taylor' });
  await insertPerson('contacts', 'C7', 'A4', { first_name: 'Chris', last_name: 'Taylor' });
  await insertPerson('leads', 'L1', null, { first_name: 'Sam', last_name: 'Rivera', email: 'sam@umbrella.com', company: 'Umbrella' });
  await test.crm.db.insertInto('import_batches').values({ id: batchId, file: 'list.csv', pipeline: 'tradeshow', intent: 'interest' } as any).execute();
  await stageRow(2, { first_name: 'Bob', last_name: 'Smith', email: 'Robert.Smith@acme.com', company: 'Acme Corp' });
  await stageRow(3, { first_name: 'John', last_name: 'Doe', email: 'info@acme.com', phone: '415-555-0100', company: 'Acme' });
  await stageRow(4, { first_name: 'Robert', last_name: 'Smith', email: 'robert.smith@globex.com', company: 'Globex' });
  await stageRow(5, { first_name: 'Pat', last_name: 'Lee', phone: '+1 415 555 0100', company: 'Acme Corporation' });
  await stageRow(6, { first_name: 'Chris', last_name: 'Taylor', company: 'Initech LLC' });
  await stageRow(7, { first_name: 'Dana', last_name: 'X', email: 'dana.x@hooli.xyz', company: 'Hooli' });
  await stageRow(8, { first_name: 'Sam', last_name: 'Rivera', email: 'sam@umbrella.com', company: 'Umbrella Corp' });
  await stageRow(9, { first_name: 'Zed', last_name: 'Ibarra', company: 'IBM' });
  await stageRow(10, { first_name: 'Robert', last_name: 'Smith', email: 'robert.smith@acme.com', company: 'ACME' });
  await stageRow(11, { first_name: 'Samuel', last_name: 'Rivera', email: 'sam@umbrella.com' });
  await stageRow(12, { first_name: 'Rejected', email: 'robert.smith@acme.com' }, true);
  matches = await matchBatch(test.crm, batchId, matcher, { chunkSize: 4 });
});

afterAll(async () => { await test?.cleanup(); });

describe('matchBatch against the CRM', () => {
  it('matches a known contact by email and nickname, with its account by email domain, and explains it', () => {
    const row = matches.get(2)!;
    expect(row.contact).toMatchObject({ id: 'C1', band: 'match', entityType: 'contact' });
    expect(row.contact!.explanation).toContain('email identical');
    expect(row.contact!.explanation).toContain('first name Bob ~ Robert (nickname)');
    expect(row.account).toMatchObject({ id: 'A1', band: 'match', via: 'email domain acme.com = account website' });
    expect(row.candidatesCut).toBe(false);
    expect(row.candidates[0].id).toBe('C1');
  });

  it('an info@ address plus the switchboard phone is not enough', () => {
    const row = matches.get(3)!;
    expect(row.contact).toBeUndefined();
    const info = row.candidates.find((c) => c.id === 'C2')!;
    expect(info.band).toBe('none');
    expect(info.guards).toContain('role address info@acme.com is weak evidence');
    expect(info.guards.some((g) => g.startsWith('switchboard phone +14155550100'))).toBe(true);
    expect(row.account?.id).toBe('A1');
  });

  it('the same name at another company finds that company\'s person, not ours', () => {
    const row = matches.get(4)!;
    expect(row.contact?.id).toBe('C4');
    expect(row.candidates.some((c) => c.id === 'C1' && c.band !== 'none')).toBe(false);
    expect(row.account).toMatchObject({ id: 'A2', via: 'email domain globex.com = account website' });
  });

  it('a shared switchboard phone with an agreeing name still matches, and says so', () => {
    const row = matches.get(5)!;
    expect(row.contact?.id).toBe('C3');
    expect(row.contact!.guards).toEqual(["switchboard phone +14155550100 is the account's number"]);
  });

  it('two equally good contacts are ambiguous', () => {
    const row = matches.get(6)!;
    expect(row.ambiguous).toMatchObject({ entityType: 'contact' });
    expect([...row.ambiguous!.ids].sort()).toEqual(['C6', 'C7']);
    expect(row.account).toMatchObject({ id: 'A4', via: 'company name key initech' });
  });

  it("finds the account through its contacts' email domain, and by acronym", () => {
    expect(matches.get(7)!.account).toMatchObject({ id: 'A5', via: "email domain hooli.xyz = its contacts' email domain" });
    // same first name at the same company, nothing personal agrees: another person
    expect(matches.get(7)!.contact).toBeUndefined();
    expect(matches.get(7)!.candidates.find((c) => c.id === 'C5')).toMatchObject({ band: 'none' });
    expect(matches.get(9)!.account).toMatchObject({ id: 'A3', via: 'company acronym ibm' });
  });

  it('matches leads', () => {
    expect(matches.get(8)!.lead).toMatchObject({ id: 'L1', band: 'match' });
  });

  it('skips rejected rows', () => {
    expect(matches.has(12)).toBe(false);
    expect(matches.size).toBe(10);
  });

  it('says when blocking produced more candidates than the bound', async () => {
    const narrow: Matcher = { ...matcher, targets: { ...matcher.targets, contact: { ...matcher.targets.contact!, max_candidates: 1 } } };
    const cut = await matchBatch(test.crm, batchId, narrow);
    expect(cut.get(6)!.candidatesCut).toBe(true);
    expect(cut.get(6)!.candidates.filter((c) => c.entityType === 'contact')).toHaveLength(1);
    expect(cut.get(2)!.candidatesCut).toBe(false);
  });

  it('finds duplicates inside the file; the first row survives', async () => {
    const duplicates = await findInFileDuplicates(test.crm, batchId, matcher);
    expect(duplicates.get(10)).toMatchObject({ duplicateOf: 2 });
    expect(duplicates.get(10)!.explanation).toContain('email identical');
    expect(duplicates.get(11)).toMatchObject({ duplicateOf: 8 });
    expect(duplicates.has(2)).toBe(false);
    expect(duplicates.has(12)).toBe(false);
    expect(duplicates.has(4)).toBe(false);
  });
});
