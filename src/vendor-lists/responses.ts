import { basename, join, resolve } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { CrmConnection } from '../db/database.js';
import type { CrmDatabase } from '../db/schema.js';
import { UserError } from '../errors.js';
import { normalizeEmail } from '../normalize/email.js';
import { normalizePhone } from '../normalize/phone.js';
import { createProgress, type Progress } from '../progress.js';
import type { RawRow } from '../types.js';
import { findColumns, readSmallTable } from './read-table.js';
import { writeCsv, type ReportColumn } from './table-files.js';
import { countOf, formatCount } from '../plain-words.js';

const responseColumns = {
  email: ['email address', 'e-mail', 'recipient', 'recipient email', 'emailaddress'],
  phone: ['phone number', 'telephone', 'mobile', 'tel'],
  vendor: ['list vendor', 'data vendor'],
  list: ['list name', 'vendor list'],
  vendor_record_id: ['vendor id', 'vendor record id', 'record id', 'recordid'],
  date: ['responded_at', 'response date', 'responded', 'event date', 'timestamp', 'time', 'datetime', 'when', 'activity date'],
  kind: ['type', 'event', 'event type', 'response', 'response type', 'activity', 'action', 'status'],
  campaign: ['campaign name', 'campaign_name', 'source campaign', 'email campaign'],
};

export interface ResponseImportOptions {
  /** campaign for lines without a campaign column or value */
  campaign?: string;
  /** vendor and list for a vendor_record_id column without vendor/list columns */
  vendor?: string;
  list?: string;
  /** header of the vendor record id column (a pipeline's vendor_id_column) */
  vendorIdColumn?: string;
  /** kind for lines without a kind column or value (default "response") */
  kind?: string;
  defaultCountry?: string;
  /** where responses.csv goes (default reports/responses-FILE-TIMESTAMP) */
  reportDir?: string;
  progress?: Progress;
}

export type ResponseLineStatus = 'recorded' | 'already_recorded' | 'unmatched' | 'rejected';

/** One line of a responses file and what became of it. */
export interface ResponseLine {
  sourceRow: number;
  email: string | null;
  emailKey: string | null;
  phone: string | null;
  vendor: string | null;
  list: string | null;
  vendorRecordId: string | null;
  respondedAt: string | null;
  kind: string;
  campaign: string | null;
  status: ResponseLineStatus;
  entityType: 'contact' | 'lead' | null;
  entityId: string | null;
  matchedBy: 'vendor record id' | 'email' | 'phone' | null;
  reason: string;
}

export interface ResponseImportResult {
  file: string;
  lines: ResponseLine[];
  counts: Record<ResponseLineStatus, number>;
  reportFile: string;
}

/**
 * `listgate responses import FILE`: records campaign responses (opened, clicked, replied,
 * attended, form...) on the Contact or Lead each line names, found by vendor record id, then
 * email match key, then E.164 phone. A line that finds nobody, or several people, is still
 * recorded (unlinked) and listed with its row number; a line without a date or any identifier
 * is rejected and listed. Re-importing a file records nothing twice.
 */
