/**
 * Writes the sample CRM snapshot (samples/crm/) and the incoming lists (samples/lists/)
 * deterministically from a seeded PRNG: same script, same bytes. Every person and company is
 * fictional; corporate domains use the reserved .example top-level domain.
 *
 *   npx tsx scripts/make-samples.ts
 *
 * Besides the files it writes samples/lists/expected-routes.csv: the route each list row was
 * built to take (file, CSV row number with header = 1, route, scenario), for tests to assert.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { mulberry32 } from '../bench/synthetic/random.js';
import { fixedZipTimes } from './fixed-zip-times.js';

const root = resolve(import.meta.dirname, '..');
const crmDir = join(root, 'samples', 'crm');
const listDir = join(root, 'samples', 'lists');

// ---------------------------------------------------------------- deterministic randomness

const random = mulberry32(20260124);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const chance = (p: number) => random() < p;
function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

// ---------------------------------------------------------------- pools

/** formal first name and the nickname people write on badges */
const firstNames: [string, string | null][] = [
  ['Robert', 'Bob'], ['William', 'Bill'], ['Elizabeth', 'Liz'], ['Katherine', 'Kate'], ['James', 'Jim'],
  ['Michael', 'Mike'], ['Jennifer', 'Jen'], ['Margaret', 'Peggy'], ['Thomas', 'Tom'], ['Christopher', 'Chris'],
  ['Daniel', 'Dan'], ['Joseph', 'Joe'], ['Anthony', 'Tony'], ['Steven', 'Steve'], ['Andrew', 'Andy'],
  ['Patricia', 'Pat'], ['Deborah', 'Debbie'], ['Susan', 'Sue'], ['Jonathan', 'Jon'], ['Nicholas', 'Nick'],
  ['Samuel', 'Sam'], ['Alexander', 'Alex'], ['Benjamin', 'Ben'], ['Matthew', 'Matt'], ['Rebecca', 'Becky'],
  ['Priya', null], ['Wei', null], ['Fatima', null], ['Diego', null], ['Aisha', null], ['Hiroshi', null],
  ['Olga', null], ['Mateo', null], ['Amara', null], ['Lars', null], ['Ingrid', null], ['Rahul', null],
  ['Sofia', null], ['Kwame', null], ['Mei', null], ['Tariq', null], ['Noor', null], ['Emma', null],
  ['Lucas', null], ['Chloe', null], ['Ethan', null], ['Grace', null], ['Owen', null], ['Hannah', null],
  ['Isaac', null], ['Julia', null], ['Leo', null], ['Maya', null], ['Nathan', null], ['Olivia', null],
  ['Paul', null], ['Rosa', null], ['Simon', null], ['Tessa', null], ['Victor', null], ['Zoe', null],
];
const lastNames = [
  'Anderson', 'Baker', 'Bennett', 'Brooks', 'Campbell', 'Carter', 'Castillo', 'Chavez', 'Coleman', 'Cruz',
  'Dawson', 'Delgado', 'Ellis', 'Evans', 'Ferreira', 'Fleming', 'Foster', 'Garcia', 'Gibson', 'Gonzalez',
  'Graham', 'Hall', 'Hansen', 'Hayes', 'Henderson', 'Hughes', 'Ivanova', 'Jensen', 'Jimenez', 'Kapoor',
  'Keller', 'Kim', 'Kowalski', 'Larsen', 'Lopez', 'Marsh', 'Mendoza', 'Morales', 'Murphy', 'Nakamura',
  'Nguyen', 'Nielsen', 'Obi', 'Ortiz', 'Park', 'Patel', 'Perez', 'Porter', 'Quinn', 'Ramirez',
  'Reyes', 'Richter', 'Rivera', 'Rossi', 'Russell', 'Sanders', 'Santos', 'Schmidt', 'Shah', 'Silva',
  'Sullivan', 'Suzuki', 'Thompson', 'Torres', 'Turner', 'Vasquez', 'Vogel', 'Wagner', 'Walsh', 'Ward',
  'Watson', 'Weber', 'Wolfe', 'Yamamoto', 'Young', 'Zhang', 'Abbott', 'Bishop', 'Burke', 'Dunn',
  'Fischer', 'Fox', 'Hart', 'Holt', 'Hunt', 'Lamb', 'Lowe', 'Mack', 'Nash', 'Pike', 'Rowe', 'Shaw',
  'Stone', 'Vance', 'Webb', 'Wells', 'Boyd', 'Cross', 'Frost', 'Gray', 'Hale', 'Kerr', 'Lin', 'Moss',
];
const companyWords = [
  'Alder', 'Birchline', 'Cobaltic', 'Summit', 'Harborview', 'Meridian', 'Pioneer', 'Granitex', 'Lumen', 'Vertex',
  'Redwood', 'Silverlake', 'Blue Ridge', 'Ironclad', 'Keystone', 'Larkspur', 'Maplewood', 'Northgate', 'Oakridge', 'Pinecrest',
  'Riverbend', 'Sterling', 'Tidewater', 'Evergreen', 'Brightline', 'Clearwater', 'Falconer', 'Horizon', 'Juniper', 'Kestrel',
  'Lakeshore', 'Marigold', 'Nimbus', 'Orchard', 'Prairie', 'Stonebridge', 'Trillium', 'Wavecrest', 'Bluefin', 'Copperleaf',
];
const companyKinds = [
  'Analytics', 'Logistics', 'Health', 'Software', 'Manufacturing', 'Foods', 'Energy', 'Capital', 'Systems', 'Labs',
  'Robotics', 'Media', 'Biotech', 'Partners', 'Supply', 'Networks', 'Dynamics', 'Materials', 'Consulting', 'Outfitters',
];
const legalSuffixes = ['Inc.', 'Inc', 'LLC', 'Corp.', 'Corporation', 'Ltd.', 'Co.', 'Incorporated', 'Group', ''];
const titles = [
  'VP Operations', 'Director of IT', 'Procurement Manager', 'CFO', 'Head of Marketing', 'Data Engineer',
  'Operations Manager', 'Chief Technology Officer', 'Senior Buyer', 'IT Manager', 'Marketing Coordinator',
  'Facilities Director', 'Supply Chain Analyst', 'Sales Operations Lead', 'Controller', 'Product Manager',
];
const usCities: [string, string, string, string][] = [
  ['New York', 'NY', '212', '10001'], ['Boston', 'MA', '617', '02110'], ['Chicago', 'IL', '312', '60601'],
  ['Austin', 'TX', '512', '78701'], ['Denver', 'CO', '303', '80202'], ['Seattle', 'WA', '206', '98101'],
  ['San Francisco', 'CA', '415', '94105'], ['Atlanta', 'GA', '404', '30303'], ['Portland', 'OR', '503', '97204'],
  ['Minneapolis', 'MN', '612', '55401'], ['Raleigh', 'NC', '919', '27601'], ['Phoenix', 'AZ', '602', '85004'],
];
const streets = ['Main St', 'Market Street', 'Oak Avenue', 'Commerce Blvd', 'Harbor Way', 'Industrial Pkwy', 'Elm St', 'Lakeview Dr'];

