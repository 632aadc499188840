import { describe, expect, it } from 'vitest';
import { buildColumnMapping, headerHint, rowMapper } from '../src/map/index.js';
import { parsePipeline } from '../src/pipeline/pipeline.js';

function fieldsOf(headers: string[], settings = {}) {
  const mapping = buildColumnMapping(headers, settings);
  return Object.fromEntries(mapping.columns.filter((c) => c.field).map((c) => [c.header, c.field]));
}

describe('automatic mapping of vendor and CRM exports', () => {
  it('ZoomInfo', () => {
    const headers = ['ZoomInfo Contact ID', 'Last Name', 'First Name', 'Middle Name', 'Salutation', 'Suffix', 'Job Title', 'Job Function',
      'Management Level', 'Direct Phone Number', 'Email Address', 'Email Domain', 'Mobile phone', 'LinkedIn Contact Profile URL', 'Person Street',
      'Person City', 'Person State', 'Person Zip Code', 'Country', 'Company Name', 'Website', 'Company HQ Phone', 'Revenue (in 000s USD)',
      'Employees', 'Primary Industry', 'Company Street Address', 'Company City', 'Company State', 'Company Zip Code', 'Company Country'];
    const mapping = buildColumnMapping(headers, { vendor: 'ZoomInfo' });
    expect(fieldsOf(headers, { vendor: 'ZoomInfo' })).toEqual({
      'ZoomInfo Contact ID': 'vendor_record_id', 'Last Name': 'last_name', 'First Name': 'first_name', 'Middle Name': 'middle_name',
      Salutation: 'salutation', Suffix: 'suffix', 'Job Title': 'title', 'Job Function': 'department', 'Direct Phone Number': 'phone',
      'Email Address': 'email', 'Mobile phone': 'mobile', 'LinkedIn Contact Profile URL': 'linkedin_url', 'Person Street': 'street',
      'Person City': 'city', 'Person State': 'state', 'Person Zip Code': 'postal_code', Country: 'country', 'Company Name': 'company',
      Website: 'website', 'Revenue (in 000s USD)': 'revenue', Employees: 'employees', 'Primary Industry': 'industry',
    });
    // the person's address and direct phone win; the company's stay with the row, with a note
    const hq = mapping.columns.find((c) => c.header === 'Company HQ Phone')!;
    expect(hq.field).toBeUndefined();
    expect(hq.note).toMatch(/phone.*Direct Phone Number/);
    expect(mapping.unmapped).toContain('Company City');
    expect(mapping.unmapped).toContain('Management Level');
  });

  it('Apollo', () => {
    expect(fieldsOf(['First Name', 'Last Name', 'Title', 'Company', 'Company Name for Emails', 'Email', 'Email Status', 'Departments',
      'Work Direct Phone', 'Home Phone', 'Mobile Phone', 'Corporate Phone', '# Employees', 'Industry', 'Person Linkedin Url', 'Website',
      'City', 'State', 'Country', 'Annual Revenue', 'Apollo Contact Id', 'Apollo Account Id'], { vendor: 'Apollo' })).toEqual({
      'First Name': 'first_name', 'Last Name': 'last_name', Title: 'title', Company: 'company', Email: 'email', Departments: 'department',
      'Work Direct Phone': 'phone', 'Mobile Phone': 'mobile', '# Employees': 'employees', Industry: 'industry', 'Person Linkedin Url': 'linkedin_url',
      Website: 'website', City: 'city', State: 'state', Country: 'country', 'Annual Revenue': 'revenue', 'Apollo Contact Id': 'vendor_record_id',
    });
  });

  it('LinkedIn Sales Navigator', () => {
    expect(fieldsOf(['First Name', 'Last Name', 'Full Name', 'Title', 'Company', 'Profile URL', 'Location', 'Email'])).toEqual({
      'First Name': 'first_name', 'Last Name': 'last_name', 'Full Name': 'full_name', Title: 'title', Company: 'company', 'Profile URL': 'linkedin_url', Email: 'email',
    });
  });

  it('Dun & Bradstreet', () => {
    expect(fieldsOf(['D-U-N-S Number', 'Company Name', 'Address Line 1', 'City', 'State Or Province', 'Postal Code', 'Country/Region', 'Phone', 'URL',
      'Sales (US Dollars)', 'Employees (All Sites)', 'Contact Name', 'Job Title', 'Email Address', 'Direct Phone'], { vendor: 'Dun & Bradstreet' })).toEqual({
      'D-U-N-S Number': 'vendor_record_id', 'Company Name': 'company', 'Address Line 1': 'street', City: 'city', 'State Or Province': 'state',
      'Postal Code': 'postal_code', 'Country/Region': 'country', 'Direct Phone': 'phone', URL: 'website', 'Sales (US Dollars)': 'revenue',
      'Employees (All Sites)': 'employees', 'Contact Name': 'full_name', 'Job Title': 'title', 'Email Address': 'email',
    });
  });

  it('Cvent / Eventbrite badge scans', () => {
    expect(fieldsOf(['Attendee #', 'First Name', 'Last Name', 'Email', 'Company', 'Job Title', 'Work Phone', 'Cell Phone', 'Work Address 1',
      'Work Address 2', 'Work City', 'Work State', 'Work Zip', 'Work Country', 'Ticket Type', 'Scan Date', 'Lead Rating', 'Notes', 'Products of Interest'],
    { vendor: 'Eventbrite' })).toEqual({
      'Attendee #': 'vendor_record_id', 'First Name': 'first_name', 'Last Name': 'last_name', Email: 'email', Company: 'company', 'Job Title': 'title',
      'Work Phone': 'phone', 'Cell Phone': 'mobile', 'Work Address 1': 'street', 'Work Address 2': 'street2', 'Work City': 'city', 'Work State': 'state',
      'Work Zip': 'postal_code', 'Work Country': 'country', 'Scan Date': 'created_date', 'Lead Rating': 'rating', Notes: 'notes',
      'Products of Interest': 'interest',
    });
  });

  it('Dynamics 365', () => {
    expect(fieldsOf(['First Name', 'Last Name', 'Email', 'Business Phone', 'Mobile Phone', 'Company Name', 'Job Title', 'Address 1: Street 1',
      'Address 1: City', 'Address 1: State/Province', 'Address 1: ZIP/Postal Code', 'Address 1: Country/Region', 'Lead Source', 'Rating', 'Topic'])).toEqual({
      'First Name': 'first_name', 'Last Name': 'last_name', Email: 'email', 'Business Phone': 'phone', 'Mobile Phone': 'mobile', 'Company Name': 'company',
      'Job Title': 'title', 'Address 1: Street 1': 'street', 'Address 1: City': 'city', 'Address 1: State/Province': 'state',
      'Address 1: ZIP/Postal Code': 'postal_code', 'Address 1: Country/Region': 'country', 'Lead Source': 'lead_source', Rating: 'rating',
    });
  });

  it('Salesforce contacts', () => {
    expect(fieldsOf(['Contact ID', 'Salutation', 'First Name', 'Last Name', 'Title', 'Account Name', 'Email', 'Phone', 'Mobile', 'Mailing Street',
      'Mailing City', 'Mailing State/Province', 'Mailing Zip/Postal Code', 'Mailing Country', 'Lead Source', 'Email Opt Out', 'No. of Employees'],
    { vendor: 'Salesforce' })).toEqual({
      'Contact ID': 'vendor_record_id', Salutation: 'salutation', 'First Name': 'first_name', 'Last Name': 'last_name', Title: 'title',
      'Account Name': 'company', Email: 'email', Phone: 'phone', Mobile: 'mobile', 'Mailing Street': 'street', 'Mailing City': 'city',
      'Mailing State/Province': 'state', 'Mailing Zip/Postal Code': 'postal_code', 'Mailing Country': 'country', 'Lead Source': 'lead_source',
      'Email Opt Out': 'opt_out', 'No. of Employees': 'employees',
    });
  });

  it('HubSpot', () => {
    expect(fieldsOf(['Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Mobile Phone Number', 'Company Name', 'Job Title', 'Street Address',
      'City', 'State/Region', 'Postal Code', 'Country/Region', 'Website URL', 'Create Date', 'Original Source', 'Industry', 'Number of Employees',
      'Annual Revenue'], { vendor: 'HubSpot' })).toEqual({
      'Record ID': 'vendor_record_id', 'First Name': 'first_name', 'Last Name': 'last_name', Email: 'email', 'Phone Number': 'phone',
      'Mobile Phone Number': 'mobile', 'Company Name': 'company', 'Job Title': 'title', 'Street Address': 'street', City: 'city', 'State/Region': 'state',
      'Postal Code': 'postal_code', 'Country/Region': 'country', 'Website URL': 'website', 'Create Date': 'created_date', 'Original Source': 'lead_source',
      Industry: 'industry', 'Number of Employees': 'employees', 'Annual Revenue': 'revenue',
    });
  });

  it('web forms and odd spellings', () => {
    expect(fieldsOf(['fname', 'lname', 'E-mail', 'Given Name', 'Zip', 'Organization', 'Work Email', 'Telephone'])).toMatchObject({
      fname: 'first_name', lname: 'last_name', 'E-mail': 'email', Zip: 'postal_code', Organization: 'company', Telephone: 'phone',
    });
  });
});

