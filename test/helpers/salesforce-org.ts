import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { salesforceId18 } from '../../src/crm/crm-ids.js';
import type { ExportManifest } from '../../src/export/export-batch.js';

type SfRecord = Record<string, string>;

/** Key prefixes of the objects' ids, as Salesforce gives them. */
const keyPrefix: Record<string, string> = {
  Account: '001', Contact: '003', Lead: '00Q', Opportunity: '006', Campaign: '701', CampaignMember: '00v', OpportunityContactRole: '00K',
};

/** Relationship name -> the lookup field it fills and the object it refers to (Data Loader Relationship.ExtId__c columns). */
const relationships: Record<string, { field: string; object: string }> = {
  Account: { field: 'AccountId', object: 'Account' },
  Contact: { field: 'ContactId', object: 'Contact' },
  Lead: { field: 'LeadId', object: 'Lead' },
  Opportunity: { field: 'OpportunityId', object: 'Opportunity' },
  Campaign: { field: 'CampaignId', object: 'Campaign' },
};

/** Fields Salesforce refuses a record without (Object Reference), checked on every insert as the org would. */
const requiredOnCreate: Record<string, string[]> = {
  Lead: ['LastName', 'Company'], Contact: ['LastName'], Account: ['Name'], Opportunity: ['Name', 'StageName', 'CloseDate'],
  Campaign: ['Name'], CampaignMember: ['CampaignId'], OpportunityContactRole: ['OpportunityId', 'ContactId'],
};

/** Lookup fields checked to point at a record of the object on every write. */
const lookups: Record<string, Record<string, string>> = {
  Contact: { AccountId: 'Account' }, Opportunity: { AccountId: 'Account' },
  OpportunityContactRole: { OpportunityId: 'Opportunity', ContactId: 'Contact' },
  CampaignMember: { CampaignId: 'Campaign', LeadId: 'Lead', ContactId: 'Contact' },
};

/** What the exports of the org carry per object (API names), plus the external id field. */
const exportFields: Record<string, string[]> = {
  Account: ['Id', 'Name', 'Website', 'Phone', 'BillingStreet', 'BillingCity', 'BillingState', 'BillingPostalCode', 'BillingCountry', 'Type', 'Listgate_Id__c'],
  Contact: ['Id', 'AccountId', 'FirstName', 'LastName', 'Email', 'Phone', 'MobilePhone', 'Title', 'MailingStreet', 'MailingCity', 'MailingState',
    'MailingPostalCode', 'MailingCountry', 'LeadSource', 'HasOptedOutOfEmail', 'DoNotCall', 'Listgate_Id__c'],
  Lead: ['Id', 'FirstName', 'LastName', 'Company', 'Email', 'Phone', 'MobilePhone', 'Title', 'Website', 'Street', 'City', 'State', 'PostalCode',
    'Country', 'Status', 'Rating', 'LeadSource', 'HasOptedOutOfEmail', 'DoNotCall', 'Listgate_Id__c'],
  Opportunity: ['Id', 'AccountId', 'ContactId', 'Name', 'StageName', 'CloseDate', 'IsClosed', 'LeadSource', 'Listgate_Id__c'],
};

/**
 * A Salesforce org as far as Data Loader sees it: records by object and Id, upserts matching on
 * an external id field, Relationship.ExtId__c columns resolved to the parent's Id, required fields
 * and lookups enforced per row (a failing row is an error, the others go in), blank cells left
 * alone unless "Insert null values" is on. The round-trip test applies listgate's files to it.
 */
export class SalesforceOrg {
  readonly records = new Map<string, Map<string, SfRecord>>();
  readonly errors: string[] = [];
  private counter = 0;

  table(object: string): Map<string, SfRecord> {
    let table = this.records.get(object);
    if (!table) this.records.set(object, (table = new Map()));
    return table;
  }

  newId(object: string): string {
    this.counter += 1;
    return salesforceId18(`${keyPrefix[object]}Lg${String(this.counter).padStart(10, '0')}`);
  }

  insert(object: string, values: SfRecord, id = this.newId(object)): string {
    this.table(object).set(id, { ...values, Id: id });
    return id;
  }

  count(object: string): number {
    return this.table(object).size;
  }

  /** Runs the manifest's files (those of one purpose) in order, as a Data Loader user would. */
  applyExport(dir: string, manifest: ExportManifest, purpose: 'apply' | 'undo' | 'removal' = 'apply'): void {
    for (const file of manifest.files.filter((f) => f.purpose === purpose)) {
      const parsed = Papa.parse<SfRecord>(readFileSync(join(dir, file.file), 'utf8'), { header: true, skipEmptyLines: true });
      const insertNulls = (file.note ?? '').includes('Insert null values');
      for (const [index, row] of parsed.data.entries()) {
        const where = `${file.file} row ${index + 2}`;
        try {
          this.applyRow(file.object, file.operation, file.external_id, row, insertNulls);
        } catch (error) {
          this.errors.push(`${where}: ${(error as Error).message}`);
        }
      }
    }
  }

