import { loadPipeline } from '../pipeline/pipeline.js';
import type { NormalizedRow } from '../types.js';
import { readNormalizedRows, type ReadSettings } from './read-normalized-rows.js';
import { countOf } from '../plain-words.js';

export interface InspectOptions {
  /** pipeline name or path; without one the automatic mapping and default country US apply */
  pipeline?: string;
  sheet?: string | number;
  /** how many data rows to show normalized (default 5) */
  rows?: number;
}

function delimiterName(delimiter: string | undefined): string {
  switch (delimiter) {
    case ',': return 'comma';
    case ';': return 'semicolon';
    case '\t': return 'tab';
    case '|': return 'pipe';
    default: return String(delimiter);
  }
}

function describeRow(row: NormalizedRow): string[] {
  const p = row.person;
  const name = [p.salutation, p.firstName, p.middleName, p.lastName, p.suffix].filter(Boolean).join(' ');
  const parts = [
    name && `name: ${name}${p.firstNameCanonical && p.firstNameCanonical !== p.firstNameKey ? ` (~${p.firstNameCanonical})` : ''}`,
    p.email && `email: ${p.email}${p.emailKey && p.emailKey !== p.email ? ` (key ${p.emailKey})` : ''}${p.emailIsFree ? ' free-mail' : ''}${p.emailIsRole ? ' role' : ''}`,
    p.phoneE164 && `phone: ${p.phoneE164}${p.phoneExt ? ` x${p.phoneExt}` : ''}`,
    p.mobileE164 && `mobile: ${p.mobileE164}`,
    p.company && `company: ${p.company} (key "${p.companyKey ?? ''}"${p.companyAcronym ? `, acronym ${p.companyAcronym}` : ''})`,
    p.websiteDomain && `website: ${p.websiteDomain}`,
    p.title && `title: ${p.title}`,
    [p.city, p.state, p.postalCode, p.country].some(Boolean) && `place: ${[p.street, p.city, p.state, p.postalCode, p.country].filter(Boolean).join(', ')}`,
    row.values.vendor_record_id && `vendor id: ${row.values.vendor_record_id}`,
  ].filter(Boolean) as string[];
  const skipped = row.issues.some((issue) => issue.code === 'skipped_by_pipeline');
  const lines = [`  row ${row.sourceRow}: ${skipped ? 'SKIPPED (skip_when)' : row.rejected ? 'REJECTED' : 'ok'}`];
  for (const part of parts) lines.push(`      ${part}`);
  for (const issue of row.issues) lines.push(`      ${issue.severity} ${issue.code}${issue.field ? ` [${issue.field}]` : ''}: ${issue.message}`);
  return lines;
}

/**
 * What listgate makes of a list file before anything is staged: format, encoding, delimiter, sheet, header
 * row, the column mapping (header -> field, and the unmapped columns), and the first rows normalized with
 * their issues. Returns the lines to print.
 */
export async function inspectListFile(path: string, options: InspectOptions = {}): Promise<string[]> {
  const pipeline = options.pipeline ? loadPipeline(options.pipeline) : undefined;
  const settings: ReadSettings = pipeline ?? {};
  const { info, mapping, rows } = await readNormalizedRows(path, settings, { sheet: options.sheet });
  const wanted = options.rows ?? 5;
  const shown: NormalizedRow[] = [];
  if (wanted > 0) {
    for await (const row of rows) {
      shown.push(row);
      if (shown.length >= wanted) break;
    }
  }
  const lines: string[] = [];
  lines.push(`file:      ${info.path}`);
  if (info.format === 'csv') {
    lines.push(`format:    CSV, encoding ${info.encoding}, delimiter ${delimiterName(info.delimiter)}`);
  } else {
    lines.push(`format:    XLSX, sheet "${info.sheet}"${info.sheets && info.sheets.length > 1 ? ` (sheets: ${info.sheets.map((s) => `"${s}"`).join(', ')})` : ''}`);
  }
  lines.push(`header:    row ${info.headerRow}, ${info.headers.length} columns`);
  if (pipeline) lines.push(`pipeline:  ${pipeline.name} (${pipeline.intent}${pipeline.vendor ? `, vendor ${pipeline.vendor}` : ''}, default country ${pipeline.default_country})`);
  else lines.push('pipeline:  none (automatic mapping, default country US)');
  lines.push('');
  lines.push('mapping:');
  const width = Math.min(40, Math.max(...info.headers.map((h) => h.length)));
  for (const column of mapping.columns) {
    const target = column.field
      ? `${column.field}${column.how === 'pipeline' ? '  (pipeline)' : column.how === 'vendor_id' ? '  (vendor record id)' : ''}`
      : column.how === 'ignored' ? '(ignored, kept unmapped)' : '(unmapped)';
    lines.push(`  ${column.header.padEnd(width)}  -> ${target}${column.note ? `  [${column.note}]` : ''}`);
  }
  for (const [field, value] of Object.entries(mapping.constants)) lines.push(`  ${'(constant)'.padEnd(width)}  -> ${field} = "${value}"`);
  lines.push(`unmapped:  ${mapping.unmapped.length ? mapping.unmapped.join(', ') : 'none'}`);
  const warnings = [...info.warnings, ...mapping.warnings];
  if (warnings.length) {
    lines.push('');
    lines.push('warnings:');
    for (const warning of warnings) lines.push(`  - ${warning}`);
  }
  if (shown.length) {
    lines.push('');
    lines.push(`first ${countOf(shown.length, 'data row')}, normalized:`);
    for (const row of shown) lines.push(...describeRow(row));
  }
  return lines;
}
