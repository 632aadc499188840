import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { loadCrmSnapshot } from '../src/crm/load-crm.js';
import { stageFile } from '../src/stage/stage-file.js';
import { commitBatch } from '../src/commit/commit-batch.js';
import { undoBatch } from '../src/commit/undo-batch.js';
import { ExitCode, UserError } from '../src/errors.js';

/**
 * Plans made at stage time go stale when another batch commits first (issue 22, case 2): two
 * overlapping lists staged before either is committed must not create the same people twice, in
 * either order; and a plan whose records an undo removed is refused in one line (exit 2), not with
 * a foreign-key error.
 */

const dir = mkdtempSync(join(tmpdir(), 'listgate-stale-plans-'));
const header = 'First Name,Last Name,Company,Email Address,Work Phone';

const firstNames = ['Ann', 'Bruno', 'Chiara', 'Dmitri', 'Elena', 'Farid', 'Greta', 'Hiro', 'Ingrid', 'Jonas', 'Kofi', 'Lena', 'Marek', 'Nadia', 'Oskar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tamar'];
const lastNames = ['Abbott', 'Bergstrom', 'Castillo', 'Dubois', 'Eriksen', 'Fontaine', 'Gallagher', 'Haddad', 'Iversen', 'Jablonski', 'Kowalczyk', 'Lindqvist', 'Moreau',
  'Nakamura', 'Okafor', 'Petrov', 'Quintero', 'Rasmussen', 'Sorensen', 'Takahashi', 'Underwood', 'Valdez', 'Whitaker', 'Xu', 'Yilmaz', 'Zimmermann'];

/** Person i (distinct names up to 520): odd ones work at the known account Acme (new Contacts), even ones elsewhere (new Leads). */
function people(from: number, to: number): string[] {
  const lines: string[] = [];
  for (let i = from; i <= to; i++) {
    const first = firstNames[i % firstNames.length];
    const last = lastNames[Math.floor(i / firstNames.length) % lastNames.length];
    const email = `${first}.${last}`.toLowerCase();
    lines.push(i % 2
      ? `${first},${last},Acme Corporation,${email}@acme-corp.example,`
      : `${first},${last},${last} Holdings,${email}@${last.toLowerCase()}-holdings.example,+1 206 555 ${String(1000 + i).padStart(4, '0')}`);
  }
  return lines;
}

function list(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, [header, ...lines].join('\n') + '\n');
  return path;
}

async function refusal(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  expect((error as Error).message).not.toContain('\n');
  return error as UserError;
}

describe(`commit re-checks stale plans (${databaseKind})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    const accounts = join(dir, 'accounts.csv');
    writeFileSync(accounts, 'account_id,name,website\nACC-1,Acme Corporation,https://www.acme-corp.example\n');
    await loadCrmSnapshot(t.crm, { accounts });
  });
  afterAll(async () => { await t?.cleanup(); rmSync(dir, { recursive: true, force: true }); });

  const stage = async (file: string) => (await stageFile(t.crm, { file, pipeline: 'tradeshow', reportDir: join(dir, `report-${Math.random().toString(36).slice(2)}`) })).batchId;

  async function duplicates(): Promise<number> {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from (
      select email_key from (select email_key from leads union all select email_key from contacts) k
      where email_key is not null group by email_key having count(*) > 1) d`.execute(t.crm.db);
    return rows[0].n;
  }
  async function crmCounts(): Promise<{ leads: number; contacts: number; opportunities: number }> {
    const { rows } = await sql<{ leads: number; contacts: number; opportunities: number }>`select
      (select count(*)::int from leads) as leads, (select count(*)::int from contacts) as contacts,
      (select count(*)::int from opportunities) as opportunities`.execute(t.crm.db);
    return rows[0];
  }

  it('refuses the second of two overlapping lists, names the rows; staged again, it creates nobody twice', { timeout: 120_000 }, async () => {
    const first = await stage(list('first.csv', people(1, 300)));
    const second = await stage(list('second.csv', people(1, 100)));
    const committed = await commitBatch(t.crm, first);
    expect(committed.created).toMatchObject({ leads: 150, contacts: 150 });
    const before = await crmCounts();

    const error = await refusal(commitBatch(t.crm, second));
    expect(error.exitCode).toBe(ExitCode.userError);
    expect(error.message).toMatch(new RegExp(`^batch ${second}: 100 rows would create people that batch ${first} created after this batch was staged \\(rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, \\.\\.\\.; row 2: (lead|contact) \\S+, same email\\); nothing was committed: stage the file again`));
    expect(await crmCounts()).toEqual(before);
    const status = await t.crm.db.selectFrom('import_batches').select('status').where('id', '=', second).executeTakeFirstOrThrow();
    expect(status.status).toBe('staged');

    const again = await stage(list('second.csv', people(1, 100)));
    const result = await commitBatch(t.crm, again);
    expect(result.created).toMatchObject({ leads: 0, contacts: 0 });
    expect(await duplicates()).toBe(0);
  });

  it('refuses the first list when the overlapping second one was committed before it', { timeout: 120_000 }, async () => {
    const big = await stage(list('big.csv', people(301, 500)));
    const small = await stage(list('small.csv', [...people(401, 440), ...people(501, 510)]));
    expect((await commitBatch(t.crm, small)).created).toMatchObject({ leads: 25, contacts: 25 });
    const error = await refusal(commitBatch(t.crm, big));
    expect(error.message).toMatch(new RegExp(`^batch ${big}: 40 rows would create people that batch ${small} created after this batch was staged \\(rows 102, 103, `));
    const again = await stage(list('big.csv', people(301, 500)));
    expect((await commitBatch(t.crm, again)).created).toMatchObject({ leads: 80, contacts: 80 });
    expect(await duplicates()).toBe(0);
  });

  it('refuses in one line, exit 2, a plan whose Contact an undo removed', { timeout: 120_000 }, async () => {
    const creating = await stage(list('creating.csv', people(511, 511)));
    expect((await commitBatch(t.crm, creating)).created.contacts).toBe(1);
    const opportunity = await stage(list('again.csv', people(511, 511)));
    const row = await t.crm.db.selectFrom('batch_rows').select(['route', 'contact_id']).where('batch_id', '=', opportunity).executeTakeFirstOrThrow();
    expect(row.route).toBe('opportunity_for_contact');
    await undoBatch(t.crm, creating);
    const before = await crmCounts();
    const error = await refusal(commitBatch(t.crm, opportunity));
    expect(error.exitCode).toBe(ExitCode.userError);
    expect(error.message).toBe(`batch ${opportunity} row 2: contact ${row.contact_id} no longer exists in the CRM (an undo removed it since the batch was staged); stage the file again`);
    expect(await crmCounts()).toEqual(before);
  });
});
