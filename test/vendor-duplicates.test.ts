import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { loadSampleCrm } from './helpers/sample-crm.js';
import { stageFile } from '../src/stage/stage-file.js';
import { commitBatch } from '../src/commit/commit-batch.js';
import { undoBatch } from '../src/commit/undo-batch.js';

const quiet = { start() {}, update() {}, stop() {} };

/**
 * A vendor list can name one person twice under two ids (samples/lists/purchased-zoominfo-v1.csv
 * rows 2 and 5: Fatima Burke). The later row routes to duplicate_in_file, and its id still ends
 * on the record the first row created, so a refresh or purge finds the person under either id.
 */
describe(`vendor ids of in-file duplicates (${databaseKind})`, () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'listgate-vendor-dup-'));
    await loadSampleCrm(t.crm);
  });
  afterAll(async () => { await t?.cleanup(); rmSync(dir, { recursive: true, force: true }); });

  it('keeps the duplicate row\'s vendor id on the first occurrence\'s record, and undo removes it', async () => {
    const staged = await stageFile(t.crm, { file: 'samples/lists/purchased-zoominfo-v1.csv', pipeline: 'purchased-list', reportDir: dir, progress: quiet });
    const rows = await t.crm.db.selectFrom('batch_rows').select(['source_row', 'route', 'duplicate_of_row', 'vendor_record_id'])
      .where('batch_id', '=', staged.batchId).where('source_row', 'in', [2, 5]).orderBy('source_row').execute();
    expect(rows).toMatchObject([
      { source_row: 2, vendor_record_id: '1204331797' },
      { source_row: 5, route: 'duplicate_in_file', duplicate_of_row: 2, vendor_record_id: '1204332800' },
    ]);
    await commitBatch(t.crm, staged.batchId, { undecided: 'skip' });
    const ids = await t.crm.db.selectFrom('vendor_record_ids').selectAll().where('vendor_record_id', 'in', ['1204331797', '1204332800']).orderBy('vendor_record_id').execute();
    expect(ids).toHaveLength(2);
    expect(ids[1]).toMatchObject({ entity_type: ids[0].entity_type, entity_id: ids[0].entity_id, first_seen_batch: staged.batchId });

    await undoBatch(t.crm, staged.batchId);
    const left = await t.crm.db.selectFrom('vendor_record_ids').select('vendor_record_id').where('vendor_record_id', 'in', ['1204331797', '1204332800']).execute();
    expect(left).toEqual([]);
  });
});
