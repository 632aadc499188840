import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { ExportManifest } from '../../src/export/export-batch.js';

type Row = Record<string, string>;

const files = { companies: 'hubspot-crm-exports-all-companies.csv', contacts: 'hubspot-crm-exports-all-contacts.csv', deals: 'hubspot-crm-exports-all-deals.csv' };

/** Association columns of listgate's files -> the export's association column, and the object holding the associated record. */
const associations: Record<string, { column: string; object: 'companies' | 'contacts'; by: 'Record ID' | 'Listgate ID' }> = {
  'Company Record ID': { column: 'Associated Company IDs', object: 'companies', by: 'Record ID' },
  'Contact Record ID': { column: 'Associated Contact IDs', object: 'contacts', by: 'Record ID' },
  'Contact Listgate ID': { column: 'Associated Contact IDs', object: 'contacts', by: 'Listgate ID' },
};

/**
 * A HubSpot portal as its imports treat listgate's files: a row is matched on Record ID, on the
 * unique Listgate ID property, or (contacts) on Email, and updates that record, else creates one
 * with a new Record ID; blank cells change nothing; association columns associate the record
 * with the company or contact they identify; a campaign file makes a static list. Seeded from
 * the sample exports (samples/crm/hubspot), and exported in their headers.
 */
export class HubSpotPortal {
  readonly objects = new Map<string, Map<string, Row>>();
  readonly headers = new Map<string, string[]>();
  readonly lists = new Map<string, Set<string>>();
  readonly errors: string[] = [];
  private next = 70_000_000_000;

  static fromSamples(dir = 'samples/crm/hubspot'): HubSpotPortal {
    const portal = new HubSpotPortal();
    for (const [object, file] of Object.entries(files)) {
      const parsed = Papa.parse<Row>(readFileSync(join(dir, file), 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
      portal.headers.set(object, parsed.meta.fields ?? []);
      for (const row of parsed.data) portal.object(object).set(row['Record ID'], row);
    }
    return portal;
  }

  object(name: string): Map<string, Row> {
    let table = this.objects.get(name);
    if (!table) this.objects.set(name, (table = new Map()));
    return table;
  }

  count(name: string): number {
    return this.object(name).size;
  }

  applyExport(dir: string, manifest: ExportManifest, purpose: 'apply' | 'undo' | 'removal' = 'apply'): void {
    for (const file of manifest.files.filter((f) => f.purpose === purpose)) {
      const parsed = Papa.parse<Row>(readFileSync(join(dir, file.file), 'utf8'), { header: true, skipEmptyLines: true });
      for (const [index, row] of parsed.data.entries()) {
        try {
          if (file.file.includes('campaign_response')) this.addToList(manifest.batch_id ?? 'list', row);
          else this.importRow(file.object, row);
        } catch (error) {
          this.errors.push(`${file.file} row ${index + 2}: ${(error as Error).message}`);
        }
      }
    }
  }

  private find(object: string, by: string, value: string): Row | undefined {
    if (by === 'Record ID') return this.object(object).get(value);
    return [...this.object(object).values()].find((r) => (r[by] ?? '').toLowerCase() === value.toLowerCase());
  }

  private addToList(name: string, row: Row): void {
    const record = row['Record ID'] ? this.find('contacts', 'Record ID', row['Record ID']) : this.find('contacts', 'Listgate ID', row['Listgate ID']);
    if (!record) throw new Error('no contact with this Record ID or Listgate ID');
    const list = this.lists.get(name) ?? new Set<string>();
    list.add(record['Record ID']);
    this.lists.set(name, list);
  }

  private importRow(object: string, row: Row): void {
    const values: Row = {};
    for (const [header, value] of Object.entries(row)) {
      if (value === '') continue;
      const association = associations[header];
      if (association) {
        const target = this.find(association.object, association.by, value);
        if (!target) throw new Error(`${header} ${value}: no such ${association.object} record`);
        values[association.column] = target['Record ID'];
      } else values[header] = value;
    }
    const existing = (values['Record ID'] && this.find(object, 'Record ID', values['Record ID']))
      || (values['Listgate ID'] && this.find(object, 'Listgate ID', values['Listgate ID']))
      || (object === 'contacts' && values.Email && this.find(object, 'Email', values.Email));
    if (values['Record ID'] && !existing) throw new Error(`Record ID ${values['Record ID']} does not exist`);
    if (existing) {
      Object.assign(existing, values);
      return;
    }
    if (object === 'deals') for (const required of ['Deal Name', 'Pipeline', 'Deal Stage']) if (!values[required]) throw new Error(`${required} is required`);
    const id = String(this.next++);
    this.object(object).set(id, { ...values, 'Record ID': id });
  }

  writeExport(dir: string): { accounts: string; contacts: string; opportunities: string } {
    mkdirSync(dir, { recursive: true });
    const kinds = { accounts: 'companies', contacts: 'contacts', opportunities: 'deals' } as const;
    const paths = {} as Record<keyof typeof kinds, string>;
    for (const [kind, object] of Object.entries(kinds) as [keyof typeof kinds, string][]) {
      const fields = this.headers.get(object)!;
      const data = [...this.object(object).values()].map((r) => fields.map((f) => r[f] ?? ''));
      paths[kind] = join(dir, files[object as keyof typeof files]);
      writeFileSync(paths[kind], Papa.unparse({ fields, data }, { newline: '\r\n' }) + '\r\n');
    }
    return paths;
  }
}
