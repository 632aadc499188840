import { UserError } from '../errors.js';
import { listgateColumns, type CrmEntity, type CrmEntitySpec, type CrmLayout } from './crm-layout.js';
import type { CrmRecord, ExportRow } from './export-rows.js';
import { parseFlag } from './crm-files.js';
import { normalizeCrmId } from './crm-ids.js';

/** Where one listgate column's value comes from: headers in the layout's order, the first with a value wins. */
interface ColumnSource {
  index: number;
  header: string;
  /** raw value (lower case) -> listgate value; '*' for anything else */
  values?: Map<string, string>;
}

/**
 * How one export file is read in one CRM layout: which cell feeds which listgate column (the id,
 * fields, opt-out flags, names to look up), which headers are kept in extra, and what was not
 * placed. Built once from the header row; applied to every row.
 */
export interface EntityPlan {
  layout: CrmLayout;
  entity: CrmEntity;
  spec: CrmEntitySpec;
  path: string;
  /** listgate's id column of the entity (account_id, contact_id...) */
  idColumn: string;
  id: { index: number; header: string };
  externalId?: { index: number; header: string };
  columns: { column: string; sources: ColumnSource[] }[];
  fullName?: { index: number; header: string };
  optOut: { index: number; header: string }[];
  lookups: { index: number; header: string; column: string; entity: 'account' | 'contact' }[];
  extra: { index: number; header: string }[];
  /** headers this CRM's layout knows for another entity: kept in extra, listed in the load output */
  unplaced: string[];
  /** the file has none of the entity's name columns (the records load without names) */
  missingNames?: string;
  /** HubSpot: the rows of a contacts export that are Leads, or those that are not */
  rowFilter?: { index: number; values: Set<string>; unlessIndex?: number; keep: 'lead' | 'not lead'; describe: string };
}

const referenceColumns = new Set(['account_id', 'contact_id', 'lead_id']);

const lower = (text: string) => text.trim().toLowerCase();

/** Every header a layout's entity knows: ids, fields, flags, lookups and its system columns. */
export function knownHeaders(spec: CrmEntitySpec): Set<string> {
  return new Set([
    ...spec.id, spec.external_id, ...spec.external_id_aliases, ...Object.keys(spec.fields), ...spec.opt_out,
    ...Object.keys(spec.lookups), ...spec.system_columns,
  ].map(lower));
}

/** How many of a file's headers an entity of a layout knows (0 when its id column is missing). */
export function entityScore(headers: string[], spec: CrmEntitySpec): number {
  const names = new Set(headers.map(lower));
  if (!spec.id.some((h) => names.has(lower(h)))) return 0;
  const known = knownHeaders(spec);
  return [...names].filter((h) => known.has(h)).length;
}

/**
 * Plans the reading of a file as `entity` in `layout`. Throws a UserError (one line naming the file)
 * for a file without the id column, an export of another entity, or a missing required column.
 */
