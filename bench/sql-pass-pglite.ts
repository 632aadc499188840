import { openAsBlob, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SqlPlan } from './runner/sql-pass.js';

/**
 * node --import tsx bench/sql-pass-pglite.ts LISTGATE_DB_DIR PLAN.json
 *
 * The bench's plain-SQL pass on PGlite (bench/runner/sql-pass.ts): opens the PGlite database in
 * the folder listgate uses (its pgdata/), or creates one there, runs the plan's COPYs and
 * statements, and prints the last statement's JSON result.
 */

const [dir, planFile] = process.argv.slice(2);
if (!dir || !planFile) {
  console.error('usage: node --import tsx bench/sql-pass-pglite.ts LISTGATE_DB_DIR PLAN.json');
  process.exit(2);
}
const plan = JSON.parse(readFileSync(planFile, 'utf8')) as SqlPlan;
const db = await PGlite.create(join(dir, 'pgdata'));
let result: unknown = null;
try {
  for (const step of plan.steps) {
    if ('copy' in step) {
      await db.query(`copy ${step.copy.table} from '/dev/blob' with (format csv, header true)`, [], { blob: await openAsBlob(step.copy.file) });
    } else {
      const results = await db.exec(step.sql);
      result = results.at(-1)?.rows[0]?.result ?? null;
    }
  }
} finally {
  await db.close();
}
console.log(typeof result === 'string' ? result : JSON.stringify(result));
