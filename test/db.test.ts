import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { migrationStatus, redactUrl } from '../src/db/database.js';

describe(`CRM database on ${databaseKind}`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(); });
  afterAll(async () => { await t?.cleanup(); });

  it('runs every migration on first use', async () => {
    const migrations = await migrationStatus(t.crm.db);
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.every((m) => m.executedAt)).toBe(true);
    expect(t.crm.kind).toBe(databaseKind);
  });

  it('keeps the CRM own ids and returns counts as numbers on both backends', async () => {
    await t.crm.db.insertInto('accounts').values({ id: '001A000001', name: 'Acme', extra: '{}' }).execute();
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from accounts where id = '001A000001'`.execute(t.crm.db);
    expect(rows[0].n).toBe(1);
  });

  it('serializes transactions: a rolled-back transaction leaves nothing', async () => {
    await expect(t.crm.db.transaction().execute(async (trx) => {
      await trx.insertInto('accounts').values({ id: 'rollback-me', name: 'Gone', extra: '{}' }).execute();
      throw new Error('abort');
    })).rejects.toThrow('abort');
    const found = await t.crm.db.selectFrom('accounts').select('id').where('id', '=', 'rollback-me').execute();
    expect(found).toEqual([]);
  });
});

describe('redactUrl', () => {
  it('never shows the password', () => {
    expect(redactUrl('postgres://bob:s3cret@db.example:5432/crm')).toBe('postgres://bob:****@db.example:5432/crm');
    expect(redactUrl('postgres://bob:s3cret@db.example:5432/crm')).not.toContain('s3cret');
  });
});
