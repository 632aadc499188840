import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Papa from 'papaparse';
import type { CreatedRecord, RemovedRecord, UpdatedRecord } from './batch-changes.js';
import type { CrmChangeSet, CrmConnector, FileOperation, NotCarried, WriteOptions, WriteResult, WrittenFile } from './crm-connector.js';
import type { EntityFileLayout, ExportEntity, ImportFileLookup, ImportFilesLayout } from './import-file-layout.js';

/** Records listgate created get ids starting LG-; the CRM's export gives them the CRM's own id (tie-back). */
export function isListgateId(id: string): boolean {
  return id.startsWith('LG-');
}

/** Fields anonymizing a person empties (remove-persons.ts), in listgate's names. */
const personalFields = ['first_name', 'last_name', 'email', 'secondary_email', 'phone', 'mobile', 'title',
  'street', 'city', 'state', 'postal_code', 'country', 'company', 'website'];

/** The order a CRM must import created records in: parents before the children naming them. */
const createOrder: ExportEntity[] = ['campaign', 'account', 'lead', 'contact', 'opportunity', 'opportunity_contact_role', 'campaign_response'];
const deleteOrder: ExportEntity[] = ['campaign_response', 'opportunity_contact_role', 'opportunity', 'contact', 'lead', 'account'];

/** A record to create in the CRM: one the batch created, or a parent the files need (the campaign of its responses). */
type NewRecord = Omit<CreatedRecord, 'entity'> & { entity: ExportEntity };

interface FileRow { cells: Map<string, string> }

/** A file being filled: rows keyed by the CRM id, listgate's id, or nothing (insert). */
interface PendingFile {
  entity: ExportEntity;
  operation: FileOperation;
  /** '' or a variant: 'clear-title-phone' */
  variant: string;
  keyHeader: string | null;
  externalId: string | null;
  rows: FileRow[];
  note?: string;
}

/**
 * Import files written from a CRM's layout (crms/NAME.json import_files): one CSV per object and
 * operation, headers in the CRM's spelling, choice values in its spelling, required columns filled,
 * parents named by CRM id or, when listgate created them, by their external id. The Salesforce,
 * Dynamics and HubSpot connectors are this writer with their layouts.
 */
export class ImportFileConnector implements CrmConnector {
  readonly crm: string;

  constructor(readonly layout: ImportFilesLayout) {
    this.crm = layout.crm;
  }

  async writeChanges(changes: CrmChangeSet, options: WriteOptions): Promise<WriteResult> {
    const run = new ChangeFiles(this.layout, changes, options);
    run.addCreated(changes.created);
    run.addContactRoles();
    run.addCampaignResponses();
    run.addUpdates(changes.updated);
    run.addRemovals(changes.deleted);
    return run.write();
  }
}

class ChangeFiles {
  private readonly files = new Map<string, PendingFile>();
  private readonly notCarried: NotCarried[] = [];
  private readonly warnings = new Set<string>();
  private readonly unwritten = new Map<ExportEntity, Set<string>>();
  private readonly skipped = new Map<string, number>();

  constructor(private readonly layout: ImportFilesLayout, private readonly changes: CrmChangeSet, private readonly options: WriteOptions) {}

  private countSkipped(entity: ExportEntity, field: string): void {
    this.skipped.set(`${entity}|${field}`, (this.skipped.get(`${entity}|${field}`) ?? 0) + 1);
  }

  private entityLayout(entity: ExportEntity, id: string): EntityFileLayout | undefined {
    const found = this.layout.entities[entity];
    if (!found) this.notCarried.push({ entity, id, why: `${this.layout.path} import_files has no "${entity}" entity` });
    return found;
  }

  private file(entity: ExportEntity, operation: FileOperation, keyHeader: string | null, variant = '', note?: string): PendingFile {
    const key = `${entity}|${operation}|${keyHeader}|${variant}`;
    let file = this.files.get(key);
    if (!file) {
      const layout = this.layout.entities[entity]!;
      const externalId = operation === 'upsert' || operation === 'insert' ? (keyHeader === layout.external_id_header ? keyHeader : null) : null;
      file = { entity, operation, variant, keyHeader, externalId, rows: [], note: note ?? layout.note };
      this.files.set(key, file);
    }
    return file;
  }