  private applyRow(object: string, operation: string, externalId: string | null, row: SfRecord, insertNulls: boolean): void {
    const values: SfRecord = {};
    for (const [header, value] of Object.entries(row)) {
      if (header.includes('.')) {
        if (!value) continue;
        const [relationship, field] = header.split('.');
        const target = relationships[relationship];
        if (!target) throw new Error(`no relationship ${relationship} on ${object}`);
        const parent = [...this.table(target.object).values()].find((r) => r[field] === value);
        if (!parent) throw new Error(`Foreign key external ID: ${value} not found for field ${field} in entity ${target.object}`);
        values[target.field] = parent.Id;
      } else if (value !== '' || insertNulls) values[header] = value;
    }
    if (operation === 'delete') {
      if (!this.table(object).delete(row.Id)) throw new Error(`ENTITY_IS_DELETED or unknown id ${row.Id}`);
      return;
    }
    this.checkLookups(object, values);
    if (operation === 'update' || (operation === 'upsert' && values.Id)) {
      const current = this.table(object).get(values.Id);
      if (!current) throw new Error(`INVALID_CROSS_REFERENCE_KEY: ${values.Id}`);
      Object.assign(current, values);
      this.checkRequired(object, current);
      return;
    }
    if (operation === 'upsert') {
      if (!externalId || !values[externalId]) throw new Error('MISSING_ARGUMENT: external id');
      const found = [...this.table(object).values()].filter((r) => r[externalId] === values[externalId]);
      if (found.length > 1) throw new Error(`DUPLICATE_EXTERNAL_ID: ${values[externalId]}`);
      if (found.length === 1) {
        Object.assign(found[0], values);
        this.checkRequired(object, found[0]);
        return;
      }
    }
    if (object === 'CampaignMember') {
      const person = values.LeadId ?? values.ContactId;
      if (!person) throw new Error('REQUIRED_FIELD_MISSING: LeadId or ContactId');
      const member = [...this.table(object).values()].find((m) => m.CampaignId === values.CampaignId && (m.LeadId ?? m.ContactId) === person);
      if (member) throw new Error('DUPLICATE_VALUE: Already a campaign member.');
    }
    this.checkRequired(object, values);
    this.insert(object, values);
  }

  private checkRequired(object: string, record: SfRecord): void {
    for (const field of requiredOnCreate[object] ?? []) if (!record[field]) throw new Error(`REQUIRED_FIELD_MISSING: ${field}`);
  }

  private checkLookups(object: string, values: SfRecord): void {
    for (const [field, target] of Object.entries(lookups[object] ?? {})) {
      if (values[field] && !this.table(target).has(values[field])) throw new Error(`INVALID_CROSS_REFERENCE_KEY: ${field} ${values[field]}`);
    }
  }

  /** The org's export (Data Loader Export All of each object) as CSV files; the Opportunity's ContactId comes from its primary contact role. */
  writeExport(dir: string): { accounts: string; contacts: string; leads: string; opportunities: string } {
    mkdirSync(dir, { recursive: true });
    const primaryContact = new Map<string, string>();
    for (const role of this.table('OpportunityContactRole').values()) if (role.IsPrimary === 'true') primaryContact.set(role.OpportunityId, role.ContactId);
    const files = { accounts: 'Account', contacts: 'Contact', leads: 'Lead', opportunities: 'Opportunity' } as const;
    const paths = {} as Record<keyof typeof files, string>;
    for (const [kind, object] of Object.entries(files) as [keyof typeof files, string][]) {
      const fields = exportFields[object];
      const data = [...this.table(object).values()].map((r) => fields.map((f) => (f === 'ContactId' && object === 'Opportunity' ? r.ContactId ?? primaryContact.get(r.Id) ?? '' : r[f] ?? '')));
      paths[kind] = join(dir, `${object}.csv`);
      writeFileSync(paths[kind], Papa.unparse({ fields, data }, { newline: '\r\n' }) + '\r\n');
    }
    return paths;
  }
}

function readCsv(path: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;
}

/** The sample CRM (samples/crm, listgate's layout) as a Salesforce org: the same people, with Salesforce ids or (keepIds) the samples' own. */
export function seedOrgFromSamples(options: { keepIds?: boolean } = {}): SalesforceOrg {
  const org = new SalesforceOrg();
  const own = (id: string) => (options.keepIds ? [id] : []);
  const accountIds = new Map<string, string>();
  const contactIds = new Map<string, string>();
  for (const a of readCsv('samples/crm/accounts.csv')) {
    accountIds.set(a.account_id, org.insert('Account', {
      Name: a.name, Website: a.website, Phone: a.phone, BillingStreet: a.street, BillingCity: a.city, BillingState: a.state,
      BillingPostalCode: a.postal_code, BillingCountry: a.country, Type: a.relationship_type,
    }, ...own(a.account_id)));
  }
  const yes = (v: string | undefined) => (/^(true|yes|1)$/i.test(v ?? '') ? 'true' : 'false');
  for (const c of readCsv('samples/crm/contacts.csv')) {
    contactIds.set(c.contact_id, org.insert('Contact', {
      AccountId: accountIds.get(c.account_id) ?? (options.keepIds ? c.account_id : ''), FirstName: c.first_name, LastName: c.last_name, Email: c.email, Phone: c.phone,
      MobilePhone: c.mobile, Title: c.title, MailingCity: c.city, MailingState: c.state, MailingCountry: c.country,
      HasOptedOutOfEmail: yes(c.do_not_contact), DoNotCall: yes(c.do_not_contact),
    }, ...own(c.contact_id)));
  }
  for (const l of readCsv('samples/crm/leads.csv')) {
    org.insert('Lead', {
      FirstName: l.first_name, LastName: l.last_name, Company: l.company, Email: l.email, Phone: l.phone, Title: l.title,
      Status: l.status, Rating: l.rating, LeadSource: l.lead_source, HasOptedOutOfEmail: yes(l.do_not_contact), DoNotCall: yes(l.do_not_contact),
    }, ...own(l.lead_id));
  }
  for (const o of readCsv('samples/crm/opportunities.csv')) {
    org.insert('Opportunity', {
      AccountId: accountIds.get(o.account_id) ?? '', ContactId: contactIds.get(o.contact_id) ?? '', Name: o.name, StageName: o.stage,
      CloseDate: '2026-12-31', IsClosed: o.status === 'Closed' ? 'true' : 'false',
    }, ...own(o.opportunity_id));
  }
  return org;
}