// ---------------------------------------------------------------- helpers

const usedPhones = new Set<string>();
function phoneDigits(area: string): string {
  for (;;) {
    const digits = `${area}555${String(int(0, 9999)).padStart(4, '0')}`;
    if (!usedPhones.has(digits)) { usedPhones.add(digits); return digits; }
  }
}
/** one of the ways people write a US number */
function formatPhone(digits: string, style = int(0, 5)): string {
  const [a, b, c] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)];
  switch (style) {
    case 0: return `(${a}) ${b}-${c}`;
    case 1: return `${a}-${b}-${c}`;
    case 2: return `${a}.${b}.${c}`;
    case 3: return `+1 ${a} ${b} ${c}`;
    case 4: return `1-${a}-${b}-${c}`;
    default: return `${a}${b}${c}`;
  }
}
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '');
const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const withSuffix = (base: string, suffix: string) => (!suffix ? base : suffix === 'Group' ? `${base} Group` : suffix.startsWith('Inc') || suffix.startsWith('Corp') || suffix.startsWith('Co') || suffix === 'Ltd.' ? `${base}${chance(0.3) ? ',' : ''} ${suffix}` : `${base} ${suffix}`);

function writeCsv(path: string, header: string[], rows: Record<string, string>[]): void {
  const csv = Papa.unparse({ fields: header, data: rows.map((r) => header.map((h) => r[h] ?? '')) }, { newline: '\n' });
  writeFileSync(path, `${csv}\n`);
}

// ---------------------------------------------------------------- CRM snapshot

interface Account {
  account_id: string; name: string; base: string; domain: string; website: string; phoneDigits: string; phone: string;
  street: string; city: string; state: string; postal_code: string; country: string; relationship_type: string; area: string;
}
interface Person {
  id: string; account?: Account; first: string; nick: string | null; last: string; email: string; phoneDigits: string;
  phone: string; mobile: string; title: string; city: string; state: string; country: string; dnc: boolean; company?: string;
}

const accounts: Account[] = [];
const usedNames = new Set<string>();
const personKey = (first: string, last: string) => `${first} ${last}`.toLowerCase();

function makeAccount(base: string, legalName: string, domain: string, overrides: Partial<Account> = {}): Account {
  const [city, state, area, zip] = pick(usCities);
  const digits = phoneDigits(area);
  const websiteStyle = int(0, 3);
  const account: Account = {
    account_id: `ACC-${String(accounts.length + 1).padStart(4, '0')}`,
    name: legalName, base, domain,
    website: [`https://www.${domain}`, `www.${domain}`, domain, `http://${domain}/`][websiteStyle],
    phoneDigits: digits, phone: formatPhone(digits, int(0, 3)),
    street: `${int(10, 9800)} ${pick(streets)}${chance(0.2) ? `, Suite ${int(100, 900)}` : ''}`,
    city, state, postal_code: zip, country: chance(0.8) ? 'US' : 'United States',
    relationship_type: pick(['Customer', 'Customer', 'Prospect', 'Prospect', 'Partner']), area,
    ...overrides,
  };
  accounts.push(account);
  return account;
}

// Hand-made accounts the scenarios below refer to.
const acme = makeAccount('Acme', 'ACME Corporation', 'acme-corp.example', { website: 'https://www.acme-corp.example', phoneDigits: '2125550100', phone: '(212) 555-0100', city: 'New York', state: 'NY', postal_code: '10001', area: '212' });
const birchwood = makeAccount('Birchwood Analytics', 'Birchwood Analytics, Inc.', 'birchwood-analytics.example');
const cobalt = makeAccount('Cobalt Logistics', 'Cobalt Logistics LLC', 'cobaltlogistics.example');
const granite = makeAccount('Granite Health', 'Granite Health Partners', 'granitehealth.example');
const idm = makeAccount('International Data Machines', 'International Data Machines Corp.', 'idm.example');
const harbor = makeAccount('Harbor Group', 'The Harbor Group, Ltd.', 'harborgroup.example');
// Numbers the scenarios below write by hand, kept out of the generated ones.
for (const d of ['2125550100', '2125550117', '2125550163', '5035550144', '6175550191', '5125550102', '3035550188', '4045550142']) usedPhones.add(d);

const companyBases: string[] = [];
for (const word of companyWords) for (const kind of companyKinds) companyBases.push(`${word} ${kind}`);
shuffle(companyBases);
// Companies the scenarios need to be unknown.
for (const reserved of ['Pinecrest Foods', 'Keystone Labs']) companyBases.splice(companyBases.indexOf(reserved), 1);
let nextBase = 0;
const takeBase = () => companyBases[nextBase++];

while (accounts.length < 190) {
  const base = takeBase();
  makeAccount(base, withSuffix(base, pick(legalSuffixes)), `${slug(base)}.example`);
}
// A few accounts abroad, with their own number formats.
const abroad: [string, string, string, string, string][] = [
  ['London', '', 'GB', 'EC1A 1BB', '+44 20 7946 0%03d'], ['Manchester', '', 'GB', 'M1 1AE', '0161 496 0%03d'],
  ['Berlin', '', 'DE', '10115', '+49 30 901820%02d'], ['Munich', '', 'DE', '80331', '089 1234 5%03d'],
  ['Toronto', 'ON', 'CA', 'M5H 2N2', '(416) 555-0%03d'], ['Vancouver', 'BC', 'CA', 'V6B 1A1', '604-555-0%03d'],
  ['Dublin', '', 'IE', 'D02 X285', '+353 1 555 0%03d'], ['Sydney', 'NSW', 'AU', '2000', '+61 2 5550 0%03d'],
  ['Paris', '', 'FR', '75001', '+33 1 99 00 0%d %02d'], ['Amsterdam', '', 'NL', '1012 JS', '+31 20 555 0%03d'],
];
for (const [city, state, country, zip, pattern] of abroad) {
  const base = takeBase();
  const n = int(10, 99);
  const phone = pattern.replace(/%0?(\d)?d/g, () => String(n).padStart(2, '0'));
  makeAccount(base, withSuffix(base, pick(['Ltd.', 'GmbH', 'Inc.', 'B.V.', 'SAS', 'Pty Ltd'])), `${slug(base)}.example`, {
    city, state, country, postal_code: zip, phone, phoneDigits: '', street: `${int(1, 200)} ${pick(['High Street', 'Hauptstraße', 'King Street', 'Rue de Rivoli'])}`,
  });
}

