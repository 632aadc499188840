import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { migrationStatus, openCrmDatabase, redactUrl } from '../src/db/database.js';
import { down as undoLastMigration } from '../src/db/migrations/0012-steward-choices.js';
import { copyLine } from '../src/db/copy-rows.js';

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

describe(`bulk insert by COPY on ${databaseKind}`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await sql`create table copy_check (id int primary key, note text, flag boolean, score float8, doc json, tags jsonb)`.execute(t.crm.db);
  });
  afterAll(async () => { await t?.cleanup(); });

  it('writes every value back as given: tabs, line breaks, backslashes, quotes, nulls and JSON with escapes', async () => {
    const awkward = 'tab\there\nnew line\r\\back\\slash "quoted" \\N é';
    const doc = { name: '<img src=x onerror=alert(1)>', path: 'C:\\lists\\q3.csv', lines: 'a\nb\tc' };
    await t.crm.copyInto('copy_check', ['id', 'note', 'flag', 'score', 'doc', 'tags'], [
      copyLine([1, awkward, true, 36.06, JSON.stringify(doc), JSON.stringify(['x\\y', 'z'])]),
      copyLine([2, null, false, null, null, '{}']),
      copyLine([3, '', null, -0.5, 'null', '[]']),
    ]);
    const { rows } = await sql<{ id: number; note: string | null; flag: boolean | null; score: number | null; doc: unknown; tags: unknown }>`
      select id, note, flag, score, doc, tags from copy_check order by id`.execute(t.crm.db);
    expect(rows.map((r) => ({ ...r, doc: typeof r.doc === 'string' ? JSON.parse(r.doc) : r.doc }))).toEqual([
      { id: 1, note: awkward, flag: true, score: 36.06, doc, tags: ['x\\y', 'z'] },
      { id: 2, note: null, flag: false, score: null, doc: null, tags: {} },
      { id: 3, note: '', flag: null, score: -0.5, doc: null, tags: [] },
    ]);
  });

  it('fails as a whole, naming the column, when one line does not fit: nothing of the chunk is written', async () => {
    await expect(t.crm.copyInto('copy_check', ['id', 'note', 'flag', 'score', 'doc', 'tags'], [
      copyLine([10, 'fine', true, 1, '{}', '{}']),
      copyLine([11, 'bad', true, 1, '{not json', '{}']),
    ])).rejects.toThrow(/json/i);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from copy_check where id >= 10`.execute(t.crm.db);
    expect(rows[0].n).toBe(0);
    // the connection is usable afterwards
    await t.crm.copyInto('copy_check', ['id', 'note'], [copyLine([12, 'after'])]);
    const after = await sql<{ note: string }>`select note from copy_check where id = 12`.execute(t.crm.db);
    expect(after.rows).toEqual([{ note: 'after' }]);
  });
});

describe(`opening a database whose migrations are not all applied, on ${databaseKind}`, () => {
  // opening skips the Migrator only when exactly the known migrations have run: these are the other cases
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(); });
  afterAll(async () => { await t?.cleanup(); });

  const tableExists = async (name: string) =>
    (await sql<{ present: boolean }>`select to_regclass(${name}) is not null as present`.execute(t.crm.db)).rows[0].present;

  it('runs a pending migration on the next open', async () => {
    await undoLastMigration(t.crm.db);
    await t.crm.db.deleteFrom('kysely_migration' as any).where('name', '=', '0012-steward-choices').execute();
    expect(await tableExists('steward_decision_log')).toBe(false);

    await t.reopen();
    expect(await tableExists('steward_decision_log')).toBe(true);
    expect((await migrationStatus(t.crm.db)).every((m) => m.executedAt)).toBe(true);
  });

  it('refuses a database migrated by a listgate that knows more migrations, naming the one it does not know', async () => {
    await t.crm.db.insertInto('kysely_migration' as any).values({ name: '9999-from-a-newer-listgate', timestamp: new Date().toISOString() }).execute();
    await t.crm.close();
    const location = t.dbDir !== undefined ? { dbDir: t.dbDir, databaseUrl: '' } : { databaseUrl: t.env.DATABASE_URL };
    await expect(openCrmDatabase(location)).rejects.toThrow(/9999-from-a-newer-listgate/);
    const crm = await openCrmDatabase({ ...location, migrate: false });
    await crm.db.deleteFrom('kysely_migration' as any).where('name', '=', '9999-from-a-newer-listgate').execute();
    await crm.close();
    await t.reopen();
  });
});

describe('redactUrl', () => {
  it('never shows the password', () => {
    expect(redactUrl('postgres://bob:s3cret@db.example:5432/crm')).toBe('postgres://bob:****@db.example:5432/crm');
    expect(redactUrl('postgres://bob:s3cret@db.example:5432/crm')).not.toContain('s3cret');
  });
});
