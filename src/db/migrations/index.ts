import type { Migration, MigrationProvider } from 'kysely';
import * as crmAndBatches from './0001-crm-and-batches.js';
import * as batchRowsRejected from './0002-batch-rows-rejected.js';
import * as batchRowsLz4 from './0003-batch-rows-lz4.js';
import * as blockingIndexes from './0004-blocking-indexes.js';
import * as batchRowKeys from './0005-batch-row-keys.js';
import * as batchRowsJson from './0006-batch-rows-json.js';
import * as blockingFunction from './0007-blocking-function.js';
import * as crmRemovals from './0009-crm-removals.js';
import * as nameKeys from './0011-name-keys.js';
import * as stewardChoices from './0012-steward-choices.js';

/** Migrations are listed in code (not read from a folder) so they run the same under tsx and in tests. */
const migrations: Record<string, Migration> = {
  '0001-crm-and-batches': crmAndBatches,
  '0002-batch-rows-rejected': batchRowsRejected,
  '0003-batch-rows-lz4': batchRowsLz4,
  '0004-blocking-indexes': blockingIndexes,
  '0005-batch-row-keys': batchRowKeys,
  '0006-batch-rows-json': batchRowsJson,
  '0007-blocking-function': blockingFunction,
  '0009-crm-removals': crmRemovals,
  '0011-name-keys': nameKeys,
  '0012-steward-choices': stewardChoices,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() { return migrations; },
};