const contacts: Person[] = [];
function makeContact(account: Account | undefined, first: string, last: string, options: Partial<Person> & { emailStyle?: number } = {}): Person {
  usedNames.add(personKey(first, last));
  const domain = account?.domain ?? 'unknown.example';
  const style = options.emailStyle ?? int(0, 3);
  const local = [`${first}.${last}`, `${first[0]}${last}`, `${first}${last[0]}`, `${first}_${last}`][style].toLowerCase().replace(/[^a-z0-9._]/g, '');
  const digits = account?.phoneDigits ? phoneDigits(account.area) : '';
  const person: Person = {
    id: `CON-${String(contacts.length + 1).padStart(4, '0')}`, account, first, nick: firstNames.find(([f]) => f === first)?.[1] ?? null, last,
    email: `${local}@${domain}`, phoneDigits: digits, phone: digits ? formatPhone(digits) : account?.phone ?? '',
    mobile: chance(0.3) && account?.area ? formatPhone(phoneDigits(pick(usCities)[2])) : '',
    title: pick(titles), city: account?.city ?? '', state: account?.state ?? '', country: account?.country ?? 'US', dnc: false,
    ...options,
  };
  contacts.push(person);
  return person;
}

// Scenario contacts (named in samples/README.md).
const robert = makeContact(acme, 'Robert', 'Whitfield', { email: 'robert.whitfield@acme-corp.example', title: 'VP Operations' });
const samInfo = makeContact(acme, 'Sam', 'Taylor', { email: 'info@acme-corp.example', phone: acme.phone, phoneDigits: acme.phoneDigits, title: 'Office Manager' });
const katherine = makeContact(birchwood, 'Katherine', 'Novak', { email: 'katherine.novak@birchwood-analytics.example', title: 'Director of IT' });
const chrisLee1 = makeContact(cobalt, 'Chris', 'Lee', { email: 'chris.lee@cobaltlogistics.example', title: 'Dispatch Supervisor' });
const chrisLee2 = makeContact(cobalt, 'Chris', 'Lee', { email: 'clee@cobaltlogistics.example', title: 'Fleet Analyst' });
const martin = makeContact(cobalt, 'Martin', 'Alvarez', { email: 'martin.alvarez@cobaltlogistics.example', title: 'Operations Manager' });
const johnMiller = makeContact(granite, 'John', 'Miller', { email: 'john.miller@granitehealth.example', title: 'CFO' });
const elena = makeContact(birchwood, 'Elena', 'Petrova', { email: 'elena.petrova@birchwood-analytics.example', dnc: true, title: 'Controller' });
const orphan = makeContact(undefined, 'Nadia', 'Haddad', { email: 'nadia.haddad@sablecrest.example', phone: '(303) 555-0188', city: 'Denver', state: 'CO' });
const william = makeContact(idm, 'William', 'Chen', { email: 'william.chen@idm.example', title: 'Chief Technology Officer' });
const harborContact = makeContact(harbor, 'Grace', 'Okafor', { email: 'grace.okafor@harborgroup.example' });
usedNames.add(personKey('Chris', 'Lee'));

// Bulk contacts: 2-3 per account; some share the switchboard, some do not want contact.
for (const account of accounts) {
  const n = account === acme ? 2 : int(1, 3);
  for (let i = 0; i < n && contacts.length < 500; i++) {
    let first: string, last: string;
    do { first = pick(firstNames)[0]; last = pick(lastNames); } while (usedNames.has(personKey(first, last)));
    const sharesSwitchboard = chance(0.12) && account.phoneDigits;
    makeContact(account, first, last, {
      ...(sharesSwitchboard ? { phone: account.phone, phoneDigits: account.phoneDigits } : {}),
      dnc: chance(0.03),
      ...(account.phoneDigits ? {} : { phone: account.phone.replace(/\d\d$/, String(int(10, 99))) }),
    });
  }
}
while (contacts.length < 500) {
  const account = pick(accounts.slice(6, 190));
  let first: string, last: string;
  do { first = pick(firstNames)[0]; last = pick(lastNames); } while (usedNames.has(personKey(first, last)));
  makeContact(account, first, last);
}
// A few more role addresses besides Acme's.
for (const account of accounts.slice(20, 23)) {
  const c = contacts.find((p) => p.account === account);
  if (c) c.email = `info@${account.domain}`;
}

const leadCompanies: string[] = [];
const leads: Person[] = [];
function makeLead(first: string, last: string, company: string, options: Partial<Person> = {}, base = company): Person & { status: string; rating: string; source: string; campaign: string } {
  usedNames.add(personKey(first, last));
  const domain = `${slug(base)}.example`;
  const [city, state, area] = pick(usCities);
  const digits = phoneDigits(area);
  const lead = {
    id: `LEAD-${String(leads.length + 1).padStart(4, '0')}`, first, nick: null, last, company,
    email: chance(0.15) ? `${first.toLowerCase()}${last.toLowerCase()}${int(10, 99)}@${pick(['gmail.com', 'yahoo.com', 'outlook.com'])}` : `${first.toLowerCase()}.${last.toLowerCase()}@${domain}`,
    phoneDigits: digits, phone: formatPhone(digits), mobile: '', title: pick(titles), city, state, country: 'US', dnc: false,
    status: pick(['Open', 'Working', 'Nurturing', 'Unqualified']), rating: pick(['Hot', 'Warm', 'Warm', 'Cold', '']),
    source: pick(['Web', 'Trade Show', 'Purchased List', 'Referral', 'Webinar']), campaign: pick(['Spring Webinar 2025', 'Expo 2025', 'Q3 Outbound', '']),
    ...options,
  };
  leads.push(lead);
  return lead;
}
const priya = makeLead('Priya', 'Raman', 'Quarry Robotics', { email: 'priya.raman@quarryrobotics.example' });
const leadDnc = makeLead('Oscar', 'Lindqvist', 'Fjordline Marine', { email: 'oscar.lindqvist@fjordlinemarine.example', dnc: true });
while (leads.length < 200) {
  const base = takeBase();
  const company = withSuffix(base, pick(legalSuffixes));
  leadCompanies.push(company);
  let first: string, last: string;
  do { first = pick(firstNames)[0]; last = pick(lastNames); } while (usedNames.has(personKey(first, last)));
  makeLead(first, last, company, {}, base);
}

