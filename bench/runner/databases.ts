import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';

export type Backend = 'postgres' | 'pglite';

/** One benchmark CRM database and the environment a `listgate` child needs to use it. */
export interface BenchDatabase {
  backend: Backend;
  name: string;
  env: NodeJS.ProcessEnv;
  /** the PostgreSQL URL of this database (postgres only) */
  url?: string;
  drop(): Promise<void>;
}

/** A fresh, empty database: a new PostgreSQL database on DATABASE_URL's server, or a new PGlite directory. */
export async function freshDatabase(backend: Backend, name: string, adminUrl: string | undefined, tmpDir: string): Promise<BenchDatabase> {
  if (backend === 'postgres') {
    if (!adminUrl) throw new Error('DATABASE_URL is not set');
    const dbName = `lg_bench_${name.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
    await admin(adminUrl, [`drop database if exists ${dbName} with (force)`, `create database ${dbName}`]);
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}`;
    return {
      backend, name, url: url.toString(),
      env: { ...process.env, DATABASE_URL: url.toString(), LISTGATE_DB: '' },
      drop: () => admin(adminUrl, [`drop database if exists ${dbName} with (force)`]),
    };
  }
  const dir = resolve(join(tmpDir, `pglite-${name}`));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return {
    backend, name,
    env: { ...process.env, DATABASE_URL: '', LISTGATE_DB: dir },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function admin(url: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The newest batch of a database (the one a stage just made) and its report directory. */
export async function latestBatch(db: BenchDatabase): Promise<{ id: string; reportDir: string | null; status: string } | undefined> {
  const query = 'select id, report_dir, status from import_batches order by created_at desc, id desc limit 1';
  if (db.backend === 'postgres') {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string; report_dir: string | null; status: string }>(query);
      return rows[0] ? { id: rows[0].id, reportDir: rows[0].report_dir, status: rows[0].status } : undefined;
    } finally {
      await client.end();
    }
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create(join(db.env.LISTGATE_DB!, 'pgdata'));
  try {
    const { rows } = await pglite.query<{ id: string; report_dir: string | null; status: string }>(query);
    return rows[0] ? { id: rows[0].id, reportDir: rows[0].report_dir, status: rows[0].status } : undefined;
  } finally {
    await pglite.close();
  }
}

/** Cancels what a stopped child left running on its PostgreSQL database (the server does not notice a dead client mid-query). */
export async function cancelQueries(db: BenchDatabase): Promise<void> {
  if (db.backend !== 'postgres' || !db.url) return;
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query('select pg_cancel_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
  } finally {
    await client.end();
  }
}