  /** A value in the CRM's spelling: the layout's value map, booleans, dates. */
  private format(entity: ExportEntity, field: string, value: unknown, id: string): string {
    if (value === null || value === undefined || value === '') return '';
    const layout = this.layout.entities[entity]!;
    const map = layout.values[field];
    if (typeof value === 'boolean') {
      const word = value ? 'true' : 'false';
      if (map && map[word] !== undefined) return map[word];
      return this.layout.booleans[word];
    }
    let text = value instanceof Date ? value.toISOString() : String(value);
    if (/^\d{4}-\d{2}-\d{2}(T00:00:00(\.000)?Z?)?$/.test(text)) text = this.date(text.slice(0, 10));
    if (map) {
      const spelled = map[text] ?? Object.entries(map).find(([k]) => k.toLowerCase() === text.toLowerCase())?.[1];
      if (spelled !== undefined) return spelled;
      if (map['*'] !== undefined) return map['*'] === '*' ? text : map['*'];
      this.warnings.add(`${entity} ${id}: ${field} "${text}" has no spelling in ${this.layout.path} import_files.entities.${entity}.values.${field}; the cell is left empty`);
      return '';
    }
    return text;
  }

  private date(isoDay: string): string {
    if (this.layout.date_format === 'mm/dd/yyyy') {
      const [y, m, d] = isoDay.split('-');
      return `${m}/${d}/${y}`;
    }
    return isoDay;
  }

  /** Header -> cell for a parent reference: the CRM id, or listgate's id through the parent's external id. */
  private lookupCells(lookup: ImportFileLookup, parentId: string, parentEntity?: 'lead' | 'contact'): [string, string] | undefined {
    const isLead = lookup.entity === 'person' && parentEntity === 'lead';
    const target: ExportEntity = lookup.entity === 'person' ? (parentEntity ?? 'contact') : lookup.entity;
    if (!isListgateId(parentId)) return [isLead ? (lookup.lead_header ?? lookup.header) : lookup.header, parentId];
    const header = isLead ? (lookup.new_lead_parent_header ?? lookup.new_parent_header) : lookup.new_parent_header;
    if (!header) return undefined;
    const external = this.layout.entities[target]?.external_id_header ?? this.layout.external_id_header;
    return [header.replace('{external_id}', external), parentId];
  }

  private fillValues(entity: ExportEntity, id: string, values: Record<string, unknown>, cells: Map<string, string>, options: { parentEntity?: 'lead' | 'contact' } = {}): void {
    const layout = this.layout.entities[entity]!;
    for (const [field, value] of Object.entries(values)) {
      const lookup = layout.lookups[field];
      if (lookup) {
        if (value === null || value === undefined || value === '') continue;
        const cell = this.lookupCells(lookup, String(value), options.parentEntity);
        if (cell) cells.set(cell[0], cell[1]);
        else this.notCarried.push({ entity, id, why: `${field} ${value} is a record listgate created, and ${this.layout.path} gives ${entity} no column naming it by its external id` });
        continue;
      }
      const headers = layout.fields[field];
      if (!headers) {
        if (layout.skip[field] !== undefined) {
          if (value !== null && value !== undefined && value !== '' && value !== false) this.countSkipped(entity, field);
          continue;
        }
        if (value !== null && value !== undefined && value !== '' && !(typeof value === 'boolean' && !value)) {
          let fields = this.unwritten.get(entity);
          if (!fields) this.unwritten.set(entity, (fields = new Set()));
          fields.add(field);
        }
        continue;
      }
      const cell = this.format(entity, field, value, id);
      for (const header of Array.isArray(headers) ? headers : [headers]) cells.set(header, cell);
    }
  }