// ---------------------------------------------------------------- write the CRM snapshot

mkdirSync(crmDir, { recursive: true });
mkdirSync(listDir, { recursive: true });

writeCsv(join(crmDir, 'accounts.csv'),
  ['account_id', 'name', 'website', 'phone', 'street', 'city', 'state', 'postal_code', 'country', 'relationship_type', 'industry', 'owner'],
  accounts.map((a) => ({ ...a, industry: a.base.split(' ').pop()!, owner: pick(['J. Ortega', 'M. Lindholm', 'S. Adeyemi']) })));

writeCsv(join(crmDir, 'contacts.csv'),
  ['contact_id', 'account_id', 'first_name', 'last_name', 'email', 'phone', 'mobile', 'title', 'city', 'state', 'country', 'do_not_contact', 'owner', 'created_date'],
  contacts.map((c) => ({
    contact_id: c.id, account_id: c === orphan ? 'ACC-0999' : c.account?.account_id ?? '', first_name: c.first, last_name: c.last,
    email: c.email, phone: c.phone, mobile: c.mobile, title: c.title, city: c.city, state: c.state, country: c.country,
    do_not_contact: c.dnc ? 'true' : 'false', owner: pick(['J. Ortega', 'M. Lindholm', 'S. Adeyemi']),
    created_date: `202${int(1, 5)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`,
  })));

writeCsv(join(crmDir, 'leads.csv'),
  ['lead_id', 'first_name', 'last_name', 'company', 'email', 'phone', 'title', 'status', 'rating', 'lead_source', 'source_campaign', 'do_not_contact'],
  leads.map((l: any) => ({
    lead_id: l.id, first_name: l.first, last_name: l.last, company: l.company, email: l.email, phone: l.phone, title: l.title,
    status: l.status, rating: l.rating, lead_source: l.source, source_campaign: l.campaign, do_not_contact: l.dnc ? 'yes' : '',
  })));

const opportunities: Record<string, string>[] = [];
for (const contact of shuffle(contacts.filter((c) => c.account && !c.dnc)).slice(0, 99)) {
  const stage = pick(['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost']);
  opportunities.push({
    opportunity_id: '', account_id: contact.account!.account_id, contact_id: contact.id,
    name: `${contact.account!.base} - ${pick(['Platform renewal', 'Pilot', 'Expansion', 'New fleet', 'Data migration'])}`,
    stage, status: stage.startsWith('Closed') ? 'Closed' : 'Open', amount: String(int(5, 250) * 1000),
  });
}
opportunities.push({ opportunity_id: '', account_id: granite.account_id, contact_id: 'CON-9999', name: 'Granite Health - Imaging pilot', stage: 'Qualification', status: 'Open', amount: '40000' });
opportunities.sort((a, b) => a.contact_id.localeCompare(b.contact_id));
opportunities.forEach((o, i) => { o.opportunity_id = `OPP-${String(i + 1).padStart(4, '0')}`; });
writeCsv(join(crmDir, 'opportunities.csv'), ['opportunity_id', 'account_id', 'contact_id', 'name', 'stage', 'status', 'amount'], opportunities);

// ---------------------------------------------------------------- incoming lists

interface ListRow { cells: Record<string, string>; route: string; scenario: string }
const expected: { file: string; row: number; route: string; scenario: string }[] = [];

function newPerson(companyBase?: string): { first: string; last: string; company: string; domain: string; area: string; city: string; state: string; zip: string } {
  let first: string, last: string;
  do { first = pick(firstNames)[0]; last = pick(lastNames); } while (usedNames.has(personKey(first, last)));
  usedNames.add(personKey(first, last));
  const base = companyBase ?? takeBase();
  const [city, state, area, zip] = pick(usCities);
  return { first, last, company: withSuffix(base, pick(legalSuffixes)), domain: `${slug(base)}.example`, area, city, state, zip };
}
/** How a list writes an email it got from a person: case, stray spaces. */
function messyEmail(email: string): string {
  const r = int(0, 3);
  if (r === 0) return email.toUpperCase();
  if (r === 1) return email.replace(/^./, (c) => c.toUpperCase()).replace(/\.(.)/, (_m, c: string) => `.${c.toUpperCase()}`);
  if (r === 2) return ` ${email} `;
  return email;
}
/** How a list writes an account's name: other legal suffix, case. */
function companyVariant(account: Account): string {
  const r = int(0, 3);
  if (r === 0) return account.base.toUpperCase();
  if (r === 1) return withSuffix(account.base, pick(legalSuffixes));
  if (r === 2) return account.base;
  return account.name;
}
function emailAt(first: string, last: string, domain: string): string {
  return `${first}.${last}@${domain}`.toLowerCase().replace(/[^a-z0-9.@-]/g, '');
}
const firstAsWritten = (p: Person) => (p.nick && chance(0.4) ? p.nick : p.first);

/** Every kind of row a list carries, in canonical fields; each list writes them with its own headers. */
interface Canon {
  first: string; last: string; company: string; title: string; email: string; phone: string; mobile?: string;
  street?: string; city?: string; state?: string; zip?: string; country?: string; rating?: string; notes?: string; vendorId?: string;
}