export async function importResponses(crm: CrmConnection, file: string, options: ResponseImportOptions = {}): Promise<ResponseImportResult> {
  const table = await readSmallTable(file);
  const synonyms = { ...responseColumns, vendor_record_id: [...responseColumns.vendor_record_id, ...vendorIdNames(options)] };
  const columns = findColumns(table.headers, synonyms);
  if (options.vendorIdColumn && !columns.vendor_record_id && columns.email === undefined && columns.phone === undefined) {
    throw new UserError(`${file}: no "${options.vendorIdColumn}" column (headers: ${table.headers.join(', ')})`);
  }
  if (!columns.email && !columns.phone && !columns.vendor_record_id) {
    throw new UserError(`${file}: needs an email, phone or vendor_record_id column (headers: ${table.headers.join(', ')})`);
  }
  if (!columns.date) throw new UserError(`${file}: needs a date column (date, responded_at, timestamp...; headers: ${table.headers.join(', ')})`);
  if (columns.vendor_record_id && !columns.vendor && !options.vendor) {
    throw new UserError(`${file}: column "${columns.vendor_record_id}" holds vendor record ids; add vendor and list columns or pass --pipeline (or --vendor and --list)`);
  }
  const progress = options.progress ?? createProgress();
  progress.start(`responses ${basename(file)}`, table.rows.length);
  const lines = table.rows.map((row) => parseLine(row, columns, options));
  await linkLines(crm.db, lines);
  progress.update(Math.floor(table.rows.length / 2));

  await crm.db.transaction().execute(async (trx) => {
    const candidates = lines.filter((l) => l.status !== 'rejected');
    const existing = await alreadyRecorded(trx, candidates);
    const fresh: ResponseLine[] = [];
    const seen = new Set<string>();
    for (const line of candidates) {
      const key = identityOf(line);
      if (existing.has(key) || seen.has(key)) {
        line.reason = line.status === 'unmatched' ? `${line.reason}; already recorded` : 'already recorded';
        if (line.status === 'recorded') line.status = 'already_recorded';
        continue;
      }
      seen.add(key);
      fresh.push(line);
    }
    for (let start = 0; start < fresh.length; start += 10_000) {
      const chunk = fresh.slice(start, start + 10_000);
      const col = <T>(pick: (l: ResponseLine) => T) => chunk.map(pick);
      await sql`
        insert into campaign_responses (entity_type, entity_id, campaign, kind, responded_at, email, phone, vendor, list, vendor_record_id, source_file)
        select entity_type, entity_id, campaign, kind, responded_at::timestamptz, email, phone, vendor, list, vendor_record_id, ${basename(file)}
        from unnest(${col((l) => l.entityType)}::text[], ${col((l) => l.entityId)}::text[], ${col((l) => l.campaign)}::text[],
          ${col((l) => l.kind)}::text[], ${col((l) => l.respondedAt)}::text[], ${col((l) => l.email)}::text[], ${col((l) => l.phone)}::text[],
          ${col((l) => l.vendor)}::text[], ${col((l) => l.list)}::text[], ${col((l) => l.vendorRecordId)}::text[])
          as r(entity_type, entity_id, campaign, kind, responded_at, email, phone, vendor, list, vendor_record_id)`.execute(trx);
      progress.update(Math.floor(table.rows.length / 2) + start + chunk.length);
    }
  });

  const counts: Record<ResponseLineStatus, number> = { recorded: 0, already_recorded: 0, unmatched: 0, rejected: 0 };
  for (const line of lines) counts[line.status] += 1;
  const reportDir = resolve(options.reportDir ?? join('reports', `responses-${basename(file).replace(/\.[^.]+$/, '')}-${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}`));
  const reportFile = join(reportDir, 'responses.csv');
  writeCsv(reportFile, lineColumns, lines);
  progress.stop();
  return { file, lines, counts, reportFile };
}

/** Names a vendor id column goes by: the pipeline's vendor_id_column, "<vendor> id", "<vendor> contact id". */
function vendorIdNames(options: ResponseImportOptions): string[] {
  const names = options.vendorIdColumn ? [options.vendorIdColumn] : [];
  if (options.vendor) names.push(`${options.vendor} id`, `${options.vendor} contact id`, `${options.vendor} record id`);
  return names;
}

type Columns = Partial<Record<keyof typeof responseColumns, string>>;

function parseLine(row: RawRow, columns: Columns, options: ResponseImportOptions): ResponseLine {
  const cell = (field: keyof typeof responseColumns) => (columns[field] ? row.cells[columns[field]!]?.trim() || '' : '');
  const emailText = cell('email');
  const email = emailText ? normalizeEmail(emailText) : undefined;
  const phoneText = cell('phone');
  const phone = phoneText ? normalizePhone(phoneText, options.defaultCountry ?? 'US')?.e164 : undefined;
  const vendorRecordId = cell('vendor_record_id') || null;
  const vendor = vendorRecordId ? cell('vendor') || options.vendor || null : null;
  const list = vendorRecordId ? cell('list') || options.list || null : null;
  const dateText = cell('date');
  const respondedAt = parseResponseDate(dateText);
  const line: ResponseLine = {
    sourceRow: row.sourceRow,
    email: email?.email || null,
    emailKey: email?.key ?? null,
    phone: phone ?? null,
    vendor, list, vendorRecordId,
    respondedAt: respondedAt?.toISOString() ?? null,
    kind: (cell('kind') || options.kind || 'response').toLowerCase(),
    campaign: cell('campaign') || options.campaign || null,
    status: 'unmatched', entityType: null, entityId: null, matchedBy: null, reason: '',
  };
  const problems: string[] = [];
  if (!dateText) problems.push(`no ${columns.date} value`);
  else if (!respondedAt) problems.push(`${columns.date} "${dateText}" is not a date (use YYYY-MM-DD or M/D/YYYY)`);
  if (!line.emailKey && !line.phone && !(vendorRecordId && vendor && list)) {
    const given = [emailText && `email "${emailText}" is not an address`, phoneText && `phone "${phoneText}" is not a phone number`,
      vendorRecordId && !list && 'a vendor record id without a list (pass --pipeline or --list)'].filter(Boolean);
    problems.push(given.length ? given.join('; ') : 'no email, phone or vendor record id');
  }
  if (problems.length) {
    line.status = 'rejected';
    line.reason = problems.join('; ');
  }
  return line;
}

