import { openCrmDatabase, type CrmConnection } from '../db/database.js';

/** Opens the CRM database named by --db / LISTGATE_DB / DATABASE_URL, runs work, always closes. */
export async function withCrm<T>(argv: { db?: string }, work: (crm: CrmConnection) => Promise<T>): Promise<T> {
  const crm = await openCrmDatabase({ dbDir: argv.db });
  try {
    return await work(crm);
  } finally {
    await crm.close();
  }
}