function crmPersonRow(p: Person, messy = true): Canon {
  const usesPhone = p.phoneDigits ? formatPhone(p.phoneDigits) : p.phone;
  return {
    first: messy ? firstAsWritten(p) : p.first, last: messy && chance(0.15) ? p.last.toUpperCase() : p.last,
    company: p.account ? companyVariant(p.account) : p.company ?? '', title: p.title, email: messy ? messyEmail(p.email) : p.email, phone: usesPhone,
    city: p.city, state: p.state, zip: p.account?.postal_code ?? '', country: p.country,
  };
}
function newAtAccount(account: Account): Canon {
  const p = newPerson(account.base);
  return {
    first: p.first, last: p.last, company: companyVariant(account), title: pick(titles), email: emailAt(p.first, p.last, account.domain),
    phone: account.phoneDigits ? formatPhone(phoneDigits(account.area)) : '', city: account.city, state: account.state, zip: account.postal_code, country: 'US',
  };
}
function unknownPerson(freeMail = chance(0.15)): Canon {
  const p = newPerson();
  return {
    first: p.first, last: p.last, company: p.company, title: pick(titles),
    email: freeMail ? `${p.first}${p.last}${int(100, 999)}@${pick(['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com'])}`.toLowerCase() : emailAt(p.first, p.last, p.domain),
    phone: formatPhone(phoneDigits(p.area)), city: p.city, state: p.state, zip: p.zip, country: 'US',
  };
}

const bulkContacts = shuffle(contacts.filter((c) => c.account && !c.dnc && contacts.indexOf(c) > 10 && !c.email.startsWith('info@')));
const bulkLeads = shuffle(leads.filter((l) => !l.dnc && leads.indexOf(l) > 1));
let contactCursor = 0;
let leadCursor = 0;
const nextContact = () => bulkContacts[contactCursor++];
const nextLead = () => bulkLeads[leadCursor++];
const knownAccounts = accounts.slice(6, 190).filter((a) => a.phoneDigits);

interface Planned { canon: Canon; route: string; scenario: string; dupOf?: Planned; raw?: Record<string, string> }

/** A list's rows: scenario rows, bulk rows by route, in-file duplicates placed after their first occurrence. */
function planList(parts: { scenarios: Planned[]; contacts: number; atAccounts: number; leads: number; unknown: number; contactRoute: string; accountRoute: string }): Planned[] {
  const rows: Planned[] = [...parts.scenarios];
  for (let i = 0; i < parts.contacts; i++) rows.push({ canon: crmPersonRow(nextContact()), route: parts.contactRoute, scenario: 'known contact (email, case/nickname/phone-format noise)' });
  for (let i = 0; i < parts.atAccounts; i++) rows.push({ canon: newAtAccount(pick(knownAccounts)), route: parts.accountRoute, scenario: 'new person at a known account (corporate domain, company name variant)' });
  for (let i = 0; i < parts.leads; i++) {
    const l = nextLead();
    rows.push({ canon: { ...crmPersonRow(l), company: l.company ?? '' }, route: 'existing_lead', scenario: 'known lead (email)' });
  }
  for (let i = 0; i < parts.unknown; i++) rows.push({ canon: unknownPerson(), route: 'new_lead', scenario: 'unknown person at an unknown company' });
  return shuffle(rows);
}
function withDuplicates(rows: Planned[], count: number): Planned[] {
  const candidates = rows.filter((r) => r.route === 'new_lead' && !r.raw);
  const out = [...rows];
  for (let i = 0; i < count; i++) {
    const original = candidates[i * 3];
    const c = original.canon;
    const variants: Canon[] = [
      { ...c, email: c.email.toUpperCase(), phone: c.phone.replace(/\D/g, '') },
      { ...c, first: c.first.toLowerCase(), last: c.last.toLowerCase(), title: '' },
      { ...c, phone: '', company: c.company.toUpperCase() },
    ];
    const dup: Planned = { canon: variants[i % variants.length], route: 'duplicate_in_file', scenario: 'the same person again in this file', dupOf: original };
    const at = out.indexOf(original) + int(1, 12);
    out.splice(Math.min(at, out.length), 0, dup);
  }
  return out;
}
function insertAt(rows: Planned[], extra: Planned[]): Planned[] {
  const out = [...rows];
  for (const row of extra) out.splice(int(5, out.length - 1), 0, row);
  return out;
}

// Rows that are junk, whatever the list.
const junk = (header?: Record<string, string>): Planned[] => [
  { canon: { first: 'test', last: 'test', company: 'test', title: '', email: 'test@test.com', phone: '' }, route: 'rejected', scenario: 'junk: test/test' },
  { canon: { first: 'asdf', last: 'asdf', company: 'asdf', title: '', email: 'asdf@asdf', phone: '1234' }, route: 'rejected', scenario: 'junk: asdf' },
  { canon: { first: 'N/A', last: 'N/A', company: 'N/A', title: 'N/A', email: 'N/A', phone: 'N/A' }, route: 'rejected', scenario: 'junk: N/A everywhere' },
  ...(header ? [{ canon: { first: '', last: '', company: '', title: '', email: '', phone: '' }, raw: header, route: 'rejected', scenario: 'a repeated header row' }] : []),
];

function emitList(file: string, header: string[], toCells: (c: Canon, i: number) => Record<string, string>, rows: Planned[]): Record<string, string>[] {
  const written: Record<string, string>[] = [];
  const rowOf = new Map<Planned, number>();
  rows.forEach((row, i) => {
    written.push(row.raw ?? toCells(row.canon, i));
    rowOf.set(row, i + 2);
    const dup = row.dupOf ? ` (row ${rowOf.get(row.dupOf)})` : '';
    expected.push({ file, row: i + 2, route: row.route, scenario: row.scenario + dup });
  });
  writeCsv(join(listDir, file), header, written);
  return written;
}

// ---- tradeshow badge scans (interest)