/** YYYY-MM-DD[ Thh:mm[:ss]][Z|±hh:mm], M/D/YYYY [h:mm] (D/M/YYYY when the first part is over 12). Dates without a zone are UTC. */
export function parseResponseDate(text: string): Date | undefined {
  const value = text.trim();
  if (!value) return undefined;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(value);
  if (iso) {
    const [, y, m, d, hh = '0', mm = '0', ss = '0', zone] = iso;
    const utc = Date.UTC(+y, +m - 1, +d, +hh, +mm, +ss);
    if (!validParts(+y, +m, +d, utc)) return undefined;
    if (!zone || zone.toUpperCase() === 'Z') return new Date(utc);
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    return new Date(utc - sign * (+digits.slice(0, 2) * 60 + +digits.slice(2)) * 60_000);
  }
  const us = /^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?$/i.exec(value);
  if (us) {
    let [a, b] = [+us[1], +us[2]];
    if (a > 12 && b <= 12) [a, b] = [b, a];
    const year = us[3].length === 2 ? 2000 + +us[3] : +us[3];
    let hour = +(us[4] ?? 0);
    if (us[7]?.toLowerCase() === 'pm' && hour < 12) hour += 12;
    if (us[7]?.toLowerCase() === 'am' && hour === 12) hour = 0;
    const utc = Date.UTC(year, a - 1, b, hour, +(us[5] ?? 0), +(us[6] ?? 0));
    return validParts(year, a, b, utc) ? new Date(utc) : undefined;
  }
  return undefined;
}

