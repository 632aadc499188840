import type { CommandModule } from 'yargs';
import { countOf } from '../../plain-words.js';

export const dbCommand: CommandModule<{ db?: string }, { db?: string }> = {
  command: 'db <action>',
  describe: 'the CRM database: where it is and its migration state',
  builder: (y) =>
    y.positional('action', { choices: ['status', 'migrate'] as const, describe: 'status: show location and migrations; migrate: apply pending migrations' }) as any,
  handler: async (argv: any) => {
    const [{ sql }, { openCrmDatabase, migrationStatus, migrateToLatest }] = await Promise.all([import('kysely'), import('../../db/database.js')]);
    const crm = await openCrmDatabase({ dbDir: argv.db, migrate: true });
    try {
      if (argv.action === 'migrate') await migrateToLatest(crm.db);
      const migrations = await migrationStatus(crm.db);
      const pending = migrations.filter((m) => !m.executedAt).length;
      console.log(`database: ${crm.kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'} at ${crm.location}`);
      for (const m of migrations) {
        console.log(`  ${m.executedAt ? 'applied' : 'pending'}  ${m.name}${m.executedAt ? `  (${new Date(m.executedAt).toISOString()})` : ''}`);
      }
      console.log(pending ? `${countOf(pending, 'migration')} pending: they run on first use, or now with 'listgate db migrate'` : 'schema is up to date');
      if (!pending) {
        const counts = await sql<{ table: string; n: number }>`
          select 'accounts' as table, count(*)::int as n from accounts union all
          select 'contacts', count(*)::int from contacts union all
          select 'leads', count(*)::int from leads union all
          select 'opportunities', count(*)::int from opportunities union all
          select 'import_batches', count(*)::int from import_batches`.execute(crm.db);
        console.log('records: ' + counts.rows.map((r) => `${r.table} ${r.n}`).join(', '));
      }
    } finally {
      await crm.close();
    }
  },
};