const interestScenarios = (): Planned[] => [
  { canon: { ...crmPersonRow(robert, false), first: 'Bob', email: 'Robert.Whitfield@Acme-Corp.example', company: 'Acme Corp', phone: '212.555.0100' }, route: 'opportunity_for_contact', scenario: 'Bob = Robert Whitfield (CON-0001): same email in other case, "Acme Corp" vs "ACME Corporation", switchboard phone' },
  { canon: { first: 'Dana', last: 'Okafor', company: 'ACME Corp.', title: 'Plant Manager', email: 'dana.okafor@acme-corp.example', phone: '(212) 555-0163' }, route: 'new_contact_and_opportunity', scenario: 'new person at ACME Corporation (ACC-0001) by corporate domain' },
  { canon: { first: 'Jordan', last: 'Blake', company: 'Acme', title: 'Buyer', email: 'info@acme-corp.example', phone: '' }, route: 'new_contact_and_opportunity', scenario: 'info@ address shared with Sam Taylor (CON-0002): role address is weak evidence, names differ; new contact at ACC-0001' },
  { canon: { first: 'Lena', last: 'Fischer', company: 'ACME Corporation', title: 'Engineer', email: '', phone: '(212) 555-0100' }, route: 'new_contact_and_opportunity', scenario: 'only the Acme switchboard phone (also Sam Taylor\'s): not Sam Taylor; new contact at ACC-0001' },
  { canon: { ...crmPersonRow(william, false), first: 'Bill', company: 'IDM', email: 'WILLIAM.CHEN@IDM.EXAMPLE' }, route: 'opportunity_for_contact', scenario: 'Bill = William Chen (CON-0010), upper-case email, company written as the acronym IDM' },
  { canon: { first: 'Priya', last: 'Raman', company: 'Quarry Robotics Inc', title: 'CTO', email: 'Priya.Raman@quarryrobotics.example', phone: '' }, route: 'existing_lead', scenario: 'known lead Priya Raman (LEAD-0001)' },
  { canon: { ...crmPersonRow(elena, false) }, route: 'suppressed', scenario: 'Elena Petrova (CON-0008) is flagged do_not_contact' },
  { canon: { first: 'Chris', last: 'Lee', company: 'Cobalt Logistics', title: '', email: '', phone: '' }, route: 'merge_candidate', scenario: 'two contacts named Chris Lee at Cobalt Logistics (CON-0004, CON-0005): too close to call' },
  { canon: { first: 'Martin', last: 'Alvarez', company: 'Granite Health', title: 'Director of Operations', email: 'martin.alvarez@granitehealth.example', phone: '' }, route: 'new_contact_and_opportunity', scenario: 'Martin Alvarez (CON-0006) moved from Cobalt Logistics to Granite Health (ACC-0004, new corporate domain): not matched to his old record; a new contact at his new account' },
  { canon: { first: 'John', last: 'Miller', company: 'Pinecrest Foods', title: 'Controller', email: 'john.miller@pinecrestfoods.example', phone: '(503) 555-0144' }, route: 'new_lead', scenario: 'same name as John Miller (CON-0007) but at another, unknown company: another person' },
  { canon: { first: 'Katherine', last: 'Novack', company: 'Birchwood Analytics', title: 'Director IT', email: 'katherine.novak@birchwood-analytcs.example', phone: '' }, route: 'opportunity_for_contact', scenario: 'Katherine Novak (CON-0003) with a typo in surname (Novack) and in the email domain (one edit): still her' },
  { canon: { first: 'Ingrid', last: 'Sørensen', company: 'Tallgrass Outfitters', title: 'Owner', email: 'ingrid@tallgrass-outfitters.example', phone: '+45 32 12 34 56', country: 'DK' }, route: 'new_lead', scenario: 'unknown person abroad, accented name, international phone' },
  { canon: { first: 'Hugo', last: 'Marchetti', company: 'Rivalry Systems', title: 'Analyst', email: 'hugo.marchetti@rivalrysystems.example', phone: '' }, route: 'suppressed', scenario: 'competitor domain rivalrysystems.example is on samples/lists/suppressions.csv' },
  { canon: { first: 'Ava', last: 'Lindgren', company: 'Sablecrest Media', title: 'Producer', email: 'ava.lindgren@sablecrest-media.example', phone: '' }, route: 'suppressed', scenario: 'email ava.lindgren@sablecrest-media.example is on samples/lists/suppressions.csv (unsubscribed)' },
  { canon: { first: '', last: '', company: 'Keystone Labs', title: '', email: '', phone: '' }, route: 'rejected', scenario: 'a company and nothing else: no person' },
];

const cventHeader = ['Badge ID', 'First Name', 'Last Name', 'Company', 'Job Title', 'Email Address', 'Work Phone', 'Address 1', 'City', 'State/Province', 'Zip/Postal Code', 'Country', 'Interest Level', 'Notes', 'Scan Date'];
const interest = () => pick(['High', 'Medium', 'Medium', 'Low', '', 'Hot', 'A', 'B']);
const notes = () => pick(['', '', '', 'Wants a demo', 'Call after Q3', 'Visited booth twice', 'Asked about pricing', 'Send brochure']);
let badge = 40100;
const cventCells = (c: Canon): Record<string, string> => ({
  'Badge ID': String(badge++), 'First Name': c.first, 'Last Name': c.last, Company: c.company, 'Job Title': c.title,
  'Email Address': c.email, 'Work Phone': c.phone, 'Address 1': c.street ?? '', City: c.city ?? '', 'State/Province': c.state ?? '',
  'Zip/Postal Code': c.zip ?? '', Country: c.country ?? '', 'Interest Level': c.rating ?? interest(), Notes: c.notes ?? notes(),
  'Scan Date': `2026-03-${String(int(10, 12)).padStart(2, '0')} ${String(int(9, 17)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}`,
});
const cventHeaderRow = Object.fromEntries(cventHeader.map((h) => [h, h]));
const tradeshow = insertAt(withDuplicates(planList({
  scenarios: interestScenarios(), contacts: 20, atAccounts: 22, leads: 8, unknown: 45,
  contactRoute: 'opportunity_for_contact', accountRoute: 'new_contact_and_opportunity',
}), 4), junk(cventHeaderRow));
const tradeshowRows = emitList('tradeshow-badge-scans.csv', cventHeader, cventCells, tradeshow);

// The same scans as the lead-retrieval app's XLSX: a title banner above the header, zip codes and phones as numbers.
async function writeTradeshowXlsx(): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Lead Retrieval';
  workbook.created = new Date('2026-03-13T08:00:00Z');
  workbook.modified = workbook.created;
  const sheet = workbook.addWorksheet('Leads');
  sheet.addRow(['Expo 2026 - Booth 412 - Lead Retrieval Export']);
  sheet.mergeCells(1, 1, 1, cventHeader.length);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.addRow(cventHeader).font = { bold: true };
  for (const row of tradeshowRows) {
    sheet.addRow(cventHeader.map((h) => {
      const value = row[h];
      if ((h === 'Zip/Postal Code' || h === 'Badge ID') && /^\d+$/.test(value)) return Number(value);
      if (h === 'Work Phone' && /^[\d\s().+-]+$/.test(value)) {
        const digits = value.replace(/\D/g, '');
        if (digits.length >= 10 && digits.length <= 11) return Number(digits);
      }
      return value;
    }));
  }
  sheet.columns.forEach((column) => { column.width = 18; });
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  writeFileSync(join(listDir, 'tradeshow-badge-scans.xlsx'), fixedZipTimes(buffer));
}