export function planEntity(headers: string[], layout: CrmLayout, entity: CrmEntity, path: string): EntityPlan {
  const spec = layout.entities[entity];
  if (!spec) throw new UserError(`${path}: ${layout.label} has no ${entity} export`);
  const at = new Map<string, number>();
  headers.forEach((h, i) => { if (h && !at.has(lower(h))) at.set(lower(h), i); });
  const indexOf = (header: string) => at.get(lower(header));
  const idColumn = listgateColumns[entity][0];
  const label = layout.name === 'listgate' ? '' : `${layout.label.split(' (')[0]} `;

  checkEntity(headers, layout, entity, spec, path);
  const idHeader = spec.id.find((h) => indexOf(h) !== undefined);
  if (!idHeader) {
    const found = headers.filter(Boolean).slice(0, 8).join(', ');
    const ids = spec.id.map((h) => `"${h}"`).join(' or ');
    throw new UserError(`${path}: missing header ${ids} (the ${label}${entity.replace('_', ' ')} id column); found: ${found || 'no headers'}`);
  }
  for (const required of spec.required_columns) {
    const options = Array.isArray(required) ? required : [required];
    if (!options.some((h) => indexOf(h) !== undefined)) {
      throw new UserError(`${path}: missing column ${options.map((h) => `"${h}"`).join(' or ')}, which every ${label}${spec.object} export has; export it with that column`);
    }
  }

  const used = new Set<number>();
  const take = (header: string) => {
    const index = indexOf(header);
    if (index !== undefined) used.add(index);
    return index;
  };
  const id = { index: take(idHeader)!, header: headers[indexOf(idHeader)!] };
  const externalHeader = [spec.external_id, ...spec.external_id_aliases].find((h) => indexOf(h) !== undefined);
  const externalId = externalHeader ? { index: take(externalHeader)!, header: headers[indexOf(externalHeader)!] } : undefined;

  const valueMaps = new Map(Object.entries(spec.values).map(([key, map]) => [lower(key), new Map(Object.entries(map).map(([raw, v]) => [lower(raw), v]))]));
  const columns = new Map<string, ColumnSource[]>();
  let fullName: EntityPlan['fullName'];
  for (const [native, target] of Object.entries(spec.fields)) {
    const index = take(native);
    if (index === undefined) continue;
    for (const column of Array.isArray(target) ? target : [target]) {
      if (column === 'full_name') {
        fullName ??= { index, header: headers[index] };
        continue;
      }
      const values = valueMaps.get(lower(`${native} -> ${column}`)) ?? valueMaps.get(lower(native));
      const sources = columns.get(column) ?? [];
      sources.push({ index, header: headers[index], values });
      columns.set(column, sources);
    }
  }
  const optOut = spec.opt_out.map((h) => ({ index: take(h), header: h })).filter((o): o is { index: number; header: string } => o.index !== undefined);
  const lookups = Object.entries(spec.lookups)
    .map(([header, l]) => ({ index: take(header), header, column: l.column, entity: l.entity }))
    .filter((l): l is EntityPlan['lookups'][number] => l.index !== undefined);

  let rowFilter: EntityPlan['rowFilter'];
  const leadRule = layout.entities.lead?.lead_rule;
  if (leadRule && (entity === 'lead' || entity === leadRule.from)) {
    const index = indexOf(leadRule.column);
    if (index !== undefined) {
      rowFilter = {
        index, values: new Set(leadRule.values.map(lower)), unlessIndex: leadRule.unless ? indexOf(leadRule.unless) : undefined,
        keep: entity === 'lead' ? 'lead' : 'not lead',
        describe: `${leadRule.column} ${leadRule.values.filter((v) => /[A-Z]/.test(v)).join(' / ')}${leadRule.unless ? ` and no ${leadRule.unless}` : ''}`,
      };
    } else if (entity === 'lead') {
      throw new UserError(`${path}: missing column "${leadRule.column}", which tells ${label}Leads from Contacts; export it with that column`);
    }
  }

  const elsewhere = new Set<string>();
  for (const [other, otherSpec] of Object.entries(layout.entities)) {
    if (other === entity || !otherSpec) continue;
    for (const h of knownHeaders(otherSpec)) elsewhere.add(h);
  }
  const own = knownHeaders(spec);
  const extra: EntityPlan['extra'] = [];
  const unplaced: string[] = [];
  headers.forEach((header, index) => {
    if (!header || used.has(index)) return;
    extra.push({ index, header });
    if (!own.has(lower(header)) && elsewhere.has(lower(header))) unplaced.push(header);
  });

  let missingNames: string | undefined;
  if (spec.name_columns.length && !spec.name_columns.some((set) => set.every((h) => indexOf(h) !== undefined))) {
    missingNames = `no name columns (${spec.name_columns.map((set) => set.join(' + ')).join(', or ')}): its records load without names`;
  }

  return {
    layout, entity, spec, path, idColumn, id, externalId, columns: [...columns].map(([column, sources]) => ({ column, sources })),
    fullName, optOut, lookups, extra, unplaced, missingNames, rowFilter,
  };
}

/**
 * An export of another entity given in this entity's place (a Lead export as --contacts) is one
 * clear line: by its id column when the entities' ids differ, else by which entity knows clearly
 * more of its headers.
 */
