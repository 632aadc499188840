import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { isValidPhoneNumber } from 'libphonenumber-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeData, type MakeDataOptions } from '../bench/make-data.js';
import { routes } from '../src/types.js';
import { suffixFree } from '../bench/synthetic/vocabulary.js';
import { AffinePermutation } from '../bench/synthetic/random.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'listgate-bench-data-'));
  dirs.push(dir);
  return dir;
}

function readCsv(path: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;
}

const tiny: Omit<MakeDataOptions, 'out'> = { contacts: 2000, accounts: 300, leads: 600, rows: [400], seed: 42, crm: true, xlsx: true };
let out: string;

beforeAll(async () => {
  out = tempDir();
  await makeData({ ...tiny, out });
});
afterAll(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }); });

const files = ['accounts.csv', 'contacts.csv', 'leads.csv', 'opportunities.csv', 'incoming.csv', 'truth.csv'];

describe('bench:data generator', () => {
  it('writes the same bytes for the same seed, and other bytes for another seed', async () => {
    const again = tempDir();
    await makeData({ ...tiny, out: again, xlsx: false });
    for (const file of files) expect(readFileSync(join(again, file)).equals(readFileSync(join(out, file))), file).toBe(true);
    const other = tempDir();
    await makeData({ ...tiny, seed: 43, out: other, xlsx: false });
    expect(readFileSync(join(other, 'contacts.csv')).equals(readFileSync(join(out, 'contacts.csv')))).toBe(false);
  });

  it('makes a shorter list the start of a longer one', async () => {
    const short = tempDir();
    await makeData({ ...tiny, rows: [150], crm: false, xlsx: false, out: short });
    const long = readFileSync(join(out, 'incoming.csv'), 'utf8').split('\n');
    expect(readFileSync(join(short, 'incoming.csv'), 'utf8').split('\n').slice(0, 151)).toEqual(long.slice(0, 151));
  });

  it('writes the CRM files in the crm load format with unique ids, emails and personal phones', () => {
    const accounts = readCsv(join(out, 'accounts.csv'));
    const contacts = readCsv(join(out, 'contacts.csv'));
    const leads = readCsv(join(out, 'leads.csv'));
    expect(Object.keys(accounts[0])).toEqual(['account_id', 'name', 'website', 'phone', 'street', 'city', 'state', 'postal_code', 'country', 'relationship_type']);
    expect(Object.keys(contacts[0])).toEqual(['contact_id', 'account_id', 'first_name', 'last_name', 'email', 'phone', 'mobile', 'title', 'city', 'state', 'country', 'do_not_contact']);
    expect(Object.keys(leads[0])).toEqual(['lead_id', 'first_name', 'last_name', 'company', 'email', 'phone', 'title', 'status', 'rating', 'lead_source', 'source_campaign']);
    expect([accounts.length, contacts.length, leads.length]).toEqual([300, 2000, 600]);
    expect(new Set(accounts.map((a) => a.name)).size).toBe(300);

    const emails = [...contacts, ...leads].map((p) => p.email.toLowerCase()).filter(Boolean);
    expect(new Set(emails).size).toBe(emails.length);

    const switchboards = new Map(accounts.map((a) => [a.account_id, a.phone]));
    const personal = [...contacts.flatMap((c) => [c.phone !== switchboards.get(c.account_id) ? c.phone : '', c.mobile]), ...leads.map((l) => l.phone)].filter(Boolean);
    expect(new Set(personal).size).toBe(personal.length);
    for (const phone of [...personal.slice(0, 300), ...switchboards.values()]) expect(isValidPhoneNumber(phone, 'US'), phone).toBe(true);
    for (const c of contacts) expect(c.email || c.phone, c.contact_id).toBeTruthy();

    const lastNames = new Map<string, number>();
    for (const c of contacts) lastNames.set(c.last_name, (lastNames.get(c.last_name) ?? 0) + 1);
    const [commonest] = [...lastNames].sort((a, b) => b[1] - a[1]);
    expect(commonest[0]).toBe('Smith');
    expect(lastNames.size).toBeGreaterThan(800);
  });

  it('writes a truth that agrees with the CRM and the list', () => {
    const contacts = new Map(readCsv(join(out, 'contacts.csv')).map((c) => [c.contact_id, c]));
    const leads = new Map(readCsv(join(out, 'leads.csv')).map((l) => [l.lead_id, l]));
    const accounts = new Map(readCsv(join(out, 'accounts.csv')).map((a) => [a.account_id, a]));
    const crmEmails = new Set([...contacts.values(), ...leads.values()].map((p) => p.email.toLowerCase()).filter(Boolean));
    const list = readCsv(join(out, 'incoming.csv'));
    const truth = readCsv(join(out, 'truth.csv'));
    expect(truth.map((t) => Number(t.source_row))).toEqual(list.map((_, i) => i + 2));

    const digits = (phone: string) => phone.replace(/\D/g, '').slice(-10);
    const emailKey = (email: string) => {
      const [local, domain] = email.toLowerCase().split('@');
      return domain === 'gmail.com' ? `${local.replace(/\+.*/, '').replace(/\./g, '')}@${domain}` : `${local}@${domain}`;
    };
    const seen = new Map<string, number>();
    const counts: Record<string, number> = {};
    truth.forEach((t, n) => {
      const row = list[n];
      const email = row['Email Address'];
      counts[t.route] = (counts[t.route] ?? 0) + 1;
      expect(routes).toContain(t.route);
      if (t.route === 'opportunity_for_contact' || t.route === 'suppressed') {
        const contact = contacts.get(t.contact_id)!;
        expect(contact, t.contact_id).toBeDefined();
        expect(t.account_id).toBe(contact.account_id);
        expect(contact.do_not_contact).toBe(t.route === 'suppressed' ? 'true' : 'false');
        if (email) expect(emailKey(email)).toBe(emailKey(contact.email));
        else {
          expect([digits(row['Work Phone']), digits(row.Mobile)].filter(Boolean).some((p) => p === digits(contact.phone) || p === digits(contact.mobile))).toBe(true);
          expect(row['First Name']).toBe(contact.first_name);
        }
      } else if (t.route === 'existing_lead') {
        const lead = leads.get(t.lead_id)!;
        expect(lead).toBeDefined();
        if (email) expect(emailKey(email)).toBe(emailKey(lead.email));
        else expect(digits(row['Work Phone']) || digits(row.Mobile)).toBe(digits(lead.phone));
      } else if (t.route === 'new_contact_and_opportunity') {
        const account = accounts.get(t.account_id)!;
        expect(email.toLowerCase().endsWith(`@${account.website.replace(/^https:\/\/www\./, '')}`) || !account.website).toBe(true);
        expect(crmEmails.has(email.toLowerCase())).toBe(false);
      } else if (t.route === 'new_lead') {
        expect(email).toBeTruthy();
        expect(crmEmails.has(email.toLowerCase())).toBe(false);
      } else if (t.route === 'duplicate_in_file') {
        expect(emailKey(email)).toBe(emailKey(list[Number(t.duplicate_of_row) - 2]['Email Address']));
        expect(Number(t.duplicate_of_row)).toBeLessThan(Number(t.source_row));
      } else if (t.route === 'rejected') {
        const hasName = row['First Name'] && row['Last Name'];
        expect(hasName && (/@/.test(email) || row['Work Phone'])).toBeFalsy();
      }
      // outside deliberate duplicates, no two rows share an email
      if (email && t.route !== 'duplicate_in_file' && t.route !== 'rejected') {
        expect(seen.has(emailKey(email)), `row ${t.source_row} repeats row ${seen.get(emailKey(email))}`).toBe(false);
        seen.set(emailKey(email), Number(t.source_row));
      }
    });
    for (const route of ['opportunity_for_contact', 'new_lead', 'existing_lead', 'new_contact_and_opportunity', 'duplicate_in_file', 'rejected', 'suppressed']) {
      expect(counts[route], route).toBeGreaterThan(0);
    }
  });

  it('writes the same rows to incoming.xlsx as to incoming.csv', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(out, 'incoming.xlsx'));
    const sheet = workbook.worksheets[0];
    const csvLines = Papa.parse<string[]>(readFileSync(join(out, 'incoming.csv'), 'utf8'), { skipEmptyLines: true }).data;
    expect(sheet.rowCount).toBe(csvLines.length);
    for (const n of [1, 2, 50, csvLines.length]) {
      const values = Array.from(sheet.getRow(n).values as unknown[]).slice(1).map((v) => (v ?? '') as string);
      while (values.length < csvLines[n - 1].length) values.push('');
      expect(values).toEqual(csvLines[n - 1]);
    }
  });
});