// ---- ZoomInfo purchased list (prospect), two deliveries

const zoomHeader = ['ZoomInfo Contact ID', 'First Name', 'Last Name', 'Job Title', 'Company Name', 'Website', 'Email Address', 'Direct Phone Number', 'Mobile phone', 'Company HQ Phone', 'Person City', 'Person State', 'Person Zip Code', 'Country', 'LinkedIn Contact Profile URL', 'Employees', 'Last Updated Date'];
let zoomId = 1_204_331_000;
const accountByBase = new Map(accounts.map((a) => [a.base.toLowerCase(), a]));
const zoomCells = (c: Canon): Record<string, string> => {
  const base = c.company.replace(/,?\s+(Inc\.?|LLC|Corp\.?|Corporation|Ltd\.?|Co\.|Incorporated|Group)$/i, '');
  const account = accountByBase.get(base.toLowerCase());
  const domain = c.email.includes('@') && !/gmail|yahoo|outlook|hotmail/.test(c.email) ? c.email.split('@')[1].trim().toLowerCase() : `${slug(base)}.example`;
  return {
    'ZoomInfo Contact ID': c.vendorId ?? String(zoomId += int(7, 900)), 'First Name': c.first, 'Last Name': c.last, 'Job Title': c.title,
    'Company Name': c.company, Website: c.company ? `www.${domain}` : '', 'Email Address': c.email, 'Direct Phone Number': c.phone, 'Mobile phone': c.mobile ?? '',
    'Company HQ Phone': account?.phone ?? '', 'Person City': c.city ?? '', 'Person State': c.state ?? '', 'Person Zip Code': c.zip ?? '', Country: c.country === 'US' ? 'United States' : c.country ?? '',
    'LinkedIn Contact Profile URL': c.first && c.last ? `https://www.linkedin.com/in/${slug(c.first)}-${slug(c.last)}-${int(1000, 9999)}` : '',
    Employees: String(pick([25, 80, 150, 400, 1200, 5000])), 'Last Updated Date': `2026-0${int(1, 2)}-${String(int(1, 28)).padStart(2, '0')}`,
  };
};
const prospectScenarios = (): Planned[] => [
  { canon: { ...crmPersonRow(robert, false), title: 'SVP Operations', phone: '(212) 555-0117' }, route: 'update_contact', scenario: 'Robert Whitfield (CON-0001): known contact, new title: refreshed, no opportunity' },
  { canon: { first: 'Dana', last: 'Okafor', company: 'ACME Corporation', title: 'Plant Manager', email: 'dana.okafor@acme-corp.example', phone: '' }, route: 'new_lead', scenario: 'new person at ACME Corporation (ACC-0001): a purchased list creates a lead linked to the account, no contact' },
  { canon: { ...crmPersonRow(elena, false) }, route: 'suppressed', scenario: 'Elena Petrova (CON-0008) is flagged do_not_contact' },
  { canon: { first: 'Oscar', last: 'Lindqvist', company: 'Fjordline Marine', title: 'Owner', email: 'oscar.lindqvist@fjordlinemarine.example', phone: '' }, route: 'suppressed', scenario: 'lead Oscar Lindqvist (LEAD-0002) is flagged do_not_contact' },
  { canon: { first: 'Chris', last: 'Lee', company: 'Cobalt Logistics LLC', title: 'Logistics Analyst', email: '', phone: '(617) 555-0191' }, route: 'merge_candidate', scenario: 'two contacts named Chris Lee at Cobalt Logistics (CON-0004, CON-0005): too close to call' },
  { canon: { first: 'Priya', last: 'Raman', company: 'Quarry Robotics', title: 'Chief Technology Officer', email: 'priya.raman@quarryrobotics.example', phone: '(512) 555-0102' }, route: 'existing_lead', scenario: 'known lead Priya Raman (LEAD-0001)' },
  { canon: { first: 'Hugo', last: 'Marchetti', company: 'Rivalry Systems', title: 'Analyst', email: 'hugo.marchetti@rivalrysystems.example', phone: '' }, route: 'suppressed', scenario: 'competitor domain on suppressions.csv' },
];
const zoomV1 = insertAt(withDuplicates(planList({
  scenarios: prospectScenarios(), contacts: 15, atAccounts: 20, leads: 8, unknown: 95,
  contactRoute: 'update_contact', accountRoute: 'new_lead',
}), 2), junk().slice(0, 3));
const zoomV1Rows = emitList('purchased-zoominfo-v1.csv', zoomHeader, zoomCells, zoomV1);
// In-file duplicates carry their own vendor id: the vendor's own duplicate records.
// Second delivery: most ids again (some with a new title or phone), some gone, some new.
const v2Rows: Record<string, string>[] = [];
const v2Expected: { row: Record<string, string>; route: string; scenario: string }[] = [];
const gone: string[] = [];
zoomV1Rows.forEach((row, i) => {
  const plan = zoomV1[i];
  if (plan.route === 'rejected' || plan.route === 'duplicate_in_file') return;
  if (plan.route === 'new_lead' && chance(0.1) && gone.length < 12) { gone.push(row['ZoomInfo Contact ID']); return; }
  const copy = { ...row };
  let scenario = 'same vendor record id as v1, unchanged';
  if (plan.route === 'new_lead' && chance(0.12)) {
    copy['Job Title'] = pick(titles.filter((t) => t !== row['Job Title']));
    copy['Direct Phone Number'] = formatPhone(phoneDigits(pick(usCities)[2]));
    copy['Last Updated Date'] = '2026-04-02';
    scenario = 'same vendor record id as v1, new title and phone';
  }
  v2Rows.push(copy);
  v2Expected.push({ row: copy, route: plan.route === 'new_lead' ? 'existing_lead' : plan.route, scenario: plan.route === 'new_lead' ? `${scenario} (a lead after v1 is committed)` : plan.scenario });
});
for (let i = 0; i < 15; i++) {
  const c = unknownPerson();
  const row = zoomCells(c);
  v2Rows.splice(int(0, v2Rows.length), 0, row);
  v2Expected.push({ row, route: 'new_lead', scenario: 'new vendor record id in v2' });
}
writeCsv(join(listDir, 'purchased-zoominfo-v2.csv'), zoomHeader, v2Rows);
for (const e of v2Expected) expected.push({ file: 'purchased-zoominfo-v2.csv', row: v2Rows.indexOf(e.row) + 2, route: e.route, scenario: e.scenario });