function checkEntity(headers: string[], layout: CrmLayout, entity: CrmEntity, spec: CrmEntitySpec, path: string): void {
  const own = entityScore(headers, spec);
  const ownKnown = knownHeaders(spec);
  for (const [other, otherSpec] of Object.entries(layout.entities) as [CrmEntity, CrmEntitySpec | undefined][]) {
    if (other === entity || !otherSpec || otherSpec.object === spec.object) continue;
    const score = entityScore(headers, otherSpec);
    const idsDiffer = !otherSpec.id.some((h) => spec.id.map(lower).includes(lower(h)));
    const wrong = (idsDiffer && own === 0 && score > 0) || score >= own + 3;
    if (!wrong) continue;
    const telling = headers.filter((h) => h && !ownKnown.has(lower(h)) && knownHeaders(otherSpec).has(lower(h))).slice(0, 4);
    const label = layout.name === 'listgate' ? '' : `${layout.label.split(' (')[0]} `;
    const option = other === 'opportunity' ? 'opportunities' : other === 'campaign_response' ? 'campaign-responses' : `${other}s`;
    throw new UserError(`${path}: this is a ${label}${otherSpec.object} export (${telling.join(', ')}), not ${spec.object}; pass it as --${option}`);
  }
}

/** Reads one row through the plan; undefined when the plan's row filter leaves it to another entity. */
export function readRow(plan: EntityPlan, { row, cells }: ExportRow): CrmRecord | undefined {
  const cell = (index: number) => (cells[index] ?? '').trim();
  if (plan.rowFilter) {
    const { index, values, unlessIndex, keep } = plan.rowFilter;
    const isLead = values.has(lower(cell(index))) && (unlessIndex === undefined || cell(unlessIndex) === '');
    if ((keep === 'lead') !== isLead) return undefined;
  }
  const idFormat = plan.layout.id_format;
  const values: Record<string, string> = {};
  const notes: string[] = [];
  values[plan.idColumn] = normalizeCrmId(cell(plan.id.index), idFormat);
  for (const { column, sources } of plan.columns) {
    let value = '';
    for (const source of sources) {
      const raw = cell(source.index);
      if (!raw) continue;
      value = source.values ? source.values.get(lower(raw)) ?? source.values.get('*') ?? raw : raw;
      if (value) break;
    }
    if (value && referenceColumns.has(column)) {
      const ids = value.split(';').map((v) => v.trim()).filter(Boolean);
      if (ids.length > 1) notes.push(`${column} has ${ids.length} ids (${ids.join(', ')}); the first is kept`);
      value = normalizeCrmId(ids[0] ?? '', idFormat);
    }
    values[column] = value;
  }
  if (plan.fullName && !values.first_name && !values.last_name) {
    const full = cell(plan.fullName.index).replace(/\s+/g, ' ');
    const space = full.lastIndexOf(' ');
    values.first_name = space > 0 ? full.slice(0, space) : '';
    values.last_name = space > 0 ? full.slice(space + 1) : full;
  }
  if (plan.optOut.length) values.do_not_contact = optedOut(plan, cells);
  const record: CrmRecord = { row, values, extra: {} };
  for (const { index, header } of plan.extra) {
    const value = cell(index);
    if (value) record.extra[header] = value;
  }
  if (plan.externalId) {
    const external = cell(plan.externalId.index);
    if (external) {
      record.externalId = external;
      record.extra[plan.externalId.header] = external;
    }
  }
  for (const lookup of plan.lookups) {
    const name = cell(lookup.index);
    if (name && !values[lookup.column]) (record.lookups ??= []).push({ header: lookup.header, column: lookup.column, entity: lookup.entity, name });
  }
  if (notes.length) record.notes = notes;
  return record;
}

/**
 * do_not_contact from the opt-out flags: yes when any says yes. A value that is not a yes or a no is
 * passed on as it is, so the loader warns about it by row and takes it as do not contact.
 */
function optedOut(plan: EntityPlan, cells: string[]): string {
  const { yes, no } = plan.layout.flag_values;
  const yesValues = new Set(yes.map(lower));
  const noValues = new Set(no.map(lower));
  let result = 'false';
  for (const { index } of plan.optOut) {
    const raw = (cells[index] ?? '').trim();
    const value = lower(raw);
    if (yesValues.has(value)) return 'true';
    if (noValues.has(value)) continue;
    const flag = parseFlag(raw);
    if (flag === true) return 'true';
    if (flag === undefined) result = raw;
  }
  return result;
}
