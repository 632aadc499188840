import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizePerson } from '../src/normalize/index.js';
import type { CanonicalField, NormalizedRow } from '../src/types.js';
import { inspectListFile, isJunkName, isJunkWord, readNormalizedRows, validateRow, withoutPlaceholders } from '../src/validate/index.js';

const dir = mkdtempSync(join(tmpdir(), 'listgate-validate-'));

function check(values: Partial<Record<CanonicalField, string>>, raw: Record<string, string> = {}): NormalizedRow {
  const cleaned = withoutPlaceholders(values);
  const { person, issues } = normalizePerson(cleaned.values, { defaultCountry: 'US' });
  return validateRow({ sourceRow: 2, raw, values: cleaned.values, unmapped: {} }, person, [...cleaned.issues, ...issues]);
}

function rejectCodes(row: NormalizedRow): string[] {
  return row.issues.filter((i) => i.severity === 'reject').map((i) => i.code);
}

describe('junk words', () => {
  it.each(['test', 'Test', 'asdf', 'qwerty', 'aaaa', 'xxxxx', 'sdfgh', 'asas', 'zxcvb', 'hjkl', 'lorem', 'N/A'.replace('/', '')])('%s is junk', (word) => {
    expect(isJunkWord(word)).toBe(true);
  });
  it.each(['Ann', 'Nguyen', 'Ng', 'Schmidt', 'Wright', 'Li', 'Xu', 'Tsz', 'Björk', "O'Brien", 'Asda', 'Lynn'])('%s is a name', (word) => {
    expect(isJunkWord(word)).toBe(false);
  });
  it('a name is junk only when every word is', () => {
    expect(isJunkName('Test Test')).toBe(true);
    expect(isJunkName('Test Smith')).toBe(false);
  });
});

describe('validateRow', () => {
  it.each<[string, Partial<Record<CanonicalField, string>>, string[]]>([
    ['a valid email alone', { email: 'ann@acme.com' }, []],
    ['a phone alone', { phone: '(617) 253-1000' }, []],
    ['a name plus company', { first_name: 'Ann', last_name: 'Lee', company: 'Acme' }, []],
    ['a name with an invalid email but a phone', { first_name: 'Ann', email: 'ann@', phone: '617 253 1000' }, []],
    ['an invalid email only', { first_name: 'Ann', email: 'ann at acme' }, ['no_identity']],
    ['a first name and company only', { first_name: 'Ann', company: 'Acme' }, ['no_identity']],
    ['only a company', { company: 'Acme Corp' }, ['only_company']],
    ['nothing', {}, ['no_identity']],
    ['placeholders everywhere', { first_name: 'N/A', last_name: 'n/a', email: 'none', phone: '-', company: 'unknown' }, ['no_identity']],
    ['test/test', { first_name: 'Test', last_name: 'Test', email: 'test@test.com' }, ['junk_name', 'placeholder_email']],
    ['asdf', { first_name: 'asdf', last_name: 'asdf', company: 'asdf' }, ['junk_name']],
    ['keyboard mash email', { email: 'asdf@qwerty.com' }, ['junk_email']],
    ['an example.com address', { first_name: 'Ann', last_name: 'Lee', email: 'ann@example.com', company: 'Acme' }, ['placeholder_email']],
    ['a .test address', { email: 'ann@acme.test' }, ['placeholder_email']],
  ])('%s', (_name, values, codes) => {
    const row = check(values);
    expect(rejectCodes(row)).toEqual(codes);
    expect(row.rejected).toBe(codes.length > 0);
    for (const issue of row.issues) expect(issue.message.length).toBeGreaterThan(5);
  });

  it('rejects a header row repeated inside the data', () => {
    const raw = { 'First Name': 'First Name', 'Last Name': 'Last Name', Email: 'Email', Company: '' };
    const row = check({ first_name: 'First Name', last_name: 'Last Name', email: 'Email' }, raw);
    expect(rejectCodes(row)).toEqual(['repeated_header']);
  });

  it('drops placeholder values before normalizing and says so', () => {
    const row = check({ first_name: 'Ann', last_name: 'Lee', company: 'N/A', email: 'ann@acme.com' });
    expect(row.values.company).toBeUndefined();
    expect(row.person.company).toBeUndefined();
    expect(row.issues.find((i) => i.code === 'placeholder_value')).toMatchObject({ field: 'company', severity: 'info' });
    expect(row.rejected).toBe(false);
  });
});

describe('readNormalizedRows', () => {
  it('yields exactly one NormalizedRow per data row, rejects included, with reasons', async () => {
    const lines = [
      'Contact ID,First Name,Last Name,Email Address,Business Phone,Company Name,Country,Badge Color',
      '1,Bob,Smith,bob.smith@acme.com,(617) 253-1000,"Acme, Inc.",USA,red',
      '2,Test,Test,test@test.com,,,,blue',
      '',
      '3,,,,,Globex,,green',
      'Contact ID,First Name,Last Name,Email Address,Business Phone,Company Name,Country,Badge Color',
      '4,Hans,Müller,,030 1234567,Müller GmbH,Deutschland,',
      '5,Peggy,O\'Neill,peggy@gmial.com,,,,',
    ];
    const path = join(dir, 'list.csv');
    writeFileSync(path, lines.join('\n') + '\n');
    const { info, mapping, rows } = await readNormalizedRows(path, { vendor: 'Expo', default_country: 'US' });
    const all: NormalizedRow[] = [];
    for await (const row of rows) all.push(row);
    expect(all.map((r) => r.sourceRow)).toEqual([2, 3, 5, 6, 7, 8]);
    expect(info.blankLines).toBe(1);
    expect(mapping.fields.vendor_record_id).toBe('Contact ID');
    expect(mapping.unmapped).toEqual(['Badge Color']);
    expect(all.map((r) => r.rejected)).toEqual([false, true, true, true, false, false]);
    expect(all[0]).toMatchObject({ values: { vendor_record_id: '1' }, unmapped: { 'Badge Color': 'red' }, person: { firstNameCanonical: 'robert', companyKey: 'acme', phoneE164: '+16172531000', country: 'US' } });
    expect(rejectCodes(all[2])).toEqual(['only_company']);
    expect(rejectCodes(all[3])).toEqual(['repeated_header']);
    expect(all[4].person).toMatchObject({ phoneE164: '+49301234567', country: 'DE', lastNameKey: 'muller' });
    expect(all[5].person).toMatchObject({ firstNameCanonical: 'margaret', emailSuggestion: 'peggy@gmail.com' });
    expect(all[5].issues.map((i) => i.code)).toContain('email_domain_typo');
  });

  it('inspect shows format, header, mapping, unmapped columns and normalized rows', async () => {
    const path = join(dir, 'inspect.csv');
    writeFileSync(path, 'Badge scans\nFirst Name;Last Name;E-mail;Badge Color\nann;LEE;Ann@Acme.com;red\n');
    const text = (await inspectListFile(path, { rows: 3 })).join('\n');
    expect(text).toMatch(/format: +CSV, encoding utf-8, delimiter semicolon/);
    expect(text).toMatch(/header: +row 2, 4 columns/);
    expect(text).toMatch(/E-mail +-> email/);
    expect(text).toMatch(/unmapped: +Badge Color/);
    expect(text).toMatch(/row 3: ok/);
    expect(text).toMatch(/name: Ann Lee/);
    expect(text).toMatch(/email: ann@acme\.com/);
  });
});
