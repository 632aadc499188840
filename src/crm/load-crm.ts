import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { sql, type Transaction } from 'kysely';
import type { CrmDatabase } from '../db/schema.js';
import type { CrmConnection } from '../db/database.js';
import { copyField, type CopyInto } from '../db/copy-rows.js';
import type { Progress } from '../progress.js';
import { crmFileSpecs, knownColumns, parseFlag, tableColumnOf, type CrmFileKind, type CrmFileSpec } from './crm-files.js';
import { readExportRows, type CrmRecord } from './export-rows.js';
import { upsertById, unknownIds, type ColumnDef } from './bulk-upsert.js';
import { readRow, type EntityPlan } from './layout-plan.js';
import { planSnapshot, type CrmSnapshotFiles, type SnapshotPlan, type SnapshotPlanOptions } from './snapshot-plan.js';
import { resolveNames } from './name-lookups.js';
import { tieBack, type TieBackResult } from './tie-back.js';
import { parallelDatabaseWork, WriteBehind } from '../overlap.js';
import { timeStep, timeStepSync } from '../step-timings.js';
import { computeKeys, KeyComputer, keyColumnsOf, keyInputsOf, type KeyRequest, type KeyText, type KeyValues } from './key-columns.js';

export type { CrmSnapshotFiles } from './snapshot-plan.js';

export interface LoadWarning {
  file: string;
  row: number;
  message: string;
}

export interface FileLoadResult {
  kind: CrmFileKind;
  path: string;
  /** data rows read (header excluded) */
  rows: number;
  inserted: number;
  /** records already there (by CRM id), brought up to date */
  updated: number;
  /** of the updated, records whose values changed */
  changed: number;
  /** rows not loaded (no id); each has a warning */
  skipped: number;
  warnings: number;
  seconds: number;
  /** rows of the file left to another entity (HubSpot contacts that are Leads, and the reverse) */
  leftToOther: number;
  /** headers the layout knows for another entity, kept in extra */
  unplaced: string[];
  /** headers the layout does not know, kept in extra */
  extraColumns: string[];
  /** file-level remarks: missing name columns, which rows were read as Leads, no external id column */
  notes: string[];
}

export interface CrmLoadResult {
  /** the layout the files were read in, and whether it was recognized from their headers */
  layout: { name: string; label: string; recognized: boolean };
  files: FileLoadResult[];
  /** listgate ids replaced by the CRM's, records not in the CRM yet, committed updates it lacks */
  tieBack: TieBackResult;
  /** the first maxWarnings warnings, in file and row order */
  warnings: LoadWarning[];
  warningCount: number;
  seconds: number;
}

export interface CrmLoadOptions extends SnapshotPlanOptions {
  /** country of phone numbers written without one (ISO 3166-1 alpha-2); default US */
  defaultCountry?: string;
  /** rows per upsert statement; default 10,000 */
  chunkSize?: number;
  progress?: Progress;
  /** warnings kept in the result (all are counted); default 1,000 */
  maxWarnings?: number;
  /**
   * compute the match keys in a worker thread; default: for a file of more than 2 MB (a smaller one
   * loads before the worker has started) unless LISTGATE_SERIAL=1
   */
  keyWorker?: boolean;
}

/** Files at least this large have their keys computed in a worker (when options.keyWorker is not given). */
const keyWorkerBytes = 2 * 2 ** 20;

/**
 * Loads a CRM export snapshot (accounts, contacts, leads, opportunities) into the CRM tables,
 * upserting by the CRM's ids: a re-load updates in place and adds nothing. The files are read in
 * the CRM's layout (crms/NAME.json: options.crm, or recognized from the headers). Streams each
 * file in chunks; every file loads in its own transaction, in reference order. Headers of all
 * files are checked before anything is written. Records listgate created are then tied to the
 * CRM's ids through the external id column (tie-back.ts).
 */
