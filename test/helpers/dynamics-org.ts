import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Papa from 'papaparse';
import type { ExportManifest } from '../../src/export/export-batch.js';

type Row = Record<string, string>;

const idColumn: Record<string, string> = {
  account: 'accountid', contact: 'contactid', lead: 'leadid', opportunity: 'opportunityid', campaign: 'campaignid', campaignresponse: 'activityid',
};

/** Lookup columns -> the tables they may point at (customer is polymorphic). */
const lookupTargets: Record<string, string[]> = {
  parentcustomerid: ['account', 'contact'], parentaccountid: ['account'], parentcontactid: ['contact'], customerid: ['account', 'contact'],
  customer: ['contact', 'lead'], regardingobjectid: ['campaign'],
};

/** Columns the tables require (ApplicationRequired in the Dataverse table reference), checked on create. */
const required: Record<string, string[]> = {
  lead: ['lastname', 'subject'], contact: ['lastname'], account: ['name'], opportunity: ['name'], campaignresponse: ['regardingobjectid'],
};

const alternateKey = 'lg_listgateid';

/**
 * A Dynamics 365 organization as its Data Import wizard treats listgate's files: rows created with
 * new GUIDs, an alternate key on lg_listgateid refusing a second row with the same key, update
 * files matched on the table's id column, lookups resolved by GUID (`parentcustomerid`), by the
 * alternate key (`parentcustomerid.lg_listgateid`) or by the primary name (`regardingobjectid`),
 * required columns enforced. Seeded from the logical-name sample export (samples/crm/dynamics).
 */
export class DynamicsOrg {
  readonly tables = new Map<string, Map<string, Row>>();
  readonly headers = new Map<string, string[]>();
  readonly errors: string[] = [];

  static fromSamples(dir = 'samples/crm/dynamics'): DynamicsOrg {
    const org = new DynamicsOrg();
    for (const table of ['account', 'contact', 'lead', 'opportunity']) {
      const parsed = Papa.parse<Row>(readFileSync(join(dir, `${table}.csv`), 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
      org.headers.set(table, parsed.meta.fields ?? []);
      for (const row of parsed.data) org.table(table).set(normalizeGuid(row[idColumn[table]]), { ...row, [idColumn[table]]: normalizeGuid(row[idColumn[table]]) });
    }
    org.table('campaign').set(randomUUID(), { name: 'Expo 2026' });
    return org;
  }

  table(name: string): Map<string, Row> {
    let table = this.tables.get(name);
    if (!table) this.tables.set(name, (table = new Map()));
    return table;
  }

  count(name: string): number {
    return this.table(name).size;
  }

  applyExport(dir: string, manifest: ExportManifest, purpose: 'apply' | 'undo' | 'removal' = 'apply'): void {
    for (const file of manifest.files.filter((f) => f.purpose === purpose)) {
      const parsed = Papa.parse<Row>(readFileSync(join(dir, file.file), 'utf8'), { header: true, skipEmptyLines: true });
      for (const [index, row] of parsed.data.entries()) {
        try {
          this.applyRow(file.object, file.operation, row);
        } catch (error) {
          this.errors.push(`${file.file} row ${index + 2}: ${(error as Error).message}`);
        }
      }
    }
  }

  private resolve(lookup: string, value: string, by: string | undefined): string {
    for (const target of lookupTargets[lookup] ?? []) {
      for (const [id, row] of this.table(target)) {
        if (by === undefined ? id === normalizeGuid(value) : (row[by] ?? '') === value) return id;
      }
    }
    throw new Error(`The lookup reference could not be resolved: ${lookup}${by ? `.${by}` : ''} = ${value}`);
  }

  private applyRow(table: string, operation: string, row: Row): void {
    const values: Row = {};
    for (const [header, value] of Object.entries(row)) {
      if (value === '') continue;
      const [column, by] = header.split('.');
      if (lookupTargets[column]) values[column] = this.resolve(column, value, by ?? (column === 'regardingobjectid' ? 'name' : undefined));
      else values[header] = value;
    }
    const id = idColumn[table];
    if (operation === 'update') {
      const current = this.table(table).get(normalizeGuid(values[id] ?? ''));
      if (!current) throw new Error(`record ${values[id]} does not exist`);
      Object.assign(current, values);
      return;
    }
    if (operation === 'delete') {
      if (!this.table(table).delete(normalizeGuid(row[id]))) throw new Error(`record ${row[id]} does not exist`);
      return;
    }
    if (values[alternateKey] && [...this.table(table).values()].some((r) => r[alternateKey] === values[alternateKey])) {
      throw new Error(`A record that has the attribute values ${alternateKey} = ${values[alternateKey]} already exists (alternate key)`);
    }
    for (const column of required[table] ?? []) if (!values[column]) throw new Error(`${column} is required`);
    const guid = randomUUID();
    this.table(table).set(guid, { ...values, [id]: guid });
  }

  /** The organization's next export, in the sample's logical-name headers (lg_listgateid included). */
  writeExport(dir: string): { accounts: string; contacts: string; leads: string; opportunities: string } {
    mkdirSync(dir, { recursive: true });
    const kinds = { accounts: 'account', contacts: 'contact', leads: 'lead', opportunities: 'opportunity' } as const;
    const paths = {} as Record<keyof typeof kinds, string>;
    for (const [kind, table] of Object.entries(kinds) as [keyof typeof kinds, string][]) {
      const fields = this.headers.get(table)!;
      const data = [...this.table(table).values()].map((r) => fields.map((f) => r[f] ?? ''));
      paths[kind] = join(dir, `${table}.csv`);
      writeFileSync(paths[kind], Papa.unparse({ fields, data }, { newline: '\r\n' }) + '\r\n');
    }
    return paths;
  }
}

function normalizeGuid(id: string): string {
  return id.replace(/[{}]/g, '').toLowerCase();
}
