import { basename } from 'node:path';
import { sql, type Transaction } from 'kysely';
import type { CrmDatabase } from '../db/schema.js';
import type { CrmConnection } from '../db/database.js';
import { UserError } from '../errors.js';
import { normalizeEmail } from '../normalize/email.js';
import { normalizePhone } from '../normalize/phone.js';
import { createProgress, type Progress } from '../progress.js';
import { normalizeSuppressionValue, personSuppressionValue, sha256Hex, suppressionHash, type SuppressionKind } from '../route/suppression.js';
import { findColumns, readSmallTable } from './read-table.js';
import { removePersons } from './remove-persons.js';
import type { RemovalMode } from './removal-modes.js';
import { countOf, formatCount } from '../plain-words.js';

const suppressionColumns = {
  email: ['email address', 'e-mail', 'mail', 'emailaddress'],
  domain: ['email domain', 'website', 'web site', 'url'],
  phone: ['phone number', 'telephone', 'tel', 'mobile', 'phone_e164'],
  email_hash: ['sha256', 'email sha256', 'hashed email', 'email_sha256', 'hash'],
  reason: ['why', 'note', 'notes', 'comment', 'source reason'],
};

/** One suppression entry to add, with the row it came from. */
export interface SuppressionEntry { sourceRow: number; kind: SuppressionKind; value: string; valueHash: string; reason: string | null }

/** A row that added nothing, and why (rows are never dropped silently). */
export interface SkippedRow { sourceRow: number; reason: string }

export interface SuppressImportResult {
  file: string;
  rows: number;
  entries: number;
  added: number;
  alreadyPresent: number;
  skipped: SkippedRow[];
  hashOnly: boolean;
}

export interface SuppressImportOptions {
  /** keep only value_hash, never the address, domain or phone itself */
  hashOnly?: boolean;
  /** reason when the file has no reason column or the cell is empty */
  reason?: string;
  defaultCountry?: string;
  progress?: Progress;
}

/**
 * Reads a suppression list (columns: email, domain or phone, optional reason; email_hash for
 * vendors' hashed do-not-contact files) into entries keyed exactly as staging looks them up.
 * Pure apart from reading: returns the entries and the rows that give none.
 */
export function suppressionEntriesOf(rows: { sourceRow: number; cells: Record<string, string> }[], headers: string[], file: string, options: SuppressImportOptions = {}): { entries: SuppressionEntry[]; skipped: SkippedRow[] } {
  const longForm = findColumns(headers, { type: ['kind', 'suppression type'], value: ['suppressed value'] });
  if (longForm.type && longForm.value) rows = rows.map((row) => wideRow(row, longForm.type!, longForm.value!));
  const columns = longForm.type && longForm.value
    ? { email: 'email', domain: 'domain', phone: 'phone', email_hash: 'email_hash', reason: findColumns(headers, { reason: suppressionColumns.reason }).reason }
    : findColumns(headers, suppressionColumns);
  if (!columns.email && !columns.domain && !columns.phone && !columns.email_hash) {
    throw new UserError(`${file}: no email, domain, phone or email_hash column, nor type and value columns (headers: ${headers.join(', ')})`);
  }
  const entries: SuppressionEntry[] = [];
  const skipped: SkippedRow[] = [];
  for (const row of rows) {
    const reason = (columns.reason && row.cells[columns.reason]) || options.reason || null;
    const found: SuppressionEntry[] = [];
    const problems: string[] = [];
    const add = (kind: SuppressionKind, value: string) => found.push({ sourceRow: row.sourceRow, kind, value, valueHash: suppressionHash(kind, value), reason });

    const email = columns.email ? row.cells[columns.email] : '';
    if (email) {
      const normalized = normalizeEmail(email);
      if (!normalized?.domain) problems.push(`email "${email}" is not an address`);
      else {
        add('email', normalized.email);
        // the match key too (Gmail dots, +tags): a delivery spelling the address another way is still caught
        if (normalized.key && normalized.key !== normalized.email) add('email', normalized.key);
      }
    }
    const domain = columns.domain ? row.cells[columns.domain] : '';
    if (domain) {
      const host = domainOf(domain);
      if (!host) problems.push(`domain "${domain}" is not a domain`);
      else add('domain', host);
    }
    const phone = columns.phone ? row.cells[columns.phone] : '';
    if (phone) {
      const e164 = normalizePhone(phone, options.defaultCountry ?? 'US')?.e164;
      if (!e164) problems.push(`phone "${phone}" is not a phone number`);
      else add('phone', e164);
    }
    const hash = columns.email_hash ? row.cells[columns.email_hash] : '';
    if (hash) {
      if (!/^[0-9a-f]{64}$/i.test(hash)) problems.push(`email_hash "${hash}" is not a sha256 hex digest`);
      else add('email_hash', hash);
    }
    entries.push(...found);
    if (row.cells.__unknown_type !== undefined) problems.push(`type "${row.cells.__unknown_type}" is not email, domain, phone or email_hash`);
    if (found.length === 0) skipped.push({ sourceRow: row.sourceRow, reason: problems.join('; ') || 'no email, domain, phone or email_hash' });
    else if (problems.length) skipped.push({ sourceRow: row.sourceRow, reason: `partly used: ${problems.join('; ')}` });
  }
  return { entries, skipped };
}