export async function loadCrmSnapshot(crm: CrmConnection, files: CrmSnapshotFiles | SnapshotPlan, options: CrmLoadOptions = {}): Promise<CrmLoadResult> {
  const started = Date.now();
  const snapshot = 'layout' in files ? files as SnapshotPlan : await planSnapshot(files as CrmSnapshotFiles, options);

  const warnings = new WarningLog(options.maxWarnings ?? 1000);
  const results: FileLoadResult[] = [];
  const externalIds = new Map<CrmFileKind, Map<string, string>>();
  let tied: TieBackResult | undefined;
  const useWorker = options.keyWorker ?? (parallelDatabaseWork() && snapshot.files.some((f) => fileSize(f.path) >= keyWorkerBytes));
  const keys = new KeyComputer(useWorker);
  try {
    await crm.withLock('crm load', { wait: false }, async () => {
      for (const { kind, path, plan } of snapshot.files) {
        const pairs = externalIds.get(kind) ?? new Map<string, string>();
        externalIds.set(kind, pairs);
        results.push(await loadFile(crm, path, crmFileSpecs[kind], plan, pairs, warnings, keys, options));
      }
      tied = await tieBack(crm, snapshot, externalIds, options.defaultCountry ?? 'US');
    });
  } finally {
    await keys.close();
  }
  const order = (w: LoadWarning) => snapshot.files.findIndex((f) => basename(f.path) === w.file);
  warnings.kept.sort((a, b) => order(a) - order(b) || a.row - b.row);
  return {
    layout: { name: snapshot.layout.name, label: snapshot.layout.label, recognized: snapshot.recognized },
    files: results, tieBack: tied!, warnings: warnings.kept, warningCount: warnings.count, seconds: (Date.now() - started) / 1000,
  };
}

/**
 * Checks that every named file is readable, fits the CRM layout and has its id and required
 * columns, reading only header rows, so a bad file fails before anything is written (or a
 * database is opened). Returns the plan loadCrmSnapshot takes.
 */
export async function checkCrmFiles(files: CrmSnapshotFiles, options: SnapshotPlanOptions = {}): Promise<SnapshotPlan> {
  return planSnapshot(files, options);
}

class WarningLog {
  readonly kept: LoadWarning[] = [];
  count = 0;
  constructor(private readonly max: number) {}
  add(warning: LoadWarning): void {
    this.count++;
    if (this.kept.length < this.max) this.kept.push(warning);
  }
}

function fileSize(path: string): number {
  return statSync(path, { throwIfNoEntry: false })?.size ?? 0;
}

/**
 * A chunk ready to write: its rows' values column by column (in columnDefs order), as the upsert
 * takes them, and each row's number in the file for warnings. Built by index, not as an object
 * per row read back by column name: those keyed reads cost the 1,000,000-contact load about 6 s.
 * The key columns are left empty: `keys` (computed elsewhere meanwhile) brings them, as COPY text
 * for a COPY, else as columns.
 */
interface PreparedChunk {
  rows: number[];
  values: unknown[][];
  /** parents named instead of given by id, by the row's place in the chunk */
  lookups: { at: number; header: string; column: string; entity: 'account' | 'contact'; name: string }[];
  request?: KeyRequest;
  keys?: Promise<KeyValues | KeyText>;
}

function isSystemColumn(plan: EntityPlan, header: string): boolean {
  const h = header.trim().toLowerCase();
  return plan.spec.system_columns.some((c) => c.toLowerCase() === h) || Object.keys(plan.spec.fields).some((c) => c.toLowerCase() === h);
}

