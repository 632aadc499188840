import type { Pipeline } from '../pipeline/pipeline.js';
import type { CanonicalField, MappedRow, RawRow } from '../types.js';
import { companyAddressHeaders, fieldForHeader, headerKey, isDoNotModifyColumn, vendorIdRank } from './header-synonyms.js';
import { isLinkedInUrl, socialNetworkOf } from './social-profiles.js';

export type MappingSource = 'pipeline' | 'synonym' | 'vendor_id' | 'ignored' | 'unmapped';

/** One column of the file and what it became. */
export interface ColumnAssignment {
  header: string;
  field?: CanonicalField;
  how: MappingSource;
  /** why a column that looked mappable was not mapped */
  note?: string;
}

export interface ColumnMapping {
  columns: ColumnAssignment[];
  /** field -> the header it is read from */
  fields: Partial<Record<CanonicalField, string>>;
  /** headers kept with each row as unmapped values */
  unmapped: string[];
  /** values set on every row where the file has none */
  constants: Partial<Record<CanonicalField, string>>;
  warnings: string[];
  /** the pipeline's skip_when: rows whose column holds one of these values are skipped */
  skipWhen: SkipRule[];
}

export interface SkipRule {
  header: string;
  /** lower-cased value -> as the pipeline writes it */
  values: Map<string, string>;
}

/** The parts of a pipeline that decide the mapping (all optional, so the mapper also runs without one). */
export type MappingSettings = Partial<Pick<Pipeline, 'mapping' | 'ignore_columns' | 'constants' | 'vendor' | 'vendor_id_column' | 'skip_when'>>;

/**
 * Maps a file's headers to canonical fields: the pipeline's explicit mapping first, then the vendor's
 * record id column (pipeline.vendor_id_column, or found by synonyms when a vendor is named), then header
 * synonyms. When several columns name one field, the preferred spelling wins and the others stay unmapped
 * with a note. Ignored columns and unrecognized ones are kept with the rows as unmapped values.
 */
export function buildColumnMapping(headers: string[], settings: MappingSettings = {}): ColumnMapping {
  const columns: ColumnAssignment[] = headers.map((header) => ({ header, how: 'unmapped' as MappingSource }));
  const fields: Partial<Record<CanonicalField, string>> = {};
  const warnings: string[] = [];
  const byKey = new Map<string, number>();
  headers.forEach((header, i) => {
    const key = headerKey(header);
    if (!byKey.has(key)) byKey.set(key, i);
  });
  const find = (header: string) => {
    const exact = headers.indexOf(header);
    return exact !== -1 ? exact : byKey.get(headerKey(header));
  };

  const ignored = new Set<number>();
  for (const header of settings.ignore_columns ?? []) {
    const i = find(header);
    if (i === undefined) warnings.push(`pipeline ignore_columns names "${header}", which is not a column of this file`);
    else {
      ignored.add(i);
      columns[i].how = 'ignored';
    }
  }

  for (const [header, field] of Object.entries(settings.mapping ?? {})) {
    const i = find(header);
    if (i === undefined) {
      warnings.push(`pipeline mapping names "${header}", which is not a column of this file`);
      continue;
    }
    if (fields[field] !== undefined) {
      warnings.push(`pipeline maps both "${fields[field]}" and "${header}" to ${field}; "${fields[field]}" is used`);
      continue;
    }
    columns[i] = { header: headers[i], field, how: 'pipeline' };
    fields[field] = headers[i];
    ignored.delete(i);
  }

  if (fields.vendor_record_id === undefined) {
    if (settings.vendor_id_column) {
      const i = find(settings.vendor_id_column);
      if (i === undefined) warnings.push(`pipeline vendor_id_column "${settings.vendor_id_column}" is not a column of this file; vendor record ids will not be kept`);
      else if (columns[i].how === 'unmapped' || columns[i].how === 'ignored') {
        columns[i] = { header: headers[i], field: 'vendor_record_id', how: 'vendor_id' };
        fields.vendor_record_id = headers[i];
      }
    } else if (settings.vendor) {
      let best: number | undefined;
      let bestRank = Infinity;
      headers.forEach((header, i) => {
        if (columns[i].how !== 'unmapped') return;
        const rank = vendorIdRank(header, settings.vendor!);
        if (rank !== undefined && rank < bestRank) {
          best = i;
          bestRank = rank;
        }
      });
      if (best !== undefined) {
        columns[best] = { header: headers[best], field: 'vendor_record_id', how: 'vendor_id' };
        fields.vendor_record_id = headers[best];
      } else {
        warnings.push(`no record id column found for vendor "${settings.vendor}"; set vendor_id_column in the pipeline to keep the vendor's ids`);
      }
    }
  }

  // Synonyms: per field, the best-ranked spelling among the still unmapped columns.
  const claims = new Map<CanonicalField, Array<{ index: number; rank: number }>>();
  // LinkedIn's Connections.csv ("First Name, Last Name, URL, Email Address, Company, Position,
  // Connected On"): its URL is the connection's profile, not a website
  const linkedInConnections = byKey.has('connectedon');
  headers.forEach((header, i) => {
    if (columns[i].how !== 'unmapped') return;
    if (isDoNotModifyColumn(header)) {
      columns[i].note = 'Dynamics "Export to Excel" column (record id, row checksum or modified-on): kept with the row, never a name';
      return;
    }
    if (companyAddressHeaders.has(headerKey(header))) {
      columns[i].note = "the company's address: kept with the row, not written on the person";
      return;
    }
    const entry = linkedInConnections && headerKey(header) === 'url' ? { field: 'linkedin_url' as const, rank: -1 } : fieldForHeader(header);
    if (!entry || fields[entry.field] !== undefined) {
      if (entry) columns[i].note = `also looks like ${entry.field}, which is read from "${fields[entry.field]}"`;
      return;
    }
    const list = claims.get(entry.field) ?? [];
    list.push({ index: i, rank: entry.rank });
    claims.set(entry.field, list);
  });
  for (const [field, list] of claims) {
    list.sort((a, b) => a.rank - b.rank || a.index - b.index);
    const [winner, ...others] = list;
    columns[winner.index] = { header: headers[winner.index], field, how: 'synonym' };
    fields[field] = headers[winner.index];
    for (const other of others) columns[other.index].note = `also looks like ${field}, which is read from "${headers[winner.index]}"`;
  }

  const unmapped = columns.filter((c) => c.how === 'unmapped' || c.how === 'ignored').map((c) => c.header);
  const constants: Partial<Record<CanonicalField, string>> = {};
  for (const [field, value] of Object.entries(settings.constants ?? {}) as Array<[CanonicalField, string | undefined]>) {
    if (value !== undefined && value !== '') constants[field] = value;
  }
  const skipWhen = skipRules(settings.skip_when ?? {}, find, headers, warnings);
  return { columns, fields, unmapped, constants, warnings, skipWhen };
}

