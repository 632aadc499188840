import { join, resolve } from 'node:path';
import { writeFileSync, mkdirSync } from 'node:fs';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { CrmConnection } from '../db/database.js';
import type { CrmDatabase } from '../db/schema.js';
import { UserError } from '../errors.js';
import { createProgress, type Progress } from '../progress.js';
import { suppressionHash } from '../route/suppression.js';
import { planPurge, type PurgeDecision, type VendorScope } from './purge-plan.js';
export type { VendorScope } from './purge-plan.js';
import { writeCsv, writeXlsx, type ReportColumn } from './table-files.js';
import { removePersons } from './remove-persons.js';
import type { RemovalMode } from './removal-modes.js';
import { countOf, formatCount } from '../plain-words.js';

export interface PurgeOptions extends VendorScope {
  /** false (default): a dry run that only writes the report */
  execute?: boolean;
  mode?: RemovalMode;
  /** default reports/purge-VENDOR[-LIST]-TIMESTAMP */
  reportDir?: string;
  progress?: Progress;
}

export interface PurgeResult {
  executed: boolean;
  mode: RemovalMode;
  vendor: string;
  list: string | null;
  records: number;
  purged: number;
  kept: number;
  /** vendor record ids removed from vendor_record_ids (on purged and kept records alike) */
  vendorIdsDetached: number;
  reportDir: string;
  files: string[];
  seconds: number;
}

/**
 * Purges a vendor list's non-responders. Dry run by default: classifies every record carrying
 * the list's vendor record ids and writes purge.csv / purge.xlsx (each record, purge or keep,
 * and why). With execute, in one transaction under the commit lock: deletes (or anonymizes) the
 * records to purge, detaches the vendor ids from the records kept, scrubs the purged records
 * from the change log and the list's staged rows, and writes purge_log (vendor, list, vendor
 * record id, sha256 of the email, time) so the purge can be proven later.
 */
export async function purgeVendorList(crm: CrmConnection, options: PurgeOptions): Promise<PurgeResult> {
  const startedAt = Date.now();
  const mode = options.mode ?? 'delete';
  const progress = options.progress ?? createProgress();
  const known = await crm.db.selectFrom('vendor_record_ids').select(sql<number>`count(*)::int`.as('n'))
    .where('vendor', '=', options.vendor).$if(Boolean(options.list), (q) => q.where('list', '=', options.list!)).executeTakeFirstOrThrow();
  const batches = await crm.db.selectFrom('import_batches').select(sql<number>`count(*)::int`.as('n'))
    .where('vendor', '=', options.vendor).$if(Boolean(options.list), (q) => q.where('list', '=', options.list!)).executeTakeFirstOrThrow();
  if (known.n === 0 && batches.n === 0) {
    throw new UserError(`no vendor record ids or batches for vendor "${options.vendor}"${options.list ? ` list "${options.list}"` : ''}; check --vendor and --list`);
  }

  const reportDir = resolve(options.reportDir ?? join('reports', `purge-${slug(options.vendor)}${options.list ? `-${slug(options.list)}` : ''}-${timestamp()}`));
  const run = async (db: Kysely<CrmDatabase>) => {
    progress.start(`purge ${options.vendor}${options.list ? `/${options.list}` : ''}: classifying`, known.n);
    const decisions = await planPurge({ db }, options);
    progress.update(known.n);
    progress.stop();
    let detached = 0;
    if (options.execute) detached = await applyPurge(db as Transaction<CrmDatabase>, options, decisions, mode, progress);
    return { decisions, detached };
  };
  const { decisions, detached } = options.execute
    ? await crm.withLock('commit', { wait: true }, () => crm.db.transaction().execute((trx) => run(trx)))
    : await run(crm.db);

  const result: PurgeResult = {
    executed: Boolean(options.execute), mode, vendor: options.vendor, list: options.list ?? null,
    records: decisions.length,
    purged: decisions.filter((d) => d.action === 'purge').length,
    kept: decisions.filter((d) => d.action === 'keep').length,
    vendorIdsDetached: detached,
    reportDir, files: [], seconds: 0,
  };
  result.files = await writePurgeReport(reportDir, decisions, result);
  result.seconds = (Date.now() - startedAt) / 1000;
  return result;
}