describe('generator building blocks', () => {
  it('keeps company words suffix-free so brand+word domains cannot collide', () => {
    expect(suffixFree(['Stone', 'Keystone', 'Bay'])).toEqual(['Keystone', 'Bay']);
  });

  it('permutes an index range without repeats', () => {
    const permutation = new AffinePermutation(1000, 9);
    expect(new Set(Array.from({ length: 1000 }, (_, n) => permutation.at(n))).size).toBe(1000);
  });
});

describe('bench:data hard world (issue 23)', () => {
  let hard: string;
  beforeAll(async () => {
    hard = tempDir();
    await makeData({ ...tiny, rows: [3000], xlsx: false, hard: true, out: hard });
  });

  it('is deterministic and holds every hard kind of row', async () => {
    const again = tempDir();
    await makeData({ ...tiny, rows: [3000], xlsx: false, hard: true, out: again });
    for (const file of files) expect(readFileSync(join(again, file)).equals(readFileSync(join(hard, file))), file).toBe(true);
    const cases = new Set(readCsv(join(hard, 'truth.csv')).map((t) => t.case.split('/').slice(0, 2).join('/')));
    for (const kind of ['swapped', 'short_name', 'email_typo', 'name_slip', 'free_mail', 'company_form', 'other_script']) {
      expect(cases.has(`known_contact/${kind}`), kind).toBe(true);
    }
    for (const kind of ['company_form', 'free_mail']) expect(cases.has(`new_at_account/${kind}`), kind).toBe(true);
    expect([...cases].some((c) => c.startsWith('new_at_account/acronym_'))).toBe(true);
  });

  it('writes swapped rows with the CRM person\'s last name as first name, and names in other scripts into the CRM', () => {
    const contacts = new Map(readCsv(join(hard, 'contacts.csv')).map((c) => [c.contact_id, c]));
    const rows = readCsv(join(hard, 'incoming.csv'));
    const truth = readCsv(join(hard, 'truth.csv'));
    let swapped = 0;
    truth.forEach((t, i) => {
      if (!t.case.startsWith('known_contact/swapped')) return;
      const contact = contacts.get(t.contact_id)!;
      expect(rows[i]['First Name'].toLowerCase()).toBe(contact.last_name.toLowerCase());
      expect(rows[i]['Last Name'].toLowerCase()).toBe(contact.first_name.toLowerCase());
      swapped++;
    });
    expect(swapped).toBeGreaterThan(10);
    expect([...contacts.values()].some((c) => /[\u0400-\u04ff]/.test(c.last_name))).toBe(true);
    expect([...contacts.values()].some((c) => /[\u4e00-\u9fff]/.test(c.last_name))).toBe(true);
  });
});