/** A pipeline's skip_when, resolved to the file's headers; a column the file lacks is warned about. */
function skipRules(
  skipWhen: Record<string, string[]>, find: (header: string) => number | undefined, headers: string[], warnings: string[],
): SkipRule[] {
  const rules: SkipRule[] = [];
  for (const [header, values] of Object.entries(skipWhen)) {
    const i = find(header);
    if (i === undefined) {
      warnings.push(`pipeline skip_when names "${header}", which is not a column of this file; no row is skipped by it`);
      continue;
    }
    rules.push({ header: headers[i], values: new Map(values.map((value) => [value.trim().toLowerCase(), value])) });
  }
  return rules;
}

/** Why a row is skipped by the pipeline's skip_when ("Attendee Status is Refunded"), or undefined. */
export function skipReason(mapping: ColumnMapping, row: RawRow): string | undefined {
  for (const rule of mapping.skipWhen) {
    const value = row.cells[rule.header]?.trim();
    if (value && rule.values.has(value.toLowerCase())) return `${rule.header} is "${value}"`;
  }
  return undefined;
}

/** A row mapper compiled from a mapping: canonical values (trimmed, empty left out), constants, unmapped cells. */
export function rowMapper(mapping: ColumnMapping): (row: RawRow) => MappedRow {
  const mapped = Object.entries(mapping.fields) as Array<[CanonicalField, string]>;
  const unmapped = mapping.unmapped;
  const constants = Object.entries(mapping.constants) as Array<[CanonicalField, string]>;
  const websiteHeader = mapping.fields.website;
  return (row: RawRow): MappedRow => {
    const values: Partial<Record<CanonicalField, string>> = {};
    for (let i = 0; i < mapped.length; i++) {
      const [field, header] = mapped[i];
      const raw = row.cells[header];
      if (raw) {
        const value = raw.trim();
        if (value) values[field] = value;
      }
    }
    const rest: Record<string, string> = {};
    // a social-network profile in a website column is the person's, never the company's website
    if (values.website !== undefined && socialNetworkOf(values.website)) {
      if (isLinkedInUrl(values.website) && values.linkedin_url === undefined) values.linkedin_url = values.website;
      else rest[websiteHeader!] = values.website;
      delete values.website;
    }
    for (let i = 0; i < constants.length; i++) {
      const [field, value] = constants[i];
      if (values[field] === undefined) values[field] = value;
    }
    for (let i = 0; i < unmapped.length; i++) {
      const value = row.cells[unmapped[i]];
      if (value && value.trim()) rest[unmapped[i]] = value;
    }
    // cells the reader added beyond the header (extra values) are unmapped too
    if (row.issues?.some((issue) => issue.code === 'extra_cells')) {
      for (const key in row.cells) {
        if (!(key in rest) && !mapped.some(([, h]) => h === key) && !unmapped.includes(key)) {
          const value = row.cells[key];
          if (value && value.trim()) rest[key] = value;
        }
      }
    }
    return { sourceRow: row.sourceRow, raw: row.cells, values, unmapped: rest };
  };
}

/** Maps one row (convenience; use rowMapper for many rows). */
export function mapRow(row: RawRow, mapping: ColumnMapping): MappedRow {
  return rowMapper(mapping)(row);
}