function validParts(year: number, month: number, day: number, utc: number): boolean {
  const date = new Date(utc);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

interface Found { entity_type: 'contact' | 'lead'; entity_id: string; key: string }

/** Links lines to records in set-based lookups: vendor record ids, then email keys, then phones (contacts before leads). */
async function linkLines(db: Kysely<CrmDatabase>, lines: ResponseLine[]): Promise<void> {
  const open = lines.filter((l) => l.status !== 'rejected');
  const withVendor = open.filter((l) => l.vendorRecordId && l.vendor && l.list);
  const vendorKey = (l: ResponseLine) => `${l.vendor}\u001f${l.list}\u001f${l.vendorRecordId}`;
  const { rows: vendorRows } = await sql<Found>`
    select v.entity_type, v.entity_id, v.vendor || chr(31) || v.list || chr(31) || v.vendor_record_id as key
    from vendor_record_ids v
    join unnest(${withVendor.map((l) => l.vendor)}::text[], ${withVendor.map((l) => l.list)}::text[], ${withVendor.map((l) => l.vendorRecordId)}::text[])
      as w(vendor, list, vendor_record_id) using (vendor, list, vendor_record_id)
    where v.entity_type in ('contact', 'lead')`.execute(db);
  const emails = [...new Set(open.map((l) => l.emailKey).filter((k): k is string => Boolean(k)))];
  const { rows: emailRows } = await sql<Found>`
    select 'contact' as entity_type, id as entity_id, email_key as key from contacts where email_key = any(${emails}::text[])
    union all
    select 'lead', id, email_key from leads where email_key = any(${emails}::text[])`.execute(db);
  const phones = [...new Set(open.map((l) => l.phone).filter((p): p is string => Boolean(p)))];
  const { rows: phoneRows } = await sql<Found>`
    select 'contact' as entity_type, id as entity_id, phone_e164 as key from contacts where phone_e164 = any(${phones}::text[])
    union
    select 'contact', id, mobile_e164 from contacts where mobile_e164 = any(${phones}::text[])
    union
    select 'lead', id, phone_e164 from leads where phone_e164 = any(${phones}::text[])
    union
    select 'lead', id, mobile_e164 from leads where mobile_e164 = any(${phones}::text[])`.execute(db);
  const index = (rows: Found[]) => {
    const map = new Map<string, Found[]>();
    for (const row of rows) map.set(row.key, [...(map.get(row.key) ?? []), row]);
    return map;
  };
  const byVendor = index(vendorRows);
  const byEmail = index(emailRows);
  const byPhone = index(phoneRows);

  for (const line of open) {
    const notes: string[] = [];
    const levels: [ResponseLine['matchedBy'], Found[] | undefined, string][] = [
      ['vendor record id', line.vendorRecordId ? byVendor.get(vendorKey(line)) : undefined, `vendor record id ${line.vendor}/${line.list}/${line.vendorRecordId}`],
      ['email', line.emailKey ? byEmail.get(line.emailKey) : undefined, `email ${line.email}`],
      ['phone', line.phone ? byPhone.get(line.phone) : undefined, `phone ${line.phone}`],
    ];
    for (const [matchedBy, found, words] of levels) {
      if (!found?.length) continue;
      const contacts = found.filter((f) => f.entity_type === 'contact');
      const pick = contacts.length ? contacts : found;
      if (pick.length > 1) {
        notes.push(`${words} matches ${pick.length} ${pick[0].entity_type}s (${pick.slice(0, 5).map((p) => p.entity_id).join(', ')}): too ambiguous to link`);
        continue;
      }
      line.status = 'recorded';
      line.entityType = pick[0].entity_type;
      line.entityId = pick[0].entity_id;
      line.matchedBy = matchedBy;
      line.reason = `${words} is ${label(pick[0].entity_type)} ${pick[0].entity_id}`;
      break;
    }
    if (line.status === 'unmatched') {
      const tried = [line.vendorRecordId && 'vendor record id', line.emailKey && 'email', line.phone && 'phone'].filter(Boolean).join(', ');
      line.reason = [...notes, `no Contact or Lead found by ${tried}; recorded without a link`].join('; ');
    }
  }
}

/** What makes two response lines the same response: who (record, else identifiers), kind, campaign, time. */
function identityOf(line: ResponseLine): string {
  const who = line.entityId ? `${line.entityType}:${line.entityId}` : `${line.email ?? ''}|${line.phone ?? ''}|${line.vendor ?? ''}/${line.list ?? ''}/${line.vendorRecordId ?? ''}`;
  return `${who}\u001f${line.kind}\u001f${line.campaign ?? ''}\u001f${line.respondedAt}`;
}

async function alreadyRecorded(db: Kysely<CrmDatabase>, lines: ResponseLine[]): Promise<Set<string>> {
  if (lines.length === 0) return new Set();
  const { rows } = await sql<{ entity_type: 'contact' | 'lead' | null; entity_id: string | null; email: string | null; phone: string | null; vendor: string | null; list: string | null; vendor_record_id: string | null; kind: string; campaign: string | null; responded_at: Date | string }>`
    select r.entity_type, r.entity_id, r.email, r.phone, r.vendor, r.list, r.vendor_record_id, r.kind, r.campaign, r.responded_at
    from campaign_responses r
    join (select distinct kind, responded_at::timestamptz as responded_at from unnest(${lines.map((l) => l.kind)}::text[], ${lines.map((l) => l.respondedAt)}::text[]) as w(kind, responded_at)) w
      on w.kind = r.kind and w.responded_at = r.responded_at`.execute(db);
  return new Set(rows.map((r) => identityOf({
    entityType: r.entity_type, entityId: r.entity_id, email: r.email, phone: r.phone, vendor: r.vendor, list: r.list,
    vendorRecordId: r.vendor_record_id, kind: r.kind, campaign: r.campaign, respondedAt: new Date(r.responded_at).toISOString(),
  } as ResponseLine)));
}

function label(entityType: string): string {
  return entityType.charAt(0).toUpperCase() + entityType.slice(1);
}

const lineColumns: ReportColumn<ResponseLine>[] = [
  { header: 'row', value: (l) => l.sourceRow },
  { header: 'status', value: (l) => l.status },
  { header: 'entity_type', value: (l) => l.entityType },
  { header: 'entity_id', value: (l) => l.entityId },
  { header: 'matched_by', value: (l) => l.matchedBy },
  { header: 'kind', value: (l) => l.kind },
  { header: 'campaign', value: (l) => l.campaign },
  { header: 'responded_at', value: (l) => l.respondedAt },
  { header: 'email', value: (l) => l.email },
  { header: 'phone', value: (l) => l.phone },
  { header: 'vendor_record_id', value: (l) => (l.vendorRecordId ? `${l.vendor ?? ''}/${l.list ?? ''}/${l.vendorRecordId}` : '') },
  { header: 'why', value: (l) => l.reason },
];

export function formatResponseImport(result: ResponseImportResult, listLimit = 20): string {
  const c = result.counts;
  const lines = [`${result.file}: ${countOf(result.lines.length, 'line')}: ${formatCount(c.recorded)} recorded, ${formatCount(c.already_recorded)} already recorded, ${formatCount(c.unmatched)} unmatched (recorded without a link), ${formatCount(c.rejected)} rejected`];
  const problems = result.lines.filter((l) => l.status === 'unmatched' || l.status === 'rejected');
  for (const line of problems.slice(0, listLimit)) lines.push(`  row ${line.sourceRow} ${line.status}: ${line.reason}`);
  if (problems.length > listLimit) lines.push(`  ... ${problems.length - listLimit} more in the report`);
  lines.push(`report: ${result.reportFile}`);
  return lines.join('\n');
}