/** A long-form row (type: email|domain|phone|email_hash, value) as the wide form: { email: value, reason }. */
function wideRow(row: { sourceRow: number; cells: Record<string, string> }, typeHeader: string, valueHeader: string): { sourceRow: number; cells: Record<string, string> } {
  const type = (row.cells[typeHeader] ?? '').trim().toLowerCase().replace(/[\s-]+/g, '_');
  const kind = type === 'e_mail' || type === 'email_address' ? 'email' : type === 'sha256' || type === 'hashed_email' ? 'email_hash' : type;
  const cells: Record<string, string> = { ...row.cells };
  if (['email', 'domain', 'phone', 'email_hash'].includes(kind)) cells[kind] = row.cells[valueHeader] ?? '';
  else cells.__unknown_type = type;
  return { sourceRow: row.sourceRow, cells };
}

function domainOf(text: string): string | undefined {
  let host = text.trim().toLowerCase();
  if (host.includes('@')) host = host.slice(host.lastIndexOf('@') + 1);
  host = host.replace(/^[a-z]+:\/\//, '').split(/[/?#:]/)[0];
  host = normalizeSuppressionValue('domain', host);
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : undefined;
}

const chunkSize = 10_000;

/** `listgate suppress import FILE`: adds a file's entries to the suppression list (existing entries stay as they are). */
export async function importSuppressions(crm: CrmConnection, file: string, options: SuppressImportOptions = {}): Promise<SuppressImportResult> {
  const table = await readSmallTable(file);
  const { entries, skipped } = suppressionEntriesOf(table.rows, table.headers, file, options);
  const progress = options.progress ?? createProgress();
  progress.start(`suppress ${basename(file)}`, entries.length);
  let added = 0;
  await crm.db.transaction().execute(async (trx) => {
    for (let start = 0; start < entries.length; start += chunkSize) {
      const chunk = entries.slice(start, start + chunkSize);
      const result = await sql`
        insert into suppressions (kind, value, value_hash, reason, source)
        select kind, value, value_hash, reason, ${basename(file)}
        from unnest(${chunk.map((e) => e.kind)}::text[], ${chunk.map((e) => (options.hashOnly || e.kind === 'email_hash' ? null : e.value))}::text[],
          ${chunk.map((e) => e.valueHash)}::text[], ${chunk.map((e) => e.reason)}::text[]) as s(kind, value, value_hash, reason)
        on conflict (kind, value_hash) do nothing`.execute(trx);
      added += Number(result.numAffectedRows ?? 0);
      progress.update(start + chunk.length);
    }
  });
  progress.stop();
  return { file, rows: table.rows.length, entries: entries.length, added, alreadyPresent: entries.length - added, skipped, hashOnly: Boolean(options.hashOnly) };
}

export interface EraseResult {
  emailSha256: string;
  records: { entityType: 'contact' | 'lead'; entityId: string }[];
  mode: RemovalMode;
  vendorIdsDetached: number;
  /** the erased person's other identifiers now suppressed by hash: phones, and name with company */
  otherIdentifiers: { phones: number; nameWithCompany: number };
  /** report folders of batches that staged the person: their files (rows.csv, report.html...) still hold the person */
  reportFolders: string[];
  /** the embedded database's tables rewritten so the removed bytes are gone from its files */
  compacted: boolean;
}

/**
 * The erased person's phones and name-with-company keys, from their records and staged rows,
 * as suppression hashes: a later delivery without the email (same name, company and phone) is
 * still suppressed. A phone someone else in the CRM also has (an Account's switchboard, a shared
 * line) is left out: suppressing it would silence them too.
 */
async function otherIdentifierHashes(trx: Transaction<CrmDatabase>, types: string[], ids: string[], emailKey: string): Promise<{ phones: string[]; persons: string[] }> {
  const { rows } = await sql<{ phone_e164: string | null; mobile_e164: string | null; first_name_key: string | null; last_name_key: string | null; company_key: string | null }>`
    with erased as (select * from unnest(${types}::text[], ${ids}::text[]) as r(entity_type, entity_id))
    select c.phone_e164, c.mobile_e164, c.first_name_key, c.last_name_key, a.name_key as company_key
    from contacts c join erased e on e.entity_type = 'contact' and e.entity_id = c.id left join accounts a on a.id = c.account_id
    union all
    select l.phone_e164, l.mobile_e164, l.first_name_key, l.last_name_key, l.company_key
    from leads l join erased e on e.entity_type = 'lead' and e.entity_id = l.id
    union all
    select br.phone_e164, br.mobile_e164, br.normalized->'person'->>'firstNameKey', br.normalized->'person'->>'lastNameKey', br.company_key
    from batch_rows br where br.email_key = ${emailKey}`.execute(trx);
  const phones = [...new Set(rows.flatMap((r) => [r.phone_e164, r.mobile_e164]).filter((p): p is string => !!p))];
  const { rows: shared } = await sql<{ phone: string }>`
    with erased as (select * from unnest(${types}::text[], ${ids}::text[]) as r(entity_type, entity_id))
    select distinct p.phone from unnest(${phones}::text[]) as p(phone)
    where exists (select 1 from accounts a where a.phone_e164 = p.phone)
       or exists (select 1 from contacts c where (c.phone_e164 = p.phone or c.mobile_e164 = p.phone)
                  and not exists (select 1 from erased e where e.entity_type = 'contact' and e.entity_id = c.id))
       or exists (select 1 from leads l where (l.phone_e164 = p.phone or l.mobile_e164 = p.phone)
                  and not exists (select 1 from erased e where e.entity_type = 'lead' and e.entity_id = l.id))`.execute(trx);
  const sharedPhones = new Set(shared.map((r) => r.phone));
  const persons = new Set<string>();
  for (const r of rows) {
    const value = personSuppressionValue(r.first_name_key, r.last_name_key, r.company_key);
    if (value) persons.add(suppressionHash('person', value));
  }
  return { phones: phones.filter((p) => !sharedPhones.has(p)).map((p) => suppressionHash('phone', p)), persons: [...persons] };
}

/** Tables whose rows held the person: rewritten on an embedded database so the deleted rows' bytes leave its files. */
const erasedTables = ['contacts', 'leads', 'batch_rows', 'batch_row_keys', 'change_log', 'campaign_responses', 'suppressions', 'vendor_record_ids', 'purge_log'];

/**
 * Erasure on request: deletes (or anonymizes) every Contact and Lead with the address, their
 * campaign responses, change-log copies and staged rows, detaches their vendor record ids
 * (purge_log keeps vendor, list, id and the email's hash), and keeps only the address's hash on
 * the suppression list (kind email_hash), so no later vendor delivery re-creates the person.
 */
export async function erasePerson(crm: CrmConnection, email: string, options: { mode?: RemovalMode; reason?: string } = {}): Promise<EraseResult> {
  const normalized = normalizeEmail(email);
  if (!normalized?.domain) throw new UserError(`--email "${email}" is not an email address`);
  const mode = options.mode ?? 'delete';
  const plain = normalized.email;
  const key = normalized.key ?? plain;
  const hashes = [...new Set([plain, key].map((e) => sha256Hex(normalizeSuppressionValue('email', e))))];
  const emailSha256 = hashes[0];
  const result = await crm.withLock('commit', { wait: true }, () => crm.db.transaction().execute(async (trx) => {
    const { rows: records } = await sql<{ entity_type: 'contact' | 'lead'; entity_id: string }>`
      select 'contact' as entity_type, id as entity_id from contacts
        where email_key = ${key} or lower(email) = ${plain} or lower(secondary_email) = ${plain}
      union
      select 'lead', id from leads
        where email_key = ${key} or lower(email) = ${plain} or lower(secondary_email) = ${plain}`.execute(trx);
    const types = records.map((r) => r.entity_type);
    const ids = records.map((r) => r.entity_id);
    const other = await otherIdentifierHashes(trx, types, ids, key);
    const { rows: reports } = await sql<{ report_dir: string }>`
      select distinct b.report_dir from import_batches b
      where b.report_dir is not null and exists (
        select 1 from batch_rows br left join unnest(${types}::text[], ${ids}::text[]) as r(entity_type, entity_id)
          on (r.entity_type = 'contact' and br.contact_id = r.entity_id) or (r.entity_type = 'lead' and br.lead_id = r.entity_id)
        where br.batch_id = b.id and (r.entity_id is not null or br.email_key = ${key}))
      order by b.report_dir`.execute(trx);
    await sql`
      insert into purge_log (vendor, list, vendor_record_id, entity_type, action, email_sha256)
      select v.vendor, v.list, v.vendor_record_id, v.entity_type, 'erase', ${emailSha256}
      from vendor_record_ids v join unnest(${types}::text[], ${ids}::text[]) as r(entity_type, entity_id)
        on r.entity_type = v.entity_type and r.entity_id = v.entity_id`.execute(trx);
    const detached = await sql`
      delete from vendor_record_ids v using unnest(${types}::text[], ${ids}::text[]) as r(entity_type, entity_id)
      where r.entity_type = v.entity_type and r.entity_id = v.entity_id`.execute(trx);
    await removePersons(trx, records.map((r) => ({ entityType: r.entity_type, entityId: r.entity_id })), mode, {
      deleteResponses: true, scrubBatchRowsByEmailKey: [key], reason: 'erase',
    });
    await sql`delete from campaign_responses where lower(email) = any(${[plain, key]}::text[])`.execute(trx);
    // plain-text entries for the address become hash-only; the hash entries below keep it suppressed
    await sql`update suppressions set value = null where kind = 'email' and value_hash = any(${hashes}::text[])`.execute(trx);
    await sql`
      insert into suppressions (kind, value, value_hash, reason, source)
      select 'email_hash', null, h, ${options.reason ?? 'erased on request'}, 'listgate suppress erase'
      from unnest(${hashes}::text[]) as h
      on conflict (kind, value_hash) do nothing`.execute(trx);
    await sql`
      insert into suppressions (kind, value, value_hash, reason, source)
      select kind, null, h, ${options.reason ?? 'erased on request'}, 'listgate suppress erase'
      from unnest(${[...other.phones.map(() => 'phone'), ...other.persons.map(() => 'person')]}::text[], ${[...other.phones, ...other.persons]}::text[]) as s(kind, h)
      on conflict (kind, value_hash) do nothing`.execute(trx);
    return {
      otherIdentifiers: { phones: other.phones.length, nameWithCompany: other.persons.length },
      reportFolders: reports.map((r) => r.report_dir), compacted: false,
      emailSha256, mode,
      records: records.map((r) => ({ entityType: r.entity_type, entityId: r.entity_id })),
      vendorIdsDetached: Number(detached.numAffectedRows ?? 0),
    };
  }));
  if (crm.kind === 'pglite') {
    // Deleted rows stay in the table files until the space is reused: the address's bytes would
    // remain on disk. VACUUM FULL rewrites each table, and the checkpoint moves past the WAL that held them.
    for (const table of erasedTables) {
      await sql`vacuum full ${sql.table(table)}`.execute(crm.db);
      // the planner's statistics keep a column's most common values: taken again without the person
      await sql`analyze ${sql.table(table)}`.execute(crm.db);
    }
    await sql`vacuum full pg_statistic`.execute(crm.db);
    // the write-ahead log holds the rows as they were written: move to a new segment, and have the
    // checkpoint delete the old ones instead of recycling them with their bytes
    await sql`set wal_recycle = off`.execute(crm.db);
    for (let i = 0; i < 2; i++) {
      await sql`select pg_switch_wal()`.execute(crm.db);
      await sql`checkpoint`.execute(crm.db);
    }
    await sql`reset wal_recycle`.execute(crm.db);
    result.compacted = true;
  }
  return result;
}

export function formatSuppressImport(result: SuppressImportResult): string {
  const lines = [`${result.file}: ${countOf(result.rows, 'row')}, ${countOf(result.entries, 'suppression entry')}: ${formatCount(result.added)} added, ${formatCount(result.alreadyPresent)} already listed${result.hashOnly ? ' (hashes only)' : ''}`];
  for (const s of result.skipped) lines.push(`  row ${s.sourceRow}: ${s.reason}`);
  return lines.join('\n');
}

export function formatErase(email: string, result: EraseResult): string {
  const records = result.records.length ? result.records.map((r) => `${r.entityType} ${r.entityId}`).join(', ') : 'no record had this address';
  return [
    `erased ${email.trim()}: ${result.records.length ? `${result.mode === 'delete' ? 'deleted' : 'anonymized'} ${records}` : records}; ${countOf(result.vendorIdsDetached, 'vendor record id')} detached`,
    `suppressed by hash only (sha256 ${result.emailSha256}), with ${countOf(result.otherIdentifiers.phones, 'phone number')} and ${countOf(result.otherIdentifiers.nameWithCompany, 'name-with-company key')}: no later delivery will re-create this person`,
    ...(result.compacted ? ['the embedded database\'s tables were rewritten: the removed data is gone from its files'] : []),
    ...(result.reportFolders.length
      ? [`these report folders still hold the person; delete them (or the person's lines in their rows.csv, rows.jsonl, report.html, report.xlsx): ${result.reportFolders.join(', ')}`]
      : []),
  ].join('\n');
}
