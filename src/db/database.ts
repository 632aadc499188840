import { mkdirSync, existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { Kysely, Migrator, PostgresDialect, sql, type MigrationInfo } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from './pglite-dialect.js';
import { pgliteCopyInto, pgliteSessionCopyInto, postgresClientCopyInto, postgresCopyInto, type CopyInto } from './copy-rows.js';
import { migrationProvider } from './migrations/index.js';
import type { CrmDatabase } from './schema.js';
import { BusyError, UserError } from '../errors.js';
import { timeStep } from '../step-timings.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface CrmConnection {
  db: Kysely<CrmDatabase>;
  kind: DatabaseKind;
  /** Where the database is, safe to print (a DATABASE_URL's password is masked). */
  location: string;
  /** Runs work while holding the named cross-process lock (a PostgreSQL advisory lock). */
  withLock<T>(name: string, options: { wait: boolean }, work: () => Promise<T>): Promise<T>;
  /** Bulk insert by COPY: lines made with copyLine (src/db/copy-rows.ts). */
  copyInto: CopyInto;
  /**
   * Runs work on one connection of its own: a transaction begun on the session's db also holds
   * the session's COPYs (copyInto takes a connection of the pool, outside any transaction).
   */
  session<T>(work: (session: CrmSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface CrmSession {
  db: Kysely<CrmDatabase>;
  copyInto: CopyInto;
}

export interface OpenOptions {
  /** PGlite data directory; default LISTGATE_DB or ./.listgate */
  dbDir?: string;
  /** postgres:// URL; default DATABASE_URL. When set, PostgreSQL is used. */
  databaseUrl?: string;
  /** Skip running migrations (db status wants to report them first). */
  migrate?: boolean;
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

export async function openCrmDatabase(options: OpenOptions = {}): Promise<CrmConnection> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  const connection = databaseUrl
    ? await openPostgres(databaseUrl)
    : await openPGlite(resolve(options.dbDir ?? process.env.LISTGATE_DB ?? '.listgate'));
  if (options.migrate !== false) {
    try {
      await timeStep('open: migrations', async () => {
        if (!await schemaIsCurrent(connection.db)) await migrateToLatest(connection.db);
      });
    } catch (error) {
      await connection.close();
      throw error;
    }
  }
  return connection;
}

export async function migrateToLatest(db: Kysely<CrmDatabase>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/**
 * True when exactly the migrations listgate knows have run: two small queries, where Kysely's
 * Migrator reads the catalog's every table and column twice and takes its lock, on every open.
 * Anything else (a new database, a migration pending, one this listgate does not know) goes to
 * the Migrator, which applies, waits for another process's migration, or says what is wrong.
 */
async function schemaIsCurrent(db: Kysely<CrmDatabase>): Promise<boolean> {
  const { rows: [table] } = await sql<{ present: boolean }>`select to_regclass('kysely_migration') is not null as present`.execute(db);
  if (!table.present) return false;
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  const known = Object.keys(await migrationProvider.getMigrations()).sort();
  return rows.length === known.length && rows.every((row, i) => row.name === known[i]);
}

export async function migrationStatus(db: Kysely<CrmDatabase>): Promise<readonly MigrationInfo[]> {
  return new Migrator({ db, provider: migrationProvider }).getMigrations();
}

async function openPostgres(databaseUrl: string): Promise<CrmConnection> {
  const location = redactUrl(databaseUrl);
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new UserError(`DATABASE_URL must start with postgres:// (got ${location})`);
  }
  // the PostgreSQL client loads only when a server is used
  const { default: pg } = await import('pg');
  // int8 (counts, bigserial) as number, like PGlite; numeric stays a string.
  pg.types.setTypeParser(20, (value) => Number(value));
  // the stage keeps up to 8 statements in flight: the next range's row read and three blocking
  // statements, this range's routing lookups and the previous range's write
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 8 });
  pool.on('error', () => {}); // idle-client errors surface on the next query instead
  try {
    const client = await timeStep('open: connect', () => pool.connect());
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new UserError(`cannot reach PostgreSQL at ${location}: ${(error as Error).message}`);
  }
  const db = new Kysely<CrmDatabase>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    location,
    copyInto: postgresCopyInto(pool),
    async session(work) {
      const client = await pool.connect();
      // Kysely over this one client: it "releases" the client after each query, which must not
      // hand it back to the pool while the session runs
      const single = { connect: async () => ({ query: client.query.bind(client), release() {} }), end: async () => {} };
      const session = new Kysely<CrmDatabase>({ dialect: new PostgresDialect({ pool: single as unknown as import('pg').Pool }) });
      let failure: Error | undefined;
      try {
        return await work({ db: session, copyInto: postgresClientCopyInto(client) });
      } catch (error) {
        failure = error as Error;
        throw error;
      } finally {
        await session.destroy();
        // a connection left in a failed statement or transaction is not given back to the pool
        client.release(failure);
      }
    },
    async withLock(name, { wait }, work) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const key = lockKey(name);
        if (wait) {
          await client.query('select pg_advisory_lock($1)', [key]);
        } else {
          const { rows } = await client.query('select pg_try_advisory_lock($1) as locked', [key]);
          if (!rows[0].locked) throw new BusyError(`another listgate ${name} is already running on ${location}; try again when it ends`);
        }
        return await work();
      } finally {
        await client.end().catch(() => {});
      }
    },
    async close() { await db.destroy(); },
  };
}

/**
 * PGlite is one process's database: a lock file keeps a second listgate process out of the
 * directory (opening it twice would corrupt it), and so also serializes commits and undos.
 */
async function openPGlite(dir: string): Promise<CrmConnection> {
  mkdirSync(dir, { recursive: true });
  const lockFile = join(dir, 'listgate.lock');
  acquireDirectoryLock(lockFile, dir);
  let pglite: PGlite;
  try {
    pglite = await timeStep('open: PGlite start', () => PGlite.create(join(dir, 'pgdata')));
  } catch (error) {
    rmSync(lockFile, { force: true });
    throw new UserError(`cannot open the embedded database in ${dir}: ${(error as Error).message}`);
  }
  const db = new Kysely<CrmDatabase>({ dialect: new PGliteDialect(pglite) });
  let closed = false;
  const release = () => { if (!closed) rmSync(lockFile, { force: true }); };
  process.once('exit', release);
  return {
    db,
    kind: 'pglite',
    location: dir,
    copyInto: pgliteCopyInto(db, pglite),
    // the dialect's lock is held for the whole session; its COPYs go to PGlite directly
    session: (work) => db.connection().execute((session) => work({ db: session, copyInto: pgliteSessionCopyInto(pglite) })),
    async withLock(_name, _options, work) { return work(); },
    async close() {
      if (closed) return;
      await db.destroy();
      release();
      closed = true;
      process.removeListener('exit', release);
    },
  };
}

function acquireDirectoryLock(lockFile: string, dir: string): void {
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new BusyError(`the embedded database ${dir} is in use by another listgate process (pid ${pid}); try again when it ends`);
    }
  }
  writeFileSync(lockFile, String(process.pid));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Stable 32-bit key for pg_advisory_lock from a lock name. */
function lockKey(name: string): number {
  let hash = 0x811c9dc5;
  for (const char of `listgate:${name}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return hash | 0;
}