async function applyPurge(trx: Transaction<CrmDatabase>, scope: VendorScope, decisions: PurgeDecision[], mode: RemovalMode, progress: Progress): Promise<number> {
  progress.start(`purge ${scope.vendor}${scope.list ? `/${scope.list}` : ''}: ${mode === 'delete' ? 'deleting' : 'anonymizing'}`, decisions.length);
  const list = scope.list ?? null;
  const entityTypes = decisions.map((d) => d.entityType);
  const entityIds = decisions.map((d) => d.entityId);
  const actions = decisions.map((d) => (d.action === 'purge' ? mode : 'detach'));
  const emailHashes = decisions.map((d) => (d.email?.trim() ? suppressionHash('email', d.email) : null));
  await sql`
    insert into purge_log (vendor, list, vendor_record_id, entity_type, action, email_sha256)
    select v.vendor, v.list, v.vendor_record_id, v.entity_type, coalesce(d.action, 'detach'), d.email_sha256
    from vendor_record_ids v
    left join unnest(${entityTypes}::text[], ${entityIds}::text[], ${actions}::text[], ${emailHashes}::text[])
      as d(entity_type, entity_id, action, email_sha256) on d.entity_type = v.entity_type and d.entity_id = v.entity_id
    where v.vendor = ${scope.vendor} and (${list}::text is null or v.list = ${list}::text)`.execute(trx);
  const detached = await sql`delete from vendor_record_ids where vendor = ${scope.vendor} and (${list}::text is null or list = ${list}::text)`.execute(trx);

  const purged = decisions.filter((d) => d.action === 'purge');
  await removePersons(trx, purged.map((d) => ({ entityType: d.entityType, entityId: d.entityId })), mode, {
    scrubBatchRowsOf: { vendor: scope.vendor, list: scope.list, vendorRecordIds: purged.flatMap((d) => d.vendorRecords.map((v) => v.vendorRecordId)) },
    progress,
  });
  progress.stop();
  return Number(detached.numAffectedRows ?? 0);
}

const purgeColumns: ReportColumn<PurgeDecision>[] = [
  { header: 'action', value: (d) => d.action, width: 8 },
  { header: 'entity_type', value: (d) => d.entityType, width: 10 },
  { header: 'entity_id', value: (d) => d.entityId, width: 28 },
  { header: 'vendor_record_ids', value: (d) => d.vendorRecords.map((v) => `${v.vendor}/${v.list}/${v.vendorRecordId}`).join('; '), width: 30 },
  { header: 'name', value: (d) => d.name, width: 24 },
  { header: 'email', value: (d) => d.email, width: 30 },
  { header: 'company', value: (d) => d.company, width: 24 },
  { header: 'origin', value: (d) => d.origin },
  { header: 'created_batch', value: (d) => d.createdBatch, width: 28 },
  { header: 'why', value: (d) => d.reasons.join('; '), width: 90 },
];

async function writePurgeReport(reportDir: string, decisions: PurgeDecision[], result: PurgeResult): Promise<string[]> {
  mkdirSync(reportDir, { recursive: true });
  const ordered = [...decisions].sort((a, b) => (a.action === b.action ? 0 : a.action === 'purge' ? -1 : 1));
  const csv = join(reportDir, 'purge.csv');
  const xlsx = join(reportDir, 'purge.xlsx');
  const summary = join(reportDir, 'summary.json');
  writeCsv(csv, purgeColumns, ordered);
  await writeXlsx(xlsx, result.executed ? 'purged' : 'purge dry run', purgeColumns, ordered);
  const { files: _files, seconds: _seconds, reportDir: _dir, ...figures } = result;
  writeFileSync(summary, JSON.stringify({ ...figures, written_at: new Date().toISOString() }, null, 2) + '\n');
  return [csv, xlsx, summary];
}

