/**
 * Writes the sample CRM snapshot (samples/crm/*.csv, listgate's layout) again in the export
 * layouts of Salesforce, Dynamics 365 and HubSpot, as each CRM's export tool writes them
 * (crms/*.json; docs/crm-field-maps.md), so one snapshot can be loaded in every layout and the
 * same list routes the same way against each:
 *
 *   samples/crm/salesforce/   Account.csv Contact.csv Lead.csv Opportunity.csv (Data Loader export, API names)
 *   samples/crm/dynamics/     account.csv contact.csv lead.csv opportunity.csv (logical names, codes, GUIDs)
 *   samples/crm/dynamics/export-to-excel/  Active Accounts, Active Contacts, Open Leads, Open Opportunities
 *                             as .xlsx (hidden "(Do Not Modify)" columns and hiddenSheet) and the same as .csv
 *   samples/crm/hubspot/      companies, contacts (Leads included, as HubSpot keeps them), deals
 *
 * Record ids are derived from listgate's ids (crmIdOf), so tests can map one to the other.
 * Deterministic: same script, same bytes.
 *
 *   npx tsx scripts/make-crm-samples.ts
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { salesforceId18 } from '../src/crm/crm-ids.js';
import { fixedZipTimes } from './fixed-zip-times.js';

const root = resolve(import.meta.dirname, '..');
const crmDir = join(root, 'samples', 'crm');

export type SampleCrm = 'salesforce' | 'dynamics' | 'hubspot';
type Entity = 'account' | 'contact' | 'lead' | 'opportunity' | 'user';

const digest = (text: string) => createHash('sha1').update(text).digest();
const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const salesforcePrefix: Record<Entity, string> = { account: '001', contact: '003', lead: '00Q', opportunity: '006', user: '005' };
const hubspotBase: Record<Entity, number> = { account: 18_000_000_000, contact: 51_000_000_000, lead: 51_500_000_000, opportunity: 9_000_000_000, user: 0 };

/** The id a CRM gave the record listgate's sample calls `listgateId` (18-character for Salesforce). */
export function crmIdOf(crm: SampleCrm, entity: Entity, listgateId: string): string {
  const hash = digest(`${crm}:${entity}:${listgateId}`);
  if (crm === 'salesforce') {
    let body = '';
    for (let i = 0; i < 9; i++) body += base62[hash[i] % 62];
    return salesforceId18(`${salesforcePrefix[entity]}5g000${body.slice(0, 7)}`);
  }
  if (crm === 'dynamics') {
    const hex = hash.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
  const number = Number(/(\d+)$/.exec(listgateId)?.[1] ?? hash.readUInt16BE(0));
  return String(hubspotBase[entity] + number * 7);
}

type Row = Record<string, string>;
const read = (file: string): Row[] => Papa.parse<Row>(readFileSync(join(crmDir, file), 'utf8'), { header: true, skipEmptyLines: true }).data;

function writeCsv(path: string, header: string[], rows: Row[], style: { quotes: boolean; newline: '\n' | '\r\n'; bom: boolean }): void {
  const text = Papa.unparse({ fields: header, data: rows.map((r) => header.map((h) => r[h] ?? '')) }, { quotes: style.quotes, newline: style.newline });
  writeFileSync(path, `${style.bom ? '\uFEFF' : ''}${text}${style.newline}`);
}

const bool = (value: string | undefined) => (['true', 'yes', '1', 'y'].includes((value ?? '').trim().toLowerCase()) ? 'true' : 'false');
const fullName = (r: Row) => [r.first_name, r.last_name].filter(Boolean).join(' ');
const createdDate = '2024-01-15T09:30:00.000Z';

function main(): void {
  const accounts = read('accounts.csv');
  const contacts = read('contacts.csv');
  const leads = read('leads.csv');
  const opportunities = read('opportunities.csv');
  writeSalesforce(accounts, contacts, leads, opportunities);
  writeDynamics(accounts, contacts, leads, opportunities);
  return void writeDynamicsExcel(accounts, contacts, leads, opportunities).then(() => writeHubspot(accounts, contacts, leads, opportunities));
}

// ---------------------------------------------------------------- Salesforce (Data Loader export)

function writeSalesforce(accounts: Row[], contacts: Row[], leads: Row[], opportunities: Row[]): void {
  const dir = join(crmDir, 'salesforce');
  mkdirSync(dir, { recursive: true });
  const id = (entity: Entity, lg: string) => (lg ? crmIdOf('salesforce', entity, lg) : '');
  const style = { quotes: true, newline: '\n' as const, bom: false };
  const type: Row = { Customer: 'Customer - Direct', Partner: 'Channel Partner / Reseller', Prospect: 'Prospect' };
  writeCsv(join(dir, 'Account.csv'),
    ['Id', 'IsDeleted', 'Name', 'Type', 'BillingStreet', 'BillingCity', 'BillingState', 'BillingPostalCode', 'BillingCountry', 'Phone', 'Website', 'Industry', 'OwnerId', 'CreatedDate', 'Listgate_Id__c'],
    accounts.map((a) => ({
      Id: id('account', a.account_id), IsDeleted: 'false', Name: a.name, Type: type[a.relationship_type] ?? a.relationship_type,
      BillingStreet: a.street, BillingCity: a.city, BillingState: a.state, BillingPostalCode: a.postal_code, BillingCountry: a.country,
      Phone: a.phone, Website: a.website, Industry: a.industry, OwnerId: id('user', a.owner), CreatedDate: createdDate,
    })), style);
  writeCsv(join(dir, 'Contact.csv'),
    ['Id', 'IsDeleted', 'AccountId', 'LastName', 'FirstName', 'Name', 'MailingStreet', 'MailingCity', 'MailingState', 'MailingPostalCode', 'MailingCountry',
      'Phone', 'MobilePhone', 'Email', 'Title', 'LeadSource', 'OwnerId', 'HasOptedOutOfEmail', 'DoNotCall', 'CreatedDate', 'Listgate_Id__c'],
    contacts.map((c) => ({
      Id: id('contact', c.contact_id), IsDeleted: 'false', AccountId: id('account', c.account_id), LastName: c.last_name, FirstName: c.first_name,
      Name: fullName(c), MailingStreet: c.street, MailingCity: c.city, MailingState: c.state, MailingPostalCode: c.postal_code, MailingCountry: c.country,
      Phone: c.phone, MobilePhone: c.mobile, Email: c.email, Title: c.title, LeadSource: c.lead_source, OwnerId: id('user', c.owner),
      HasOptedOutOfEmail: bool(c.do_not_contact), DoNotCall: 'false', CreatedDate: c.created_date ? `${c.created_date}T00:00:00.000Z` : createdDate,
    })), style);
  const rating: Row = { hot: 'Hot', warm: 'Warm', cold: 'Cold' };
  writeCsv(join(dir, 'Lead.csv'),
    ['Id', 'IsDeleted', 'LastName', 'FirstName', 'Name', 'Title', 'Company', 'Phone', 'Email', 'LeadSource', 'Status', 'Rating',
      'HasOptedOutOfEmail', 'DoNotCall', 'IsConverted', 'CreatedDate', 'Listgate_Id__c'],
    leads.map((l) => ({
      Id: id('lead', l.lead_id), IsDeleted: 'false', LastName: l.last_name, FirstName: l.first_name, Name: fullName(l), Title: l.title,
      Company: l.company, Phone: l.phone, Email: l.email, LeadSource: l.lead_source, Status: l.status, Rating: rating[l.rating.toLowerCase()] ?? l.rating,
      HasOptedOutOfEmail: bool(l.do_not_contact), DoNotCall: 'false', IsConverted: 'false', CreatedDate: createdDate,
    })), style);
  // a report export writes 15-character ids: every other AccountId is written so, as both meet in practice
  writeCsv(join(dir, 'Opportunity.csv'),
    ['Id', 'IsDeleted', 'AccountId', 'ContactId', 'Name', 'StageName', 'Amount', 'CloseDate', 'IsClosed', 'IsWon', 'CreatedDate', 'Listgate_Id__c'],
    opportunities.map((o, i) => ({
      Id: id('opportunity', o.opportunity_id), IsDeleted: 'false', AccountId: i % 2 ? id('account', o.account_id).slice(0, 15) : id('account', o.account_id),
      ContactId: id('contact', o.contact_id), Name: o.name, StageName: o.stage, Amount: o.amount, CloseDate: '2026-12-31',
      IsClosed: String(o.status === 'Closed'), IsWon: String(o.stage === 'Closed Won'), CreatedDate: createdDate,
    })), style);
}

// ---------------------------------------------------------------- Dynamics 365 (logical names)

const dynamicsStatus: Row = { Open: '1', Working: '2', Nurturing: '2', Unqualified: '6' };
const dynamicsState: Row = { 1: '0', 2: '0', 3: '1', 4: '2', 5: '2', 6: '2', 7: '2' };
const dynamicsStatusLabel: Row = { 1: 'New', 2: 'Contacted', 3: 'Qualified', 6: 'No Longer Interested' };
const dynamicsSource: Row = { 'Trade Show': '7', Web: '8', Referral: '3', Webinar: '6', 'Purchased List': '10' };
const dynamicsSourceLabel: Row = { 7: 'Trade Show', 8: 'Web', 3: 'External Referral', 6: 'Seminar', 10: 'Other' };
const dynamicsRelationship: Row = { Customer: '3', Partner: '5', Prospect: '8' };
const quality: Row = { hot: '1', warm: '2', cold: '3' };

function writeDynamics(accounts: Row[], contacts: Row[], leads: Row[], opportunities: Row[]): void {
  const dir = join(crmDir, 'dynamics');
  mkdirSync(dir, { recursive: true });
  const id = (entity: Entity, lg: string) => (lg ? crmIdOf('dynamics', entity, lg) : '');
  const style = { quotes: false, newline: '\r\n' as const, bom: true };
  writeCsv(join(dir, 'account.csv'),
    ['accountid', 'name', 'websiteurl', 'telephone1', 'address1_line1', 'address1_city', 'address1_stateorprovince', 'address1_postalcode',
      'address1_country', 'customertypecode', 'ownerid', 'statecode', 'createdon', 'lg_listgateid'],
    accounts.map((a) => ({
      accountid: id('account', a.account_id), name: a.name, websiteurl: a.website, telephone1: a.phone, address1_line1: a.street, address1_city: a.city,
      address1_stateorprovince: a.state, address1_postalcode: a.postal_code, address1_country: a.country,
      customertypecode: dynamicsRelationship[a.relationship_type] ?? '', ownerid: id('user', a.owner), statecode: '0', createdon: createdDate,
    })), style);
  // lookups are GUIDs; a few are written in braces and upper case, as some tools export them
  writeCsv(join(dir, 'contact.csv'),
    ['contactid', 'parentcustomerid', 'firstname', 'lastname', 'fullname', 'emailaddress1', 'telephone1', 'mobilephone', 'jobtitle',
      'address1_line1', 'address1_city', 'address1_stateorprovince', 'address1_postalcode', 'address1_country', 'donotemail', 'donotphone',
      'statecode', 'createdon', 'lg_listgateid'],
    contacts.map((c, i) => {
      const parent = id('account', c.account_id);
      return {
        contactid: id('contact', c.contact_id), parentcustomerid: i % 5 === 0 && parent ? `{${parent.toUpperCase()}}` : parent,
        firstname: c.first_name, lastname: c.last_name, fullname: fullName(c), emailaddress1: c.email, telephone1: c.phone, mobilephone: c.mobile,
        jobtitle: c.title, address1_line1: c.street, address1_city: c.city, address1_stateorprovince: c.state, address1_postalcode: c.postal_code,
        address1_country: c.country, donotemail: bool(c.do_not_contact) === 'true' ? 'True' : 'False', donotphone: 'False', statecode: '0',
        createdon: c.created_date,
      };
    }), style);
  writeCsv(join(dir, 'lead.csv'),
    ['leadid', 'subject', 'firstname', 'lastname', 'fullname', 'companyname', 'emailaddress1', 'telephone1', 'jobtitle', 'statuscode', 'statecode',
      'leadqualitycode', 'leadsourcecode', 'donotemail', 'donotphone', 'createdon', 'lg_listgateid'],
    leads.map((l) => {
      const status = dynamicsStatus[l.status] ?? '1';
      return {
        leadid: id('lead', l.lead_id), subject: `${l.company} - ${l.source_campaign || l.lead_source}`, firstname: l.first_name, lastname: l.last_name,
        fullname: fullName(l), companyname: l.company, emailaddress1: l.email, telephone1: l.phone, jobtitle: l.title, statuscode: status,
        statecode: dynamicsState[status], leadqualitycode: quality[l.rating.toLowerCase()] ?? '', leadsourcecode: dynamicsSource[l.lead_source] ?? '',
        donotemail: bool(l.do_not_contact) === 'true' ? 'True' : 'False', donotphone: 'False', createdon: createdDate,
      };
    }), style);
  writeCsv(join(dir, 'opportunity.csv'),
    ['opportunityid', 'name', 'parentaccountid', 'customerid', 'parentcontactid', 'stepname', 'statecode', 'statuscode', 'estimatedvalue', 'lg_listgateid'],
    opportunities.map((o) => {
      const state = o.status === 'Open' ? '0' : o.stage === 'Closed Won' ? '1' : '2';
      return {
        opportunityid: id('opportunity', o.opportunity_id), name: o.name, parentaccountid: id('account', o.account_id), customerid: id('account', o.account_id),
        parentcontactid: id('contact', o.contact_id), stepname: o.stage, statecode: state, statuscode: state === '0' ? '1' : state === '1' ? '3' : '4',
        estimatedvalue: o.amount,
      };
    }), style);
}

// ---------------------------------------------------------------- Dynamics 365 (Export to Excel)

interface ExcelSheet {
  file: string;
  view: string;
  table: string;
  header: string[];
  rows: Row[];
}

/**
 * Export to Excel writes a view: three hidden columns first ((Do Not Modify) <Table>, Row Checksum,
 * Modified On) that let the file be imported back, then the view's columns by display name, choice
 * fields as labels and lookups as the parent's name; a hidden sheet holds the export's metadata.
 */
async function writeDynamicsExcel(accounts: Row[], contacts: Row[], leads: Row[], opportunities: Row[]): Promise<void> {
  const dir = join(crmDir, 'dynamics', 'export-to-excel');
  mkdirSync(dir, { recursive: true });
  const id = (entity: Entity, lg: string) => (lg ? crmIdOf('dynamics', entity, lg) : '');
  const hidden = (entity: Entity, lg: string) => ({
    checksum: digest(`checksum:${entity}:${lg}`).toString('base64').slice(0, 24), modified: '2026-11-30 14:03:00',
  });
  const accountName = new Map(accounts.map((a) => [a.account_id, a.name]));
  const contactName = new Map(contacts.map((c) => [c.contact_id, fullName(c)]));
  const relationship: Row = { Customer: 'Customer', Partner: 'Partner', Prospect: 'Prospect' };
  const sheets: ExcelSheet[] = [
    {
      file: 'Active Accounts', view: 'Active Accounts', table: 'Account',
      header: ['(Do Not Modify) Account', '(Do Not Modify) Row Checksum', '(Do Not Modify) Modified On', 'Account Name', 'Main Phone', 'Website',
        'Address 1: Street 1', 'Address 1: City', 'Address 1: State/Province', 'Address 1: ZIP/Postal Code', 'Address 1: Country/Region',
        'Relationship Type', 'Owner', 'Listgate Id'],
      rows: accounts.map((a) => {
        const h = hidden('account', a.account_id);
        return {
          '(Do Not Modify) Account': id('account', a.account_id), '(Do Not Modify) Row Checksum': h.checksum, '(Do Not Modify) Modified On': h.modified,
          'Account Name': a.name, 'Main Phone': a.phone, Website: a.website, 'Address 1: Street 1': a.street, 'Address 1: City': a.city,
          'Address 1: State/Province': a.state, 'Address 1: ZIP/Postal Code': a.postal_code, 'Address 1: Country/Region': a.country,
          'Relationship Type': relationship[a.relationship_type] ?? '', Owner: a.owner,
        };
      }),
    },
    {
      file: 'Active Contacts', view: 'Active Contacts', table: 'Contact',
      header: ['(Do Not Modify) Contact', '(Do Not Modify) Row Checksum', '(Do Not Modify) Modified On', 'Full Name', 'First Name', 'Last Name',
        'Company Name', 'Email', 'Business Phone', 'Mobile Phone', 'Job Title', 'Address 1: Street 1', 'Address 1: City', 'Address 1: State/Province',
        'Address 1: ZIP/Postal Code', 'Address 1: Country/Region', 'Do not allow Emails', 'Owner', 'Listgate Id'],
      rows: contacts.map((c) => {
        const h = hidden('contact', c.contact_id);
        return {
          '(Do Not Modify) Contact': id('contact', c.contact_id), '(Do Not Modify) Row Checksum': h.checksum, '(Do Not Modify) Modified On': h.modified,
          'Full Name': fullName(c), 'First Name': c.first_name, 'Last Name': c.last_name,
          // the parent account's name; an account the snapshot lacks shows its name all the same
          'Company Name': accountName.get(c.account_id) ?? (c.account_id ? `Unknown account ${c.account_id}` : ''),
          Email: c.email, 'Business Phone': c.phone, 'Mobile Phone': c.mobile, 'Job Title': c.title, 'Address 1: Street 1': c.street,
          'Address 1: City': c.city, 'Address 1: State/Province': c.state, 'Address 1: ZIP/Postal Code': c.postal_code,
          'Address 1: Country/Region': c.country, 'Do not allow Emails': bool(c.do_not_contact) === 'true' ? 'Do Not Allow' : 'Allow', Owner: c.owner,
        };
      }),
    },
    {
      file: 'Open Leads', view: 'Open Leads', table: 'Lead',
      header: ['(Do Not Modify) Lead', '(Do Not Modify) Row Checksum', '(Do Not Modify) Modified On', 'Name', 'First Name', 'Last Name', 'Topic',
        'Company Name', 'Email', 'Business Phone', 'Job Title', 'Status Reason', 'Rating', 'Lead Source', 'Do not allow Emails', 'Listgate Id'],
      rows: leads.map((l) => {
        const h = hidden('lead', l.lead_id);
        const status = dynamicsStatus[l.status] ?? '1';
        return {
          '(Do Not Modify) Lead': id('lead', l.lead_id), '(Do Not Modify) Row Checksum': h.checksum, '(Do Not Modify) Modified On': h.modified,
          Name: fullName(l), 'First Name': l.first_name, 'Last Name': l.last_name, Topic: `${l.company} - ${l.source_campaign || l.lead_source}`,
          'Company Name': l.company, Email: l.email, 'Business Phone': l.phone, 'Job Title': l.title, 'Status Reason': dynamicsStatusLabel[status],
          Rating: l.rating ? l.rating[0].toUpperCase() + l.rating.slice(1).toLowerCase() : '',
          'Lead Source': dynamicsSourceLabel[dynamicsSource[l.lead_source] ?? ''] ?? '',
          'Do not allow Emails': bool(l.do_not_contact) === 'true' ? 'Do Not Allow' : 'Allow',
        };
      }),
    },
    {
      file: 'Open Opportunities', view: 'Open Opportunities', table: 'Opportunity',
      header: ['(Do Not Modify) Opportunity', '(Do Not Modify) Row Checksum', '(Do Not Modify) Modified On', 'Topic', 'Potential Customer', 'Contact',
        'Pipeline Phase', 'Status', 'Est. Revenue', 'Listgate Id'],
      rows: opportunities.map((o) => {
        const h = hidden('opportunity', o.opportunity_id);
        return {
          '(Do Not Modify) Opportunity': id('opportunity', o.opportunity_id), '(Do Not Modify) Row Checksum': h.checksum,
          '(Do Not Modify) Modified On': h.modified, Topic: o.name, 'Potential Customer': accountName.get(o.account_id) ?? '',
          Contact: contactName.get(o.contact_id) ?? '', 'Pipeline Phase': o.stage,
          Status: o.status === 'Open' ? 'Open' : o.stage === 'Closed Won' ? 'Won' : 'Lost', 'Est. Revenue': o.amount,
        };
      }),
    },
  ];
  for (const sheet of sheets) {
    writeCsv(join(dir, `${sheet.file}.csv`), sheet.header, sheet.rows, { quotes: false, newline: '\r\n', bom: true });
    const workbook = new ExcelJS.Workbook();
    workbook.created = new Date('2026-11-30T14:03:00Z');
    workbook.modified = workbook.created;
    workbook.lastPrinted = workbook.created;
    const data = workbook.addWorksheet(sheet.view);
    data.addRow(sheet.header);
    for (const row of sheet.rows) data.addRow(sheet.header.map((h) => row[h] ?? ''));
    for (let c = 1; c <= 3; c++) data.getColumn(c).hidden = true;
    const meta = workbook.addWorksheet('hiddenSheet', { state: 'veryHidden' });
    meta.addRow([`${sheet.table.toLowerCase()}:${digest(sheet.view).toString('hex').slice(0, 32)}`, sheet.table.toLowerCase()]);
    writeFileSync(join(dir, `${sheet.file}.xlsx`), fixedZipTimes(Buffer.from(await workbook.xlsx.writeBuffer())));
  }
}

// ---------------------------------------------------------------- HubSpot (exports of companies, contacts, deals)

function writeHubspot(accounts: Row[], contacts: Row[], leads: Row[], opportunities: Row[]): void {
  const dir = join(crmDir, 'hubspot');
  mkdirSync(dir, { recursive: true });
  const id = (entity: Entity, lg: string) => (lg ? crmIdOf('hubspot', entity, lg) : '');
  const style = { quotes: false, newline: '\n' as const, bom: false };
  const domain = (website: string) => website.replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/.*$/, '');
  const customers = new Set(accounts.filter((a) => a.relationship_type === 'Customer').map((a) => a.account_id));
  writeCsv(join(dir, 'hubspot-crm-exports-all-companies.csv'),
    ['Record ID', 'Company name', 'Company Domain Name', 'Website URL', 'Phone Number', 'Street Address', 'City', 'State/Region', 'Postal Code',
      'Country/Region', 'Type', 'Lifecycle Stage', 'Industry', 'Company owner', 'Create Date', 'Listgate ID'],
    accounts.map((a) => ({
      'Record ID': id('account', a.account_id), 'Company name': a.name, 'Company Domain Name': domain(a.website), 'Website URL': a.website,
      'Phone Number': a.phone, 'Street Address': a.street, City: a.city, 'State/Region': a.state, 'Postal Code': a.postal_code, 'Country/Region': a.country,
      // HubSpot's Type has no Customer: customers are the companies at lifecycle stage Customer
      Type: a.relationship_type === 'Customer' ? '' : a.relationship_type,
      'Lifecycle Stage': a.relationship_type === 'Customer' ? 'Customer' : 'Opportunity', Industry: a.industry, 'Company owner': a.owner,
      'Create Date': '2024-01-15 09:30',
    })), style);
  const people = [
    ...contacts.map((c) => ({
      'Record ID': id('contact', c.contact_id), 'First Name': c.first_name, 'Last Name': c.last_name, Email: c.email, 'Phone Number': c.phone,
      'Mobile Phone Number': c.mobile, 'Job Title': c.title, 'Street Address': c.street, City: c.city, 'State/Region': c.state,
      'Postal Code': c.postal_code, 'Country/Region': c.country, 'Company Name': '', 'Associated Company IDs': id('account', c.account_id),
      'Lifecycle Stage': customers.has(c.account_id) ? 'Customer' : 'Sales Qualified Lead', 'Lead Status': '',
      'Unsubscribed from all email': bool(c.do_not_contact), 'Contact owner': c.owner, 'Create Date': c.created_date,
    })),
    // HubSpot keeps Leads as contacts: not yet qualified and tied to no company (crms/hubspot.json lead.lead_rule)
    ...leads.map((l) => ({
      'Record ID': id('lead', l.lead_id), 'First Name': l.first_name, 'Last Name': l.last_name, Email: l.email, 'Phone Number': l.phone,
      'Mobile Phone Number': '', 'Job Title': l.title, 'Street Address': '', City: '', 'State/Region': '', 'Postal Code': '', 'Country/Region': '',
      'Company Name': l.company, 'Associated Company IDs': '', 'Lifecycle Stage': 'Lead', 'Lead Status': hubspotLeadStatus[l.status] ?? '',
      'Unsubscribed from all email': bool(l.do_not_contact), 'Contact owner': '', 'Create Date': '2024-01-15',
    })),
  ];
  writeCsv(join(dir, 'hubspot-crm-exports-all-contacts.csv'),
    ['Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Mobile Phone Number', 'Job Title', 'Street Address', 'City', 'State/Region',
      'Postal Code', 'Country/Region', 'Company Name', 'Associated Company IDs', 'Lifecycle Stage', 'Lead Status', 'Unsubscribed from all email',
      'Contact owner', 'Create Date', 'Listgate ID'],
    people, style);
  writeCsv(join(dir, 'hubspot-crm-exports-all-deals.csv'),
    ['Record ID', 'Deal Name', 'Pipeline', 'Deal Stage', 'Amount', 'Close Date', 'Associated Company IDs', 'Associated Contact IDs', 'Deal owner', 'Listgate ID'],
    opportunities.map((o) => ({
      'Record ID': id('opportunity', o.opportunity_id), 'Deal Name': o.name, Pipeline: 'Sales Pipeline', 'Deal Stage': o.stage, Amount: o.amount,
      'Close Date': '2026-12-31', 'Associated Company IDs': id('account', o.account_id), 'Associated Contact IDs': id('contact', o.contact_id), 'Deal owner': '',
    })), style);
}

const hubspotLeadStatus: Row = { Open: 'New', Working: 'In Progress', Nurturing: 'Open', Unqualified: 'Unqualified' };

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
