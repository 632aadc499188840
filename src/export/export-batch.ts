import { mkdirSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CrmConnection } from '../db/database.js';
import { UserError } from '../errors.js';
import { readBatchChanges, readRemovals, undoOf, type BatchChanges } from './batch-changes.js';
import type { CrmChangeSet, CrmConnector, FieldNotWritten, NotCarried, WrittenFile } from './crm-connector.js';
import { loadImportFiles } from './import-file-layout.js';
import { ImportFileConnector } from './import-file-writer.js';
import { countOf } from '../plain-words.js';

export interface ExportOptions {
  /** crms/NAME.json or a path */
  crm: string;
  /** default exports/BATCH-CRM */
  out?: string;
  /** the CRM id of the campaign the responses go to (Salesforce CampaignId, ...) */
  campaignId?: string;
  /** the folder of crms/*.json (tests) */
  crmsDir?: string;
}

/** DIR/manifest.json: what each file is, in the order to import them. */
export interface ExportManifest {
  crm: string;
  batch_id: string | null;
  batch_status: string | null;
  written_at: string;
  files: WrittenFile[];
  /** changes the files cannot carry (records the CRM has no id for yet, campaign responses to undo by hand) */
  not_carried: NotCarried[];
  /** listgate fields the layout does not write (skip in import_files), with the number of values and why */
  fields_not_written: FieldNotWritten[];
  warnings: string[];
}

export interface ExportResult { dir: string; manifest: ExportManifest }

/** The connector for a CRM: import files from its layout (an API connector would be chosen here too). */
export function connectorFor(crm: string, crmsDir?: string): CrmConnector {
  return new ImportFileConnector(loadImportFiles(crm, crmsDir));
}

/**
 * `listgate export BATCH --crm NAME`: what a committed batch did, as the CRM's import files
 * (top level), the files that carry its undo (undo/), and the purges and erasures of records it
 * created or changed (removals/). An undone batch gets its undo files only. DIR/manifest.json
 * lists every file with its CRM object, operation, rows and external id column.
 */
export async function exportBatch(crm: CrmConnection, batchId: string, options: ExportOptions): Promise<ExportResult> {
  const connector = connectorFor(options.crm, options.crmsDir);
  const changes = await readBatchChanges(crm, batchId);
  const dir = prepareDir(options.out ?? join('exports', `${batchId}-${connector.crm}`));
  const sets: { changes: CrmChangeSet; folder: string }[] = [];
  if (changes.status === 'committed') sets.push({ changes: applySet(changes), folder: '' });
  const undo = undoOf(changes);
  sets.push({ changes: { ...emptySet('undo', changes), deleted: undo.deleted, updated: undo.restored }, folder: 'undo' });
  const removals = await readRemovals(crm, { batchId });
  if (removals.length) sets.push({ changes: { ...emptySet('removal', changes), deleted: removals }, folder: 'removals' });
  // the CRM keeps a response as a record of its own whose id listgate never learns
  const undoNotes: NotCarried[] = undo.campaignResponses.map((r) => ({
    entity: 'campaign_response', id: r.id,
    why: `undo: its campaign response (${r.campaign ?? 'no campaign'}) is not in the undo files; remove it in the CRM by hand`,
  }));
  return writeSets(dir, connector, sets, { batch_id: batchId, batch_status: changes.status }, options, undoNotes);
}

/** `listgate export --removals`: every purge and erasure (since a time) as the CRM's delete and update files. */
export async function exportRemovals(crm: CrmConnection, options: ExportOptions & { since?: Date }): Promise<ExportResult> {
  const connector = connectorFor(options.crm, options.crmsDir);
  const removals = await readRemovals(crm, { since: options.since });
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const dir = prepareDir(options.out ?? join('exports', `removals-${stamp}-${connector.crm}`));
  const set: CrmChangeSet = { purpose: 'removal', batchId: null, created: [], updated: [], deleted: removals, campaignResponses: [], contactRoles: [], closeDate: '' };
  return writeSets(dir, connector, [{ changes: set, folder: 'removals' }], { batch_id: null, batch_status: null }, options, []);
}