  private fillRequired(entity: ExportEntity, id: string, cells: Map<string, string>, tokens: Record<string, string>): void {
    const layout = this.layout.entities[entity]!;
    for (const [header, fill] of Object.entries(layout.required)) {
      if (cells.get(header)) continue;
      const filled = fill.replace(/\{(\w+)\}/g, (_, name: string) => tokens[name] ?? '').trim();
      if (!filled && !fill) {
        this.notCarried.push({ entity, id, why: `${header} is required by ${this.layout.crm}'s import and listgate has no value; the row is written as it is` });
      }
      cells.set(header, filled || (fill ? '[not provided]' : ''));
    }
    for (const [header, value] of Object.entries(layout.constants)) cells.set(header, value);
  }

  private tokens(values: Record<string, unknown>): Record<string, string> {
    const fields = Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, v as string]));
    return { ...fields, close_date: this.date(this.changes.closeDate), campaign: this.campaignName() ?? '' };
  }

  private campaignName(): string | null {
    return this.changes.campaignResponses.find((r) => r.campaign)?.campaign ?? null;
  }

  addCreated(records: NewRecord[]): void {
    const sorted = [...records].sort((a, b) => createOrder.indexOf(a.entity) - createOrder.indexOf(b.entity));
    for (const record of sorted) {
      const entity = record.entity;
      const layout = this.entityLayout(entity, record.id);
      if (!layout) continue;
      const cells = new Map<string, string>();
      let file: PendingFile;
      if (isListgateId(record.id)) {
        file = this.file(entity, layout.upsert ? 'upsert' : 'insert', layout.external_id_header);
        cells.set(layout.external_id_header, record.id);
      } else {
        // already tied back to the CRM's id: the record exists there; an update by id is harmless
        file = this.file(entity, 'update', layout.id_header);
        cells.set(layout.id_header, record.id);
      }
      let values = record.values;
      if (layout.matched_on && record.emailSharedWith && layout.matched_on === 'email') {
        values = { ...values, email: null };
        this.notCarried.push({ entity, id: record.id, why: `its email is also ${record.emailSharedWith}'s and ${this.layout.crm} matches ${layout.object} on it: written without it, or the import would update ${record.emailSharedWith}` });
      }
      this.fillValues(entity, record.id, values, cells);
      this.fillRequired(entity, record.id, cells, this.tokens(values));
      file.rows.push({ cells });
    }
  }

  addContactRoles(): void {
    if (!this.changes.contactRoles.length) return;
    const layout = this.layout.entities.opportunity_contact_role;
    // a CRM without a role object names the Contact on the Opportunity itself (a lookup of its own file)
    if (!layout) return;
    for (const role of this.changes.contactRoles) {
      if (!isListgateId(role.opportunityId)) {
        this.notCarried.push({ entity: 'opportunity_contact_role', id: role.opportunityId, why: 'the opportunity is in the CRM already (tied back); its contact role came with it' });
        continue;
      }
      const id = `${role.opportunityId}-ROLE`;
      const cells = new Map<string, string>([[layout.external_id_header, id]]);
      this.fillValues('opportunity_contact_role', id, { opportunity_id: role.opportunityId, contact_id: role.contactId }, cells);
      this.fillRequired('opportunity_contact_role', id, cells, this.tokens({}));
      this.file('opportunity_contact_role', layout.upsert ? 'upsert' : 'insert', layout.external_id_header).rows.push({ cells });
    }
  }

  addCampaignResponses(): void {
    const responses = this.changes.campaignResponses;
    if (!responses.length) return;
    const layout = this.entityLayout('campaign_response', responses[0].id);
    if (!layout) return;
    const campaignLookup = Object.entries(layout.lookups).find(([, l]) => l.entity === 'campaign');
    const campaignIds = new Map<string, string>();
    for (const response of responses) {
      const cells = new Map<string, string>();
      const values: Record<string, unknown> = { person_id: response.id, kind: response.kind, responded_at: response.respondedAt.slice(0, 10) };
      if (campaignLookup && response.campaign) {
        const [field, lookup] = campaignLookup;
        if (this.options.campaignId) cells.set(lookup.header, this.options.campaignId);
        else if (this.layout.entities.campaign) {
          // the campaign by listgate's id: a Campaign upsert file creates it once, or finds it on a re-run
          const id = campaignIds.get(response.campaign) ?? `LG-CAMPAIGN-${slug(response.campaign)}`;
          if (!campaignIds.has(response.campaign)) {
            campaignIds.set(response.campaign, id);
            this.addCreated([{ entity: 'campaign', id, values: { name: response.campaign } }]);
          }
          values[field] = id;
        } else if (lookup.name_header) cells.set(lookup.name_header, response.campaign);
        else this.notCarried.push({ entity: 'campaign_response', id: response.id, why: `campaign "${response.campaign}": give its CRM id with --campaign-id` });
      }
      values.campaign = response.campaign;
      // kind, date and name are listgate's bookkeeping: written where the layout has a column for them
      const mapped = Object.fromEntries(Object.entries(values).filter(([field]) => layout.fields[field] || layout.lookups[field]));
      this.fillValues('campaign_response', response.id, mapped, cells, { parentEntity: response.entity });
      this.fillRequired('campaign_response', response.id, cells, this.tokens({ name: response.campaign ?? '' }));
      this.file('campaign_response', layout.operation ?? (layout.upsert ? 'upsert' : 'insert'), null).rows.push({ cells });
    }
  }

  addUpdates(records: UpdatedRecord[]): void {
    for (const record of records) {
      const layout = this.entityLayout(record.entity, record.id);
      if (!layout) continue;
      const key = isListgateId(record.id)
        ? { header: layout.external_id_header, operation: 'upsert' as const }
        : { header: layout.id_header, operation: 'update' as const };
      const sets: Record<string, unknown> = {};
      const clears: string[] = [];
      for (const [field, change] of Object.entries(record.fields)) {
        if (change.new === null || change.new === undefined || change.new === '') clears.push(field);
        else sets[field] = change.new;
      }
      if (Object.keys(sets).length) {
        const cells = new Map<string, string>([[key.header, record.id]]);
        this.fillValues(record.entity, record.id, sets, cells);
        if (cells.size > 1) this.file(record.entity, key.operation, key.header).rows.push({ cells });
      }
      this.addClears(record.entity, record.id, key, clears);
    }
  }

  /**
   * Emptying a field needs the import told to write blanks (Data Loader: Insert null values),
   * which would blank every empty cell of the file: so each set of emptied fields gets a file of
   * its own, holding only those columns. A required column is filled instead of emptied.
   */
  private addClears(entity: ExportEntity, id: string, key: { header: string; operation: FileOperation }, fields: string[]): void {
    const layout = this.layout.entities[entity]!;
    const headers = [...new Set(fields.flatMap((f) => {
      const h = layout.fields[f];
      return h ? (Array.isArray(h) ? h : [h]) : [];
    }))].sort();
    for (const f of fields) {
      if (layout.skip[f] !== undefined) this.countSkipped(entity, f);
      else if (!layout.fields[f] && !layout.lookups[f]) {
        let set = this.unwritten.get(entity);
        if (!set) this.unwritten.set(entity, (set = new Set()));
        set.add(f);
      }
    }
    if (!headers.length) return;
    const cells = new Map<string, string>([[key.header, id]]);
    for (const header of headers) cells.set(header, layout.required[header] !== undefined ? layout.required[header].replace(/\{\w+\}/g, '') || '' : '');
    const variant = `clear-${headers.map((h) => h.replace(/[^A-Za-z0-9]+/g, '')).join('-')}`.slice(0, 80);
    this.file(entity, key.operation, key.header, variant, this.layout.notes.clear).rows.push({ cells });
  }

  addRemovals(records: RemovedRecord[]): void {
    const sorted = [...records].sort((a, b) => deleteOrder.indexOf(a.entity) - deleteOrder.indexOf(b.entity));
    for (const record of sorted) {
      const layout = this.entityLayout(record.entity, record.id);
      if (!layout) continue;
      if (isListgateId(record.id)) {
        this.notCarried.push({ entity: record.entity, id: record.id, why: `created by listgate, no CRM id yet (import the files, load the CRM's export, export again): nothing to ${record.mode} by id` });
        continue;
      }
      if (record.mode === 'delete') {
        this.file(record.entity, 'delete', layout.id_header, '', this.layout.notes.delete).rows.push({ cells: new Map([[layout.id_header, record.id]]) });
      } else {
        this.addClears(record.entity, record.id, { header: layout.id_header, operation: 'update' }, personalFields.filter((f) => layout.fields[f]));
        const optOut = layout.fields.do_not_contact;
        if (optOut) {
          const cells = new Map<string, string>([[layout.id_header, record.id]]);
          this.fillValues(record.entity, record.id, { do_not_contact: true }, cells);
          this.file(record.entity, 'update', layout.id_header).rows.push({ cells });
        }
      }
    }
  }

  write(): WriteResult {
    for (const [entity, fields] of this.unwritten) {
      this.warnings.add(`${entity}: ${[...fields].sort().join(', ')} ha${fields.size === 1 ? 's' : 've'} no column in ${this.layout.path} import_files.entities.${entity}.fields; not written`);
    }
    const objectsUsedTwice = new Set<string>();
    const seen = new Map<string, ExportEntity>();
    for (const [entity, layout] of Object.entries(this.layout.entities) as [ExportEntity, EntityFileLayout][]) {
      if (seen.has(layout.object) && seen.get(layout.object) !== entity) objectsUsedTwice.add(layout.object);
      seen.set(layout.object, entity);
    }
    const ordered = [...this.files.values()].sort((a, b) => fileRank(a) - fileRank(b));
    const written: WrittenFile[] = [];
    for (const file of ordered) {
      const layout = this.layout.entities[file.entity]!;
      const stem = [layout.object.replace(/[^A-Za-z0-9_]+/g, '_'), objectsUsedTwice.has(layout.object) ? file.entity : '', file.operation, file.variant]
        .filter(Boolean).join('-');
      const relative = this.options.folder ? `${this.options.folder}/${stem}.csv` : `${stem}.csv`;
      const headers = headerOrder(file, layout);
      const path = join(this.options.dir, relative);
      mkdirSync(dirname(path), { recursive: true });
      const data = file.rows.map((row) => headers.map((h) => row.cells.get(h) ?? ''));
      writeFileSync(path, Papa.unparse({ fields: headers, data }, { newline: '\r\n' }) + '\r\n', 'utf8');
      written.push({
        file: relative, object: layout.object, operation: file.operation, rows: file.rows.length,
        external_id: file.externalId, purpose: this.changes.purpose, ...(file.note ? { note: file.note } : {}),
      });
    }
    const fieldsNotWritten = [...this.skipped].map(([key, values]) => {
      const [entity, field] = key.split('|') as [ExportEntity, string];
      return { entity, field, values, why: this.layout.entities[entity]!.skip[field] };
    });
    return { files: written, notCarried: this.notCarried, warnings: [...this.warnings], fieldsNotWritten };
  }
}

function fileRank(file: PendingFile): number {
  if (file.operation === 'delete') return 1000 + deleteOrder.indexOf(file.entity);
  const base = createOrder.indexOf(file.entity);
  return (file.operation === 'update' ? 100 : 0) + base * 2 + (file.variant ? 1 : 0);
}

/** The key column first, then the layout's columns in its order, then any other (lookups, required, constants). */
function headerOrder(file: PendingFile, layout: EntityFileLayout): string[] {
  // a column empty in every row says nothing (and a blank would empty the field where blanks are written): left out,
  // except in a file that empties fields, where the blanks are the point
  const used = new Set<string>();
  for (const row of file.rows) for (const [header, cell] of row.cells) if (cell !== '' || file.variant) used.add(header);
  const order: string[] = [];
  const add = (h: string) => { if (used.has(h) && !order.includes(h)) order.push(h); };
  if (file.keyHeader) add(file.keyHeader);
  for (const headers of Object.values(layout.fields)) for (const h of Array.isArray(headers) ? headers : [headers]) add(h);
  for (const h of used) add(h);
  return order;
}

function slug(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'CAMPAIGN';
}