async function loadFile(
  crm: CrmConnection, path: string, spec: CrmFileSpec, plan: EntityPlan, externalIds: Map<string, string>, warnings: WarningLog, keys: KeyComputer,
  options: CrmLoadOptions,
): Promise<FileLoadResult> {
  const started = Date.now();
  const file = basename(path);
  const defaultCountry = options.defaultCountry ?? 'US';
  const columns = columnDefs(spec);
  const own = new Set(plan.unplaced);
  const result: FileLoadResult = {
    kind: spec.kind, path, rows: 0, inserted: 0, updated: 0, changed: 0, skipped: 0, warnings: 0, seconds: 0, leftToOther: 0,
    unplaced: plan.unplaced, extraColumns: plan.extra.map((e) => e.header).filter((h) => !own.has(h) && !isSystemColumn(plan, h)), notes: [],
  };
  if (plan.missingNames) result.notes.push(plan.missingNames);
  if (plan.rowFilter) {
    result.notes.push(plan.rowFilter.keep === 'lead' ? `read as Leads: the contacts with ${plan.rowFilter.describe}` : `the contacts with ${plan.rowFilter.describe} are read as Leads, not Contacts`);
  }
  if (plan.layout.name !== 'listgate' && !plan.externalId) {
    result.notes.push(`no ${plan.spec.external_id} column: records listgate created cannot be tied to their ${plan.layout.label.split(' (')[0]} ids; add it to the export`);
  }
  const warn = (row: number, message: string) => { warnings.add({ file, row, message }); result.warnings++; };
  const progress = options.progress;
  // the file's bytes read give the progress a total (its rows are not known until the end)
  // (a missing file is reported by the reader, with its name)
  const bytes = { total: statSync(path, { throwIfNoEntry: false })?.size ?? 0, read: 0 };
  if (bytes.total) progress?.start(`loading ${file}`, bytes.total, { unit: 'bytes' });
  else progress?.start(`loading ${file}`);

  await crm.session((session) => session.db.transaction().execute(async (trx) => {
    const rebuildIndexes = await dropIndexesOfEmptyTable(trx, spec.table);
    // An empty table takes the rows by COPY; one with rows (a re-load) is upserted by id.
    const copy = rebuildIndexes ? session.copyInto : undefined;
    // The database writes this chunk while the next one is parsed and its keys computed.
    const writes = new WriteBehind();
    for await (const rows of readExportRows(path, options.chunkSize ?? 10_000, bytes)) {
      const chunk: CrmRecord[] = [];
      for (const row of rows) {
        const record = readRow(plan, row);
        if (record) chunk.push(record);
        else result.leftToOther++;
      }
      result.rows += chunk.length;
      const prepared = timeStepSync(`load: prepare ${spec.table}`, () => prepareChunk(chunk, spec, defaultCountry, warn, result, externalIds, keys, !!copy));
      const rowsRead = result.rows;
      await writes.add(async () => {
        await timeStep(`load: write ${spec.table}`, () => writeChunk(trx, copy, spec, columns, prepared, warn, result));
        if (bytes.total) progress?.update(bytes.read, rowsRead);
        else progress?.update(rowsRead);
      });
    }
    await writes.drain();
    progress?.stop();
    // a phase of its own: on a million rows it takes seconds, and the bar would sit at 100%
    progress?.start(`indexing and analyzing ${spec.table}`);
    if (rebuildIndexes) await timeStep(`load: indexes ${spec.table}`, rebuildIndexes);
  }));
  // Fresh statistics for the matching that follows: planned on an empty table's, the first stage
  // after a load ran for minutes (10,000 rows against 100,000 contacts: 224 s instead of 3 s).
  // Vacuumed too, so blocking's index-only probes skip the table pages at once rather than after
  // the server's autovacuum gets to the table (which otherwise runs during the first stage).
  await timeStep(`load: vacuum ${spec.table}`, () => sql`vacuum (analyze) ${sql.table(spec.table)}`.execute(crm.db));

  result.seconds = (Date.now() - started) / 1000;
  progress?.stop();
  return result;
}

function columnDefs(spec: CrmFileSpec): ColumnDef[] {
  const defs: ColumnDef[] = knownColumns(spec).map((column) => ({
    name: tableColumnOf(spec, column),
    type: column === 'do_not_contact' ? 'boolean' : 'text',
  }));
  for (const key of keyColumnsOf[spec.kind]) defs.push({ name: key, type: 'text' });
  defs.push({ name: 'extra', type: 'jsonb' });
  return defs;
}