function applySet(changes: BatchChanges): CrmChangeSet {
  return {
    purpose: 'apply', batchId: changes.batchId, created: changes.created, updated: changes.updated, deleted: [],
    campaignResponses: changes.campaignResponses, contactRoles: changes.contactRoles, closeDate: changes.closeDate,
  };
}

function emptySet(purpose: CrmChangeSet['purpose'], changes: BatchChanges): CrmChangeSet {
  return { purpose, batchId: changes.batchId, created: [], updated: [], deleted: [], campaignResponses: [], contactRoles: [], closeDate: changes.closeDate };
}

async function writeSets(
  dir: string, connector: CrmConnector, sets: { changes: CrmChangeSet; folder: string }[],
  batch: { batch_id: string | null; batch_status: string | null }, options: ExportOptions, notes: NotCarried[],
): Promise<ExportResult> {
  const manifest: ExportManifest = { crm: connector.crm, ...batch, written_at: new Date().toISOString(), files: [], not_carried: [...notes], fields_not_written: [], warnings: [] };
  for (const set of sets) {
    const result = await connector.writeChanges(set.changes, { dir, folder: set.folder, campaignId: options.campaignId });
    manifest.files.push(...result.files);
    const purpose = set.folder ? `${set.folder}: ` : '';
    manifest.not_carried.push(...result.notCarried.map((n) => (n.why.startsWith(purpose) ? n : { ...n, why: `${purpose}${n.why}` })));
    manifest.warnings.push(...result.warnings);
    for (const field of result.fieldsNotWritten) {
      const known = manifest.fields_not_written.find((f) => f.entity === field.entity && f.field === field.field);
      if (known) known.values += field.values;
      else manifest.fields_not_written.push({ ...field });
    }
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return { dir, manifest };
}

/** The export directory, emptied of an earlier export's files (a stale file would be imported again). */
function prepareDir(out: string): string {
  const dir = resolve(out);
  if (existsSync(dir)) {
    const entries = readdirSync(dir);
    const ours = entries.every((e) => e === 'manifest.json' || e === 'undo' || e === 'removals' || e.endsWith('.csv'));
    if (!ours) throw new UserError(`${dir} holds files that are not an earlier export's; choose an empty folder with --out`);
    for (const entry of entries) rmSync(join(dir, entry), { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The manifest in a few lines for the terminal. */
export function formatExport(result: ExportResult): string {
  const m = result.manifest;
  const lines = [`${m.batch_id ? `batch ${m.batch_id}` : 'removals'} exported for ${m.crm} to ${result.dir} (manifest.json lists the files in import order)`];
  for (const f of m.files) lines.push(`  ${f.file}: ${f.object} ${f.operation}, ${countOf(f.rows, 'row')}${f.external_id ? `, external id ${f.external_id}` : ''}`);
  if (!m.files.length) lines.push('  no changes to carry');
  // grouped by reason: a batch's hundred new records share one
  const byWhy = new Map<string, NotCarried[]>();
  for (const n of m.not_carried) {
    const why = n.why.replace(n.id, '').trim();
    byWhy.set(`${n.entity}: ${why}`, [...(byWhy.get(`${n.entity}: ${why}`) ?? []), n]);
  }
  for (const [why, items] of byWhy) {
    lines.push(`  not carried, ${items.length} ${why} (${items.slice(0, 3).map((i) => i.id).join(', ')}${items.length > 3 ? ', ...' : ''})`);
  }
  for (const f of m.fields_not_written) lines.push(`  not written: ${f.entity} ${f.field} (${countOf(f.values, 'value')}): ${f.why}`);
  for (const w of m.warnings.slice(0, 10)) lines.push(`  warning: ${w}`);
  return lines.join('\n');
}
