import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openCrmDatabase, type CrmConnection } from '../../src/db/database.js';

/** Which database the suite runs on: PostgreSQL when DATABASE_URL is set (CI's second pass), else PGlite. */
export const databaseKind = process.env.DATABASE_URL ? 'postgres' : 'pglite';

export interface TestDatabase {
  crm: CrmConnection;
  /** Environment for a `listgate` child process that must see the same database. */
  env: Record<string, string>;
  /** The --db directory (PGlite) or undefined (PostgreSQL). */
  dbDir?: string;
  /** Close the connection (so a child process may open a PGlite directory) and reopen later. */
  reopen(): Promise<CrmConnection>;
  cleanup(): Promise<void>;
}

/** A fresh, empty, migrated CRM database: a new PostgreSQL database or a new PGlite directory. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    const name = `lg_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const databaseUrl = url.toString();
    const state = { crm: await openCrmDatabase({ databaseUrl }) };
    return {
      get crm() { return state.crm; },
      env: { DATABASE_URL: databaseUrl },
      async reopen() { await state.crm.close(); state.crm = await openCrmDatabase({ databaseUrl }); return state.crm; },
      async cleanup() {
        await state.crm.close();
        const drop = new pg.Client({ connectionString: adminUrl });
        await drop.connect();
        await drop.query(`drop database if exists ${name} with (force)`);
        await drop.end();
      },
    };
  }
  const dbDir = mkdtempSync(join(tmpdir(), 'listgate-test-'));
  const state = { crm: await openCrmDatabase({ dbDir, databaseUrl: '' }) };
  return {
    get crm() { return state.crm; },
    env: { LISTGATE_DB: dbDir, DATABASE_URL: '' },
    dbDir,
    async reopen() { await state.crm.close(); state.crm = await openCrmDatabase({ dbDir, databaseUrl: '' }); return state.crm; },
    async cleanup() { await state.crm.close(); rmSync(dbDir, { recursive: true, force: true }); },
  };
}