/**
 * A first load into an empty table: its match-key indexes are dropped inside the load's
 * transaction and built again at the end (one sorted build each instead of a million scattered
 * inserts; the 1,000,000-contact load spent most of PostgreSQL's time there). The primary key
 * stays: it finds an id repeated in a later chunk. Returns the rebuild, or undefined when the
 * table has rows.
 */
async function dropIndexesOfEmptyTable(trx: Transaction<CrmDatabase>, table: string): Promise<(() => Promise<void>) | undefined> {
  const { rows: any } = await sql<{ one: number }>`select 1 as one from ${sql.table(table)} limit 1`.execute(trx);
  if (any.length) return undefined;
  const { rows: indexes } = await sql<{ name: string; definition: string }>`
    select indexname as name, indexdef as definition from pg_indexes
    where schemaname = current_schema() and tablename = ${table}
      and indexname not in (select conname from pg_constraint where conrelid = ${table}::regclass)`.execute(trx);
  for (const index of indexes) await sql`drop index ${sql.ref(index.name)}`.execute(trx);
  return async () => {
    for (const index of indexes) await sql.raw(index.definition).execute(trx);
  };
}

/** Pure part of a chunk: ids checked, duplicates resolved, flags parsed; the match keys sent to `keys`. */
function prepareChunk(
  chunk: CrmRecord[], spec: CrmFileSpec, defaultCountry: string, warn: (row: number, message: string) => void, result: FileLoadResult,
  externalIds: Map<string, string>, keys: KeyComputer, copyText: boolean,
): PreparedChunk {
  const fileColumns = knownColumns(spec);
  const tableColumns = fileColumns.map((column) => tableColumnOf(spec, column));
  const keyColumns = keyColumnsOf[spec.kind];
  const doNotContactAt = fileColumns.indexOf('do_not_contact');
  const width = fileColumns.length + keyColumns.length + 1;
  const byId = new Map<string, number>();
  const rows: number[] = [];
  const values: unknown[][] = Array.from({ length: width }, () => []);
  const lookups: PreparedChunk['lookups'] = [];
  for (const record of chunk) {
    for (const note of record.notes ?? []) warn(record.row, note);
    const id = record.values[spec.idColumn];
    if (!id) {
      warn(record.row, `no ${spec.idColumn}; row not loaded`);
      result.skipped++;
      continue;
    }
    const earlier = byId.get(id);
    if (earlier !== undefined) {
      warn(record.row, `${spec.idColumn} ${id} appears again (first at row ${rows[earlier]}); the later row wins`);
      result.skipped++;
    } else {
      byId.set(id, rows.length);
    }
    // the row's place in the chunk: a repeated id takes the earlier row's
    const at = earlier ?? rows.length;
    rows[at] = record.row;
    for (let i = 0; i < fileColumns.length; i++) {
      const value = record.values[fileColumns[i]];
      values[i][at] = value === undefined || value === '' ? null : value;
    }
    if (doNotContactAt >= 0) values[doNotContactAt][at] = doNotContact(record, warn);
    values[width - 1][at] = Object.keys(record.extra).length ? JSON.stringify(record.extra) : null;
    for (const lookup of record.lookups ?? []) lookups.push({ at, ...lookup });
    if (record.externalId && record.externalId !== id) externalIds.set(record.externalId, id);
  }
  // the keys read the row's values as they are before unknown references are cleared (as they always did)
  const inputs: Record<string, (string | null)[]> = {};
  for (const column of keyInputsOf[spec.kind]) {
    const at = tableColumns.indexOf(column);
    if (at >= 0) inputs[column] = values[at] as (string | null)[];
  }
  if (!keyColumns.length) return { rows, values, lookups };
  const request: KeyRequest = { kind: spec.kind, defaultCountry, rows: rows.length, inputs, copyText };
  const pending = keys.compute(request);
  pending.catch(() => {}); // awaited when the chunk is written
  return { rows, values, lookups, request, keys: pending };
}

