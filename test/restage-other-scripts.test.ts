import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { stageFile } from '../src/stage/stage-file.js';
import { commitBatch } from '../src/commit/commit-batch.js';
import { up as refreshNameKeys } from '../src/db/migrations/0011-name-keys.js';
import { nameMetaphone } from '../src/normalize/person-name.js';

const quiet = { start() {}, update() {}, stop() {} };

// People whose names are written in Chinese, Arabic, Cyrillic and Greek script, with a name and a
// company only (no email or phone): the name keys are all the matcher has to find them again.
const list = [
  'First Name,Last Name,Company,City,Country',
  '磊,吴,Kinetic Isle Capital Corp.,Shanghai,CN',
  'محمد,العلي,Gulf Ridge Trading LLC,Dubai,AE',
  'Иван,Петров,Acme GmbH,Berlin,DE',
  'Γιώργος,Παπαδόπουλος,Aegean Freight S.A.,Athens,GR',
  'Ольга,Смирнова,"Северсталь, ПАО",Moscow,RU',
  '美玲,陈,华为技术有限公司,Shenzhen,CN',
].join('\n') + '\n';

async function routesOf(t: TestDatabase, batchId: string) {
  return t.crm.db.selectFrom('batch_rows').select(['source_row', 'route', 'lead_id', 'contact_id'])
    .where('batch_id', '=', batchId).orderBy('source_row').execute();
}

describe(`names in other scripts are found again once committed (${databaseKind})`, () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'listgate-scripts-'));
    writeFileSync(join(dir, 'scans.csv'), list);
  });
  afterAll(async () => { await t?.cleanup(); rmSync(dir, { recursive: true, force: true }); });

  it('a committed list staged again creates nothing new', async () => {
    const file = join(dir, 'scans.csv');
    const first = await stageFile(t.crm, { file, pipeline: 'pipelines/tradeshow.json', reportDir: join(dir, 'first'), progress: quiet });
    const firstRows = await routesOf(t, first.batchId);
    expect(firstRows.map((r) => r.route)).toEqual(Array(6).fill('new_lead'));
    const committed = await commitBatch(t.crm, first.batchId);
    expect(committed.created.leads).toBe(6);

    const leads = await t.crm.db.selectFrom('leads').select(['id', 'first_name_key', 'last_name_key', 'company_key']).execute();
    for (const lead of leads) {
      expect(lead.first_name_key).toMatch(/^[a-z]+$/);
      expect(lead.last_name_key).toMatch(/^[a-z]+$/);
      expect(lead.company_key).toMatch(/^[a-z0-9 ]+$/);
    }

    const second = await stageFile(t.crm, { file, pipeline: 'pipelines/tradeshow.json', reportDir: join(dir, 'second'), progress: quiet });
    const secondRows = await routesOf(t, second.batchId);
    const leadOf = new Map(firstRows.map((r) => [r.source_row, r]));
    const createdLeads = await t.crm.db.selectFrom('leads').select(['id']).where('created_batch_id', '=', first.batchId).execute();
    expect(createdLeads).toHaveLength(6);
    for (const row of secondRows) {
      expect(row.route, `row ${row.source_row}`).toBe('existing_lead');
      expect(row.lead_id).not.toBeNull();
      expect(leadOf.get(row.source_row)).toBeDefined();
    }
    // each row went back to its own lead: six rows, six different leads
    expect(new Set(secondRows.map((r) => r.lead_id)).size).toBe(6);
    const again = await commitBatch(t.crm, second.batchId);
    expect(again.created).toEqual({ leads: 0, contacts: 0, opportunities: 0 });
  });

  it('migration 0011 fills the empty keys of records named in another script before the fix', async () => {
    const db = t.crm.db;
    await db.insertInto('accounts').values({ id: 'A-OLD', name: 'Северсталь Group', extra: '{}' } as any).execute();
    await db.insertInto('contacts').values({ id: 'C-OLD', account_id: 'A-OLD', first_name: 'Ольга', last_name: 'Смирнова', extra: '{}' } as any).execute();
    await refreshNameKeys(db as any);
    expect(await db.selectFrom('contacts').select(['first_name_key', 'last_name_key', 'first_initial', 'last_name_metaphone']).where('id', '=', 'C-OLD').executeTakeFirst())
      .toEqual({ first_name_key: 'olga', last_name_key: 'smirnova', first_initial: 'o', last_name_metaphone: nameMetaphone('Smirnova') });
    expect(await db.selectFrom('accounts').select(['name_key']).where('id', '=', 'A-OLD').executeTakeFirst()).toEqual({ name_key: 'severstal' });
  });
});
