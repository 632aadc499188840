import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { CsvSink } from './csv-sink.js';
import { crmPhone, type SyntheticCrm } from './crm-records.js';
import { incomingRows, listHeadersOf, truthHeaders } from './incoming-list.js';

/** The `listgate crm load` file formats. */
export const crmHeaders = {
  accounts: ['account_id', 'name', 'website', 'phone', 'street', 'city', 'state', 'postal_code', 'country', 'relationship_type'],
  contacts: ['contact_id', 'account_id', 'first_name', 'last_name', 'email', 'phone', 'mobile', 'title', 'city', 'state', 'country', 'do_not_contact'],
  leads: ['lead_id', 'first_name', 'last_name', 'company', 'email', 'phone', 'title', 'status', 'rating', 'lead_source', 'source_campaign'],
  opportunities: ['opportunity_id', 'account_id', 'contact_id', 'name', 'stage', 'status'],
} as const;

export interface CrmFileCounts { accounts: number; contacts: number; leads: number; opportunities: number }

/** Streams accounts.csv, contacts.csv (with opportunities.csv alongside), leads.csv into dir. */
export async function writeCrmFiles(crm: SyntheticCrm, dir: string): Promise<CrmFileCounts> {
  const accounts = new CsvSink(join(dir, 'accounts.csv'), crmHeaders.accounts);
  for (let j = 0; j < crm.size.accounts; j++) {
    const a = crm.account(j);
    await accounts.write([a.id, a.name, a.website, crmPhone(a.phone), a.street, a.city.city, a.city.state, a.postalCode, a.country, a.relationshipType]);
  }
  await accounts.close();

  const contacts = new CsvSink(join(dir, 'contacts.csv'), crmHeaders.contacts);
  const opportunities = new CsvSink(join(dir, 'opportunities.csv'), crmHeaders.opportunities);
  const accountNames = new Map<number, string>();
  for (let i = 0; i < crm.size.contacts; i++) {
    const c = crm.contact(i);
    await contacts.write([c.id, c.accountId, c.firstName, c.lastName, c.email, crmPhone(c.phone), crmPhone(c.mobile), c.title,
      c.city.city, c.city.state, c.country, c.doNotContact ? 'true' : 'false']);
    if (c.opportunity && c.accountIndex !== null) {
      let company = accountNames.get(c.accountIndex);
      if (company === undefined) {
        company = crm.company(c.accountIndex).baseName;
        if (accountNames.size > 10_000) accountNames.clear();
        accountNames.set(c.accountIndex, company);
      }
      await opportunities.write([c.opportunity.id, c.accountId, c.id, `${company} - ${c.opportunity.name}`, c.opportunity.stage, c.opportunity.status]);
    }
  }
  await contacts.close();
  await opportunities.close();

  const leads = new CsvSink(join(dir, 'leads.csv'), crmHeaders.leads);
  for (let k = 0; k < crm.size.leads; k++) {
    const l = crm.lead(k);
    await leads.write([l.id, l.firstName, l.lastName, l.company.name, l.email, crmPhone(l.phone || l.mobile), l.title, l.status, l.rating, l.leadSource, l.sourceCampaign]);
  }
  await leads.close();
  return { accounts: accounts.rows, contacts: contacts.rows, leads: leads.rows, opportunities: opportunities.rows };
}

export interface ListFiles { csv: string; truth: string; xlsx?: string }

/** Streams the incoming list (CSV, and XLSX through exceljs' streaming writer) and its truth. Returns rows per expected route. */
export async function writeIncomingList(crm: SyntheticCrm, rowCount: number, files: ListFiles): Promise<Record<string, number>> {
  const listHeaders = listHeadersOf(crm.hard);
  const csv = new CsvSink(files.csv, listHeaders);
  const truth = new CsvSink(files.truth, truthHeaders);
  const workbook = files.xlsx ? new ExcelJS.stream.xlsx.WorkbookWriter({ filename: files.xlsx, useStyles: false, useSharedStrings: false }) : undefined;
  if (workbook) {
    workbook.creator = 'listgate bench';
    workbook.created = workbook.modified = new Date('2026-01-01T00:00:00Z');
  }
  const sheet = workbook?.addWorksheet('Leads');
  sheet?.addRow([...listHeaders]).commit();
  const routes: Record<string, number> = {};
  for (const row of incomingRows(crm, rowCount)) {
    await csv.write(row.cells);
    const t = row.truth;
    await truth.write([t.sourceRow, t.route, t.contactId, t.leadId, t.accountId, t.case, t.duplicateOfRow]);
    routes[t.route] = (routes[t.route] ?? 0) + 1;
    sheet?.addRow(row.cells).commit();
  }
  await csv.close();
  await truth.close();
  if (sheet) sheet.commit();
  if (workbook) await workbook.commit();
  return routes;
}