/** What the purge log and the suppression list know about an email: proof that it was purged or erased. */
export interface PurgeProof {
  emailSha256: string;
  purges: { vendor: string; list: string; vendorRecordId: string; entityType: string; action: string; purgedAt: string }[];
  erasedAt: string | null;
  /** records still in the CRM with this email */
  stillPresent: { entityType: string; entityId: string }[];
}

export async function purgeProof(crm: CrmConnection, email: string): Promise<PurgeProof> {
  if (!email.includes('@')) throw new UserError(`--proof needs an email address (got "${email}")`);
  const emailSha256 = suppressionHash('email', email);
  const purges = await crm.db.selectFrom('purge_log').selectAll().where('email_sha256', '=', emailSha256).orderBy('purged_at').execute();
  const erased = await crm.db.selectFrom('suppressions').select('created_at').where('kind', '=', 'email_hash').where('value_hash', '=', emailSha256).executeTakeFirst();
  const lower = email.trim().toLowerCase();
  const { rows: present } = await sql<{ entity_type: string; entity_id: string }>`
    select 'contact' as entity_type, id as entity_id from contacts where lower(email) = ${lower} or lower(secondary_email) = ${lower}
    union all
    select 'lead', id from leads where lower(email) = ${lower} or lower(secondary_email) = ${lower}`.execute(crm.db);
  return {
    emailSha256,
    purges: purges.map((p) => ({ vendor: p.vendor, list: p.list, vendorRecordId: p.vendor_record_id, entityType: p.entity_type, action: p.action, purgedAt: new Date(p.purged_at).toISOString() })),
    erasedAt: erased ? new Date(erased.created_at).toISOString() : null,
    stillPresent: present.map((r) => ({ entityType: r.entity_type, entityId: r.entity_id })),
  };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'list';
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * The purge mode the vendor list's pipeline asks for (purge.mode of the pipeline that staged
 * its latest batch), or delete when no batch says.
 */
export async function pipelinePurgeMode(crm: CrmConnection, scope: VendorScope): Promise<RemovalMode> {
  const latest = await crm.db.selectFrom('import_batches').select('pipeline_config')
    .where('vendor', '=', scope.vendor).$if(Boolean(scope.list), (q) => q.where('list', '=', scope.list!))
    .orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  const mode = (latest?.pipeline_config as { purge?: { mode?: string } } | undefined)?.purge?.mode;
  return mode === 'anonymize' ? 'anonymize' : 'delete';
}

export function formatPurgeResult(result: PurgeResult): string {
  const scope = `${result.vendor}${result.list ? `/${result.list}` : ''}`;
  const lines = result.executed
    ? [`purge ${scope}: ${countOf(result.purged, 'record')} ${result.mode === 'delete' ? 'deleted' : 'anonymized'}, ${formatCount(result.kept)} kept, ${countOf(result.vendorIdsDetached, 'vendor record id')} detached (purge_log written)`]
    : [`purge ${scope} (dry run): ${countOf(result.purged, 'record')} would be ${result.mode === 'delete' ? 'deleted' : 'anonymized'}, ${formatCount(result.kept)} kept; nothing changed`,
      `run again with --execute to purge`];
  lines.push(`report: ${result.files.join(', ')}`);
  return lines.join('\n');
}

export function formatPurgeProof(email: string, proof: PurgeProof): string {
  const lines = [`${email.trim()} (sha256 ${proof.emailSha256})`];
  for (const p of proof.purges) lines.push(`  ${p.action === 'detach' ? 'vendor id detached' : p.action}: ${p.entityType} with ${p.vendor}/${p.list}/${p.vendorRecordId} at ${p.purgedAt}`);
  if (proof.erasedAt) lines.push(`  erased on request at ${proof.erasedAt}; only the hash is kept on the suppression list`);
  if (!proof.purges.length && !proof.erasedAt) lines.push('  no purge or erasure recorded for this address');
  lines.push(proof.stillPresent.length
    ? `  still in the CRM: ${proof.stillPresent.map((r) => `${r.entityType} ${r.entityId}`).join(', ')}`
    : '  no Contact or Lead with this address is in the CRM');
  return lines.join('\n');
}
