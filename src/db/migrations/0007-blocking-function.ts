import { sql, type Kysely } from 'kysely';

/**
 * lg_blocking_candidates(statement, batch, low, high, max_rank): runs one blocking statement
 * (src/match/blocking.ts, its parameters $1 to $4) with the planner settings blocking needs,
 * in one round trip. Before, each statement was a transaction of its own (begin, the settings,
 * the statement, commit: four round trips), and every round trip waits for Node's event loop,
 * which is busy routing the previous range: in a 100,000-row stage against 1,000,000 contacts
 * the three targets' blocking took 16 to 19 s each as Node saw it, 11 to 16 s this way. A
 * function's SET clauses hold while it runs, and EXECUTE plans the statement then, with the
 * range's values.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`create function lg_blocking_candidates(statement text, batch text, low int, high int, max_rank int)
    returns table (source_row int, id text, total int)
    language plpgsql
    set enable_hashjoin = off set enable_mergejoin = off set enable_seqscan = off
    set max_parallel_workers_per_gather = 0 set jit = off
    as $$ begin return query execute statement using batch, low, high, max_rank; end $$`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function lg_blocking_candidates(text, text, int, int, int)`.execute(db);
}
