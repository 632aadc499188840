import { sql, type Kysely, type Transaction } from 'kysely';

/**
 * Planner settings for one statement the planner misjudges (SET LOCAL in a transaction of its
 * own, so nothing else on the connection is affected). Setting names and values come from code.
 */
export interface PlannerSettings {
  enable_hashjoin?: 'on' | 'off';
  enable_mergejoin?: 'on' | 'off';
  enable_nestloop?: 'on' | 'off';
  enable_seqscan?: 'on' | 'off';
  max_parallel_workers_per_gather?: number;
  jit?: 'on' | 'off';
}

export async function withPlannerSettings<DB, T>(db: Kysely<DB>, settings: PlannerSettings, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    // one round trip: set_config(name, value, is_local => true) is SET LOCAL
    const configs = Object.entries(settings).map(([name, value]) => sql`set_config(${name}, ${String(value)}, true)`);
    if (configs.length) await sql`select ${sql.join(configs)}`.execute(trx);
    return work(trx);
  });
}
