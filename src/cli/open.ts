import type { CrmConnection } from '../db/database.js';
import { timeStep } from '../step-timings.js';

/**
 * Opens the CRM database named by --db / LISTGATE_DB / DATABASE_URL, runs work, always closes.
 * Batches left half-staged by a killed stage are removed first, so that no command sees them.
 * The database modules load here, when a command runs, not when listgate starts: --help and
 * the commands that read files only never pay for them.
 */
export async function withCrm<T>(argv: { db?: string }, work: (crm: CrmConnection) => Promise<T>): Promise<T> {
  const [{ openCrmDatabase }, { removeDeadBatches }] = await timeStep('open: database modules', () => Promise.all([
    import('../db/database.js'),
    import('../stage/dead-batches.js'),
  ]));
  const crm = await openCrmDatabase({ dbDir: argv.db });
  try {
    for (const dead of await timeStep('open: dead batches', () => removeDeadBatches(crm))) {
      process.stderr.write(`note: removed batch ${dead.id} (${dead.file}): its stage was killed before it finished; stage the file again\n`);
    }
    return await work(crm);
  } finally {
    await crm.close();
  }
}