function doNotContact(record: CrmRecord, warn: (row: number, message: string) => void): boolean {
  const raw = record.values.do_not_contact;
  if (raw === undefined) return false; // the file has no do_not_contact column
  const flag = parseFlag(raw);
  if (flag === undefined) {
    warn(record.row, `do_not_contact "${raw}" is not yes/no; taken as do not contact`);
    return true;
  }
  return flag;
}

/**
 * Database part of a chunk: its keys put in their columns, unknown references reported and
 * cleared, then one COPY (`copy`: into an empty table) or one upsert. A COPY that meets an id an
 * earlier chunk loaded is undone to its savepoint and the chunk upserted instead, as a re-load is:
 * the later row wins.
 */
async function writeChunk(
  db: Transaction<CrmDatabase>, copy: CopyInto | undefined, spec: CrmFileSpec, columns: ColumnDef[], chunk: PreparedChunk,
  warn: (row: number, message: string) => void, result: FileLoadResult,
): Promise<void> {
  const keys = await chunk.keys;
  if (chunk.lookups.length) await resolveNames(db, columns, chunk, warn);
  for (const reference of spec.references) {
    const at = columns.findIndex((c) => c.name === reference.column);
    const values = chunk.values[at];
    const ids = [...new Set(values.filter((v): v is string => typeof v === 'string'))];
    const unknown = await unknownIds(db, reference.table, ids);
    if (!unknown.size) continue;
    values.forEach((id, index) => {
      if (typeof id === 'string' && unknown.has(id)) {
        warn(chunk.rows[index], `${reference.column} ${id} is not a known ${reference.label}; loaded without ${reference.label === 'account' ? 'an' : 'a'} ${reference.label}`);
        values[index] = null;
      }
    });
  }
  const keyCount = keyColumnsOf[spec.kind].length;
  if (copy && chunk.rows.length) {
    await sql`savepoint chunk`.execute(db);
    try {
      await copy(spec.table, columns.map((c) => c.name), copyLines(spec, columns, chunk.values, keyCount, keys as KeyText | undefined));
      await sql`release savepoint chunk`.execute(db);
      result.inserted += chunk.rows.length;
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error; // unique_violation: an id loaded before
      await sql`rollback to savepoint chunk`.execute(db);
    }
  }
  // the upsert takes the keys as columns: those of a chunk whose COPY failed are computed again
  const keyValues = !chunk.request ? [] : copy ? computeKeys(chunk.request) : keys as KeyValues;
  for (let k = 0; k < keyCount; k++) chunk.values[columns.length - 1 - keyCount + k] = keyValues[k];
  const counts = await upsertById(db, spec.table, columns, chunk.values);
  result.inserted += counts.inserted;
  result.updated += counts.updated;
  result.changed += counts.changed;
}

/**
 * The chunk's rows as COPY text lines, with the values the upsert's insert would give an empty
 * field (upsertById): '' for a missing account or opportunity name, false for a flag, {} for extra.
 * The `keyCount` key columns before extra come as text already (`keys`).
 */
function copyLines(spec: CrmFileSpec, columns: ColumnDef[], values: unknown[][], keyCount: number, keys: KeyText | undefined): string[] {
  const rows = values[0].length;
  const own = columns.length - 1 - keyCount;
  const fields = columns.map((column, i) => {
    const empty = column.type === 'jsonb' ? '{}' : column.type === 'boolean' ? 'f'
      : column.name === 'name' && (spec.table === 'accounts' || spec.table === 'opportunities') ? '' : '\\N';
    return { values: values[i], empty };
  });
  const field = (i: number, row: number) => {
    const value = fields[i].values[row] as string | boolean | null | undefined;
    return value === null || value === undefined ? fields[i].empty : copyField(value);
  };
  const extra = columns.length - 1;
  const lines = new Array<string>(rows);
  for (let row = 0; row < rows; row++) {
    let line = field(0, row);
    for (let i = 1; i < own; i++) line = `${line}\t${field(i, row)}`;
    if (keyCount) line = `${line}\t${keys![row]}`;
    lines[row] = `${line}\t${field(extra, row)}`;
  }
  return lines;
}