describe('pipeline settings', () => {
  const pipeline = parsePipeline({
    intent: 'prospect', lead_source: 'Purchased List', vendor: 'Acme Data', vendor_id_column: 'Ref',
    mapping: { 'Badge Company': 'company', 'Email Address': 'secondary_email' }, ignore_columns: ['First Name'],
    constants: { country: 'Canada', campaign: 'Q3 list' },
  });

  it('mapping overrides synonyms, ignored columns stay unmapped, the vendor id column is taken as named', () => {
    const headers = ['Ref', 'First Name', 'Last Name', 'Email Address', 'Work Email', 'Badge Company', 'Company', 'Country'];
    const mapping = buildColumnMapping(headers, pipeline);
    expect(mapping.fields).toMatchObject({ vendor_record_id: 'Ref', company: 'Badge Company', secondary_email: 'Email Address', email: 'Work Email', last_name: 'Last Name' });
    expect(mapping.fields.first_name).toBeUndefined();
    expect(mapping.columns.find((c) => c.header === 'First Name')!.how).toBe('ignored');
    expect(mapping.unmapped).toEqual(['First Name', 'Company']);
    const map = rowMapper(mapping);
    const row = map({ sourceRow: 2, cells: { Ref: 'A-1', 'First Name': 'Ann', 'Last Name': ' Lee ', 'Email Address': 'ann@home.com', 'Work Email': 'ann@acme.com', 'Badge Company': 'Acme', Company: '', Country: '' } });
    expect(row).toEqual({
      sourceRow: 2,
      raw: { Ref: 'A-1', 'First Name': 'Ann', 'Last Name': ' Lee ', 'Email Address': 'ann@home.com', 'Work Email': 'ann@acme.com', 'Badge Company': 'Acme', Company: '', Country: '' },
      values: { vendor_record_id: 'A-1', last_name: 'Lee', secondary_email: 'ann@home.com', email: 'ann@acme.com', company: 'Acme', country: 'Canada', campaign: 'Q3 list' },
      unmapped: { 'First Name': 'Ann' },
    });
  });

  it('a column value wins over a constant', () => {
    const mapping = buildColumnMapping(['Ref', 'Country'], pipeline);
    expect(rowMapper(mapping)({ sourceRow: 2, cells: { Ref: '1', Country: 'USA' } }).values.country).toBe('USA');
  });

  it('warns about pipeline columns the file does not have', () => {
    const mapping = buildColumnMapping(['Email'], pipeline);
    expect(mapping.warnings.join('\n')).toMatch(/"Badge Company", which is not a column/);
    expect(mapping.warnings.join('\n')).toMatch(/vendor_id_column "Ref" is not a column/);
  });

  it('without a vendor, id columns are not vendor record ids', () => {
    expect(buildColumnMapping(['Contact ID', 'Email']).fields.vendor_record_id).toBeUndefined();
    expect(buildColumnMapping(['Email'], { vendor: 'X' }).warnings[0]).toMatch(/no record id column/);
  });

  it('recognizes header rows', () => {
    expect(headerHint(['First Name', 'Last Name', 'Email Address', 'Badge Color'])).toBe(3);
    expect(headerHint(['Expo 2026 scans', '', ''])).toBe(0);
  });
});