// ---- HubSpot form export (interest)

const hubspotHeader = ['Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Company Name', 'Job Title', 'City', 'State/Region', 'Postal Code', 'Country/Region', 'Create Date', 'Recent Conversion', 'Marketing contact status'];
let hubspotId = 51_000_000_000;
const hubspotCells = (c: Canon): Record<string, string> => ({
  'Record ID': String(hubspotId += int(100, 5000)), 'First Name': c.first, 'Last Name': c.last, Email: c.email, 'Phone Number': c.phone,
  'Company Name': c.company, 'Job Title': c.title, City: c.city ?? '', 'State/Region': c.state ?? '', 'Postal Code': c.zip ?? '',
  'Country/Region': c.country === 'US' ? pick(['United States', 'US', 'USA']) : c.country ?? '',
  'Create Date': `2026-02-${String(int(1, 28)).padStart(2, '0')} ${String(int(0, 23)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}`,
  'Recent Conversion': pick(['Contact us', 'Download: 2026 Buyer Guide', 'Webinar registration', 'Request a demo']),
  'Marketing contact status': pick(['Marketing contact', 'Non-marketing contact']),
});
const webformScenarios: Planned[] = [
  { canon: { ...crmPersonRow(katherine, false), first: 'Kate', email: 'Katherine.Novak@birchwood-analytics.example' }, route: 'opportunity_for_contact', scenario: 'Kate = Katherine Novak (CON-0003), email in other case' },
  { canon: { first: '', last: 'Whitfield, Robert', company: 'Acme Corp', title: '', email: 'robert.whitfield@acme-corp.example', phone: '' }, route: 'opportunity_for_contact', scenario: 'Last-First name typed into one field: Robert Whitfield (CON-0001)' },
  { canon: { first: 'Grace', last: 'Okafor', company: 'Harbor Group', title: '', email: 'grace.okafor@harborgroup.example', phone: '' }, route: 'opportunity_for_contact', scenario: '"Harbor Group" vs "The Harbor Group, Ltd." (CON-0011)' },
  { canon: { first: 'Tomas', last: 'Brandt', company: 'The Harbor Group', title: 'Analyst', email: 'tomas.brandt@harborgroup.example', phone: '' }, route: 'new_contact_and_opportunity', scenario: 'new person at The Harbor Group (ACC-0006)' },
  { canon: { ...crmPersonRow(elena, false), email: 'ELENA.PETROVA@birchwood-analytics.example' }, route: 'suppressed', scenario: 'Elena Petrova (CON-0008) is flagged do_not_contact' },
  { canon: { first: 'Chris', last: 'Lee', company: 'Cobalt Logistics', title: 'Analyst', email: 'chris.lee.1984@outlook.com', phone: '' }, route: 'merge_candidate', scenario: 'Chris Lee at Cobalt Logistics from a private address: two contacts of that name (CON-0004, CON-0005), a steward decides' },
];
const webform = insertAt(withDuplicates(planList({
  scenarios: webformScenarios, contacts: 8, atAccounts: 8, leads: 5, unknown: 28,
  contactRoute: 'opportunity_for_contact', accountRoute: 'new_contact_and_opportunity',
}), 2), junk().slice(1, 3));
emitList('webform-export.csv', hubspotHeader, hubspotCells, webform);

// ---- responses and suppressions

const responses: Record<string, string>[] = [];
const zoomLeads = zoomV1Rows.filter((_r, i) => zoomV1[i].route === 'new_lead').slice(0, 25);
for (const row of zoomLeads) {
  const byId = chance(0.5);
  responses.push({
    email: byId ? '' : row['Email Address'].trim().toLowerCase(), zoominfo_contact_id: byId ? row['ZoomInfo Contact ID'] : '',
    date: `2026-04-${String(int(1, 28)).padStart(2, '0')}`, kind: pick(['opened', 'opened', 'clicked', 'replied', 'attended', 'form']), campaign: 'Q2 Outbound',
  });
}
for (const contact of bulkContacts.slice(60, 70)) {
  responses.push({ email: contact.email, zoominfo_contact_id: '', date: `2026-04-${String(int(1, 28)).padStart(2, '0')}`, kind: pick(['clicked', 'attended', 'form']), campaign: 'Spring Webinar 2026' });
}
responses.push({ email: 'nobody.known@unlisted.example', zoominfo_contact_id: '', date: '2026-04-15', kind: 'clicked', campaign: 'Q2 Outbound' });
responses.push({ email: '', zoominfo_contact_id: '999999999', date: '2026-04-16', kind: 'opened', campaign: 'Q2 Outbound' });
writeCsv(join(listDir, 'responses.csv'), ['email', 'zoominfo_contact_id', 'date', 'kind', 'campaign'], responses);

writeCsv(join(listDir, 'suppressions.csv'), ['type', 'value', 'reason'], [
  { type: 'email', value: 'ava.lindgren@sablecrest-media.example', reason: 'unsubscribed' },
  { type: 'domain', value: 'rivalrysystems.example', reason: 'competitor' },
  { type: 'email', value: 'legal-hold@granitehealth.example', reason: 'legal request' },
  { type: 'phone', value: '+1 (404) 555-0142', reason: 'national do-not-call registry' },
  { type: 'domain', value: 'spamtrap.example', reason: 'known spam trap' },
  { type: 'email', value: bulkContacts[100].email.toUpperCase(), reason: 'unsubscribed (GDPR erasure request)' },
]);

writeCsv(join(listDir, 'expected-routes.csv'), ['file', 'row', 'route', 'scenario'],
  expected.map((e) => ({ file: e.file, row: String(e.row), route: e.route, scenario: e.scenario })));

await writeTradeshowXlsx();

const count = (file: string) => expected.filter((e) => e.file === file).length;
console.log(`samples/crm: ${accounts.length} accounts, ${contacts.length} contacts, ${leads.length} leads, ${opportunities.length} opportunities`);
console.log(`samples/lists: tradeshow ${count('tradeshow-badge-scans.csv')}, zoominfo v1 ${count('purchased-zoominfo-v1.csv')}, v2 ${count('purchased-zoominfo-v2.csv')}, webform ${count('webform-export.csv')}, responses ${responses.length} rows`);
void samInfo; void chrisLee1; void chrisLee2; void martin; void johnMiller; void cap; void leadCompanies; void orphan; void harborContact; void priya; void leadDnc;
