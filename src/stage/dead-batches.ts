import { readdirSync, rmdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CrmConnection } from '../db/database.js';
import { BusyError } from '../errors.js';
import { reportPathsIn } from '../report/write-report.js';
import { routes } from '../types.js';
import { rowSpoolPattern } from './row-spool.js';

/**
 * A batch is `staging` only while its stage runs: that process holds the batch's lock (a PostgreSQL
 * advisory lock on its own connection; an embedded PGlite database belongs to one process at a
 * time, so there the lock is the database itself). A `staging` batch whose lock is free was left by
 * a stage that was killed (SIGKILL, a crash, a power cut): the next command removes it, its
 * partial rows, match keys and report files, and the row spools killed stages left in the temp folder.
 */

/** Batches this process is staging now (the same database may be open twice in one process, as in tests). */
const stagingHere = new Set<string>();

export function stagingLockName(batchId: string): string {
  return `staging ${batchId}`;
}

/** Runs a batch's staging while holding its lock, so that other processes can tell it is alive. */
export async function whileStaging<T>(crm: CrmConnection, batchId: string, work: () => Promise<T>): Promise<T> {
  stagingHere.add(batchId);
  try {
    return await crm.withLock(stagingLockName(batchId), { wait: false }, work);
  } finally {
    stagingHere.delete(batchId);
  }
}

export interface DeadBatch {
  id: string;
  file: string;
}

/** Removes the batches left `staging` by a stage that no longer runs; returns them. */
export async function removeDeadBatches(crm: CrmConnection): Promise<DeadBatch[]> {
  removeOrphanRowSpools();
  const staging = await crm.db.selectFrom('import_batches').select(['id', 'file', 'report_dir']).where('status', '=', 'staging').execute();
  const removed: DeadBatch[] = [];
  for (const batch of staging) {
    if (stagingHere.has(batch.id)) continue;
    const alive = await crm.withLock(stagingLockName(batch.id), { wait: false }, async () => false)
      .catch((error: unknown) => { if (error instanceof BusyError) return true; throw error; });
    if (alive) continue;
    // batch_rows and batch_row_keys go with it (on delete cascade)
    await crm.db.deleteFrom('import_batches').where('id', '=', batch.id).where('status', '=', 'staging').execute();
    if (batch.report_dir) removeReportFiles(batch.report_dir);
    removed.push({ id: batch.id, file: batch.file });
  }
  return removed;
}

/** The files a stage writes in its report folder, and the folder when nothing else is in it. */
export function removeReportFiles(dir: string): void {
  const paths = reportPathsIn(dir);
  for (const file of [paths.csv, paths.jsonl, paths.html, paths.xlsx, paths.summary]) rmSync(file, { force: true });
  // the workbook's per-route spools (ReportRowWriter)
  for (const route of routes) rmSync(join(paths.dir, `.sheet-${route}.jsonl`), { force: true });
  try {
    rmdirSync(paths.dir);
  } catch {
    // not empty: files of the user's own stay
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeOrphanRowSpools(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const pid = rowSpoolPattern.exec(name)?.[1];
    if (pid && !processAlive(Number(pid))) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}
