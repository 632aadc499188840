import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { loadSampleCrm } from './helpers/sample-crm.js';
import { documentedCrms, type DocumentedCrm } from './helpers/documented-import-fields.js';
import { stageFile } from '../src/stage/stage-file.js';
import { commitBatch } from '../src/commit/commit-batch.js';
import { exportBatch, exportRemovals, type ExportManifest } from '../src/export/export-batch.js';
import { erasePerson } from '../src/vendor-lists/suppress.js';
import { parseImportFiles } from '../src/export/import-file-layout.js';

const quiet = { start() {}, update() {}, stop() {} };

function readCsv(path: string): { headers: string[]; rows: Record<string, string>[] } {
  const text = readFileSync(path, 'utf8');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  return { headers: parsed.meta.fields ?? [], rows: parsed.data };
}

/** Every file of a manifest checked against the CRM's documented objects, fields, required fields and choices. */
function checkAgainstDocumentation(dir: string, manifest: ExportManifest, documented: DocumentedCrm, externalId: string): void {
  for (const file of manifest.files) {
    const object = documented.objects[file.object];
    expect(object, `${file.file}: ${file.object} is not a documented object`).toBeDefined();
    const { headers, rows } = readCsv(join(dir, file.file));
    expect(rows.length, file.file).toBe(file.rows);
    for (const header of headers) {
      const known = object.fields.includes(header) || documented.isCustomField(header) || documented.parentColumn(file.object, header);
      expect(known, `${file.file}: column "${header}" is not a documented ${file.object} field, a custom field or a parent column`).toBe(true);
    }
    if (file.operation === 'delete') expect(headers, file.file).toEqual([object.id]);
    if (file.operation === 'update' && headers[0] !== object.id) {
      // a campaign list file of HubSpot names contacts by Record ID or their Listgate ID
      expect([object.id, externalId], file.file).toContain(headers[0]);
    }
    if (file.operation === 'upsert' && file.purpose === 'apply') {
      expect(file.external_id, file.file).toBe(externalId);
      expect(headers[0], file.file).toBe(externalId);
      for (const row of rows) expect(row[externalId], file.file).toMatch(/^LG-/);
    }
    if ((file.operation === 'upsert' || file.operation === 'insert') && file.purpose === 'apply') {
      for (const required of object.required) {
        const alternatives = Array.isArray(required) ? required : [required];
        for (const row of rows) {
          const filled = alternatives.some((field) => row[field] || Object.entries(row).some(([h, v]) => v && relationshipOf(h) === relationshipName(documented, file.object, field)));
          expect(filled, `${file.file}: a row lacks required ${alternatives.join(' or ')}: ${JSON.stringify(row)}`).toBe(true);
        }
      }
    }
    for (const [field, values] of Object.entries(object.choices ?? {})) {
      if (!headers.includes(field)) continue;
      for (const row of rows) if (row[field]) expect(values, `${file.file} ${field}`).toContain(row[field]);
    }
  }
}

function relationshipOf(header: string): string | undefined {
  return header.includes('.') ? header.split('.')[0] : undefined;
}

function relationshipName(documented: DocumentedCrm, object: string, field: string): string | undefined {
  return documented.objects[object]?.relationships?.[field];
}

describe(`listgate export: the CRMs' import files (${databaseKind})`, () => {
  let t: TestDatabase;
  let dir: string;
  let batchId: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'listgate-export-'));
    await loadSampleCrm(t.crm);
    const staged = await stageFile(t.crm, { file: 'samples/lists/tradeshow-badge-scans.csv', pipeline: 'pipelines/tradeshow.json', reportDir: join(dir, 'report'), progress: quiet });
    batchId = staged.batchId;
    await commitBatch(t.crm, batchId, { undecided: 'create_new' });
  });
  afterAll(async () => { await t?.cleanup(); rmSync(dir, { recursive: true, force: true }); });

  async function created(table: 'leads' | 'contacts' | 'opportunities') {
    return t.crm.db.selectFrom(table).selectAll().where('created_batch_id', '=', batchId).execute();
  }

  it('Salesforce: Data Loader files with API names, Listgate_Id__c upserts, Hot/Warm/Cold, parents by external id', async () => {
    const out = join(dir, 'salesforce');
    const { manifest } = await exportBatch(t.crm, batchId, { crm: 'salesforce', out });
    const onDisk = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as ExportManifest;
    expect(onDisk).toMatchObject({ crm: 'salesforce', batch_id: batchId });
    for (const file of onDisk.files) expect(Object.keys(file)).toEqual(expect.arrayContaining(['file', 'object', 'operation', 'rows', 'external_id']));
    checkAgainstDocumentation(out, manifest, documentedCrms.salesforce, 'Listgate_Id__c');

    const byName = new Map(manifest.files.map((f) => [f.file, f]));
    const leads = await created('leads');
    const contacts = await created('contacts');
    const opportunities = await created('opportunities');
    expect(leads.length).toBeGreaterThan(0);
    const leadFile = readCsv(join(out, 'Lead-upsert.csv'));
    expect(leadFile.rows.map((r) => r.Listgate_Id__c).sort()).toEqual(leads.map((l) => l.id).sort());
    for (const row of leadFile.rows) {
      const lead = leads.find((l) => l.id === row.Listgate_Id__c)!;
      expect(row.Rating).toBe({ hot: 'Hot', warm: 'Warm', cold: 'Cold' }[lead.rating!]);
      expect(row.LastName).toBe(lead.last_name ?? '[not provided]');
      expect(row.Company).toBe(lead.company ?? '[not provided]');
      expect(row.Email).toBe(lead.email ?? '');
    }
    expect(readCsv(join(out, 'Contact-upsert.csv')).rows).toHaveLength(contacts.length);
    const opportunityFile = readCsv(join(out, 'Opportunity-upsert.csv'));
    expect(opportunityFile.rows).toHaveLength(opportunities.length);
    for (const row of opportunityFile.rows) {
      expect(row.StageName).toBe('Qualification');
      // the pipeline's close_days (default 90) after staging
      expect(row.CloseDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Math.round((Date.parse(row.CloseDate) - Date.now()) / 86_400_000)).toBeGreaterThanOrEqual(89);
    }
    // the Contact of each new Opportunity as its contact role: a new Contact by its external id, an existing one by Id
    const roles = readCsv(join(out, 'OpportunityContactRole-upsert.csv')).rows;
    expect(roles).toHaveLength(opportunities.filter((o) => o.contact_id).length);
    for (const role of roles) {
      const opportunity = opportunities.find((o) => o.id === role['Opportunity.Listgate_Id__c'])!;
      if (opportunity.contact_id!.startsWith('LG-')) expect(role['Contact.Listgate_Id__c']).toBe(opportunity.contact_id);
      else expect(role.ContactId).toBe(opportunity.contact_id);
    }
    // campaign responses as CampaignMember rows in a campaign upserted by its listgate id
    const responses = await t.crm.db.selectFrom('campaign_responses').selectAll().where('batch_id', '=', batchId).execute();
    const members = readCsv(join(out, 'CampaignMember-insert.csv')).rows;
    expect(members).toHaveLength(responses.length);
    expect(new Set(members.map((m) => m['Campaign.Listgate_Id__c']))).toEqual(new Set(['LG-CAMPAIGN-EXPO-2026']));
    expect(readCsv(join(out, 'Campaign-upsert.csv')).rows).toEqual([{ Listgate_Id__c: 'LG-CAMPAIGN-EXPO-2026', Name: 'Expo 2026', IsActive: 'true' }]);
    // update files: Id and only the fields that change, each value the record's new value
    const updates = await t.crm.db.selectFrom('change_log').selectAll().where('batch_id', '=', batchId).where('operation', '=', 'update').where('entity_type', '=', 'contact').execute();
    const contactUpdates = readCsv(join(out, 'Contact-update.csv'));
    expect(contactUpdates.headers[0]).toBe('Id');
    for (const row of contactUpdates.rows) {
      const logged = updates.find((u) => u.entity_id === row.Id)!;
      const after = logged.after as Record<string, unknown>;
      const before = logged.before as Record<string, unknown>;
      for (const [header, field] of [['MailingPostalCode', 'postal_code'], ['MailingCity', 'city'], ['Title', 'title'], ['Phone', 'phone']] as const) {
        if (!contactUpdates.headers.includes(header)) continue;
        if (row[header]) expect(row[header]).toBe(after[field]);
        if (row[header]) expect(before[field]).not.toBe(after[field]);
      }
    }
    // the undo: the fields the batch filled are emptied again (Insert null values), in files of their own
    const undo = manifest.files.filter((f) => f.purpose === 'undo');
    expect(undo.length).toBeGreaterThan(0);
    for (const file of undo) expect(file.note ?? '').toMatch(/Insert null values|Delete/);
    // created records have no Salesforce id yet: the undo cannot delete them by Id, and says so
    expect(manifest.not_carried.filter((n) => n.id.startsWith('LG-')).length).toBe(leads.length + contacts.length + opportunities.length);
    expect(byName.get('Lead-upsert.csv')?.rows).toBe(leads.length);
  });

  it('Salesforce with --campaign-id: CampaignMember rows name the existing campaign by Id, no Campaign file', async () => {
    const out = join(dir, 'salesforce-campaign');
    const { manifest } = await exportBatch(t.crm, batchId, { crm: 'salesforce', out, campaignId: '701000000000001AAA' });
    expect(manifest.files.map((f) => f.object)).not.toContain('Campaign');
    const members = readCsv(join(out, 'CampaignMember-insert.csv'));
    expect(members.headers).not.toContain('Campaign.Listgate_Id__c');
    expect(new Set(members.rows.map((m) => m.CampaignId))).toEqual(new Set(['701000000000001AAA']));
    await expect(exportBatch(t.crm, 'NOPE', { crm: 'salesforce', out })).rejects.toThrow(/no batch NOPE/);
    await expect(exportBatch(t.crm, batchId, { crm: 'oracle', out })).rejects.toThrow(/CRM layout not found: "oracle" \(looked in .*crms\/.*\); available: .*salesforce$/);
    // a folder holding anything but an earlier export is refused, and left as it is
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    await expect(exportBatch(t.crm, batchId, { crm: 'salesforce', out: dir })).rejects.toThrow(/holds files that are not an earlier export's; choose an empty folder with --out/);
    expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('Dynamics 365: logical names, choice codes, lookups by GUID or the lg_listgateid alternate key', async () => {
    const out = join(dir, 'dynamics');
    const { manifest } = await exportBatch(t.crm, batchId, { crm: 'dynamics', out });
    checkAgainstDocumentation(out, manifest, documentedCrms.dynamics, 'lg_listgateid');
    const leads = await created('leads');
    const rows = readCsv(join(out, 'lead-upsert.csv')).rows;
    for (const row of rows) {
      const lead = leads.find((l) => l.id === row.lg_listgateid)!;
      expect(row.leadqualitycode).toBe({ hot: '1', warm: '2', cold: '3' }[lead.rating!]);
      expect(row.subject).toBe(lead.company ?? '[not provided]');
    }
    const opportunities = readCsv(join(out, 'opportunity-upsert.csv')).rows;
    for (const row of opportunities) expect(Boolean(row.parentcontactid) || Boolean(row['parentcontactid.lg_listgateid'])).toBe(true);
    const responses = readCsv(join(out, 'campaignresponse-insert.csv')).rows;
    expect(new Set(responses.map((r) => r.regardingobjectid))).toEqual(new Set(['Expo 2026']));
  });

  it('HubSpot: contacts (Leads with lifecycle stage lead), deals with their associations, Record ID updates', async () => {
    const out = join(dir, 'hubspot');
    const { manifest } = await exportBatch(t.crm, batchId, { crm: 'hubspot', out });
    checkAgainstDocumentation(out, manifest, documentedCrms.hubspot, 'Listgate ID');
    const leads = readCsv(join(out, 'contacts-lead-upsert.csv')).rows;
    expect(leads.length).toBe((await created('leads')).length);
    for (const row of leads) expect(row['Lifecycle Stage']).toBe('lead');
    const deals = readCsv(join(out, 'deals-upsert.csv')).rows;
    for (const row of deals) {
      expect(row.Pipeline).toBe('default');
      expect(Boolean(row['Contact Record ID']) || Boolean(row['Contact Listgate ID'])).toBe(true);
    }
    for (const file of manifest.files.filter((f) => f.operation === 'update' && f.purpose === 'apply')) {
      expect(readCsv(join(out, file.file)).headers[0]).toBe('Record ID');
    }
  });

  it('an erasure, and one in anonymize mode, carried to Salesforce as a delete and an emptying update', async () => {
    const contact = await t.crm.db.selectFrom('contacts').selectAll().where('id', 'like', 'CON-%').where('email', 'is not', null).orderBy('id').executeTakeFirstOrThrow();
    const lead = await t.crm.db.selectFrom('leads').selectAll().where('id', 'like', 'LEAD-%').where('email', 'is not', null).orderBy('id').executeTakeFirstOrThrow();
    const newLead = (await created('leads')).find((l) => l.email)!;
    const since = new Date(Date.now() - 1000);
    await erasePerson(t.crm, contact.email!);
    await erasePerson(t.crm, lead.email!, { mode: 'anonymize' });
    await erasePerson(t.crm, newLead.email!);
    const out = join(dir, 'removals');
    const { manifest } = await exportRemovals(t.crm, { crm: 'salesforce', out, since });
    checkAgainstDocumentation(out, manifest, documentedCrms.salesforce, 'Listgate_Id__c');
    expect(readCsv(join(out, 'removals/Contact-delete.csv')).rows).toEqual([{ Id: contact.id }]);
    const emptied = manifest.files.find((f) => f.object === 'Lead' && f.file.includes('clear'))!;
    const cleared = readCsv(join(out, emptied.file));
    expect(cleared.rows).toHaveLength(1);
    expect(cleared.rows[0].Id).toBe(lead.id);
    // LastName and Company cannot be empty in Salesforce: they get the fill-in instead
    expect(cleared.rows[0].LastName).toBe('[not provided]');
    expect(cleared.rows[0].Email).toBe('');
    expect(readCsv(join(out, 'removals/Lead-update.csv')).rows).toEqual([{ Id: lead.id, HasOptedOutOfEmail: 'true', DoNotCall: 'true' }]);
    // a Lead listgate created and the CRM never echoed: nothing to delete there, and said so
    expect(manifest.not_carried.map((n) => n.id)).toContain(newLead.id);
  });

  it('a batch export carries the later erasure of a record the batch changed (removals/)', async () => {
    const updated = await t.crm.db.selectFrom('change_log').select('entity_id').where('batch_id', '=', batchId)
      .where('operation', '=', 'update').where('entity_type', '=', 'contact').orderBy('entity_id').execute();
    const contact = await t.crm.db.selectFrom('contacts').selectAll().where('id', 'in', updated.map((u) => u.entity_id)).where('email', 'is not', null).orderBy('id').executeTakeFirstOrThrow();
    await erasePerson(t.crm, contact.email!);
    const out = join(dir, 'salesforce-after-erasure');
    const { manifest } = await exportBatch(t.crm, batchId, { crm: 'salesforce', out });
    const removal = manifest.files.find((f) => f.purpose === 'removal' && f.object === 'Contact' && f.operation === 'delete')!;
    expect(removal.file).toBe('removals/Contact-delete.csv');
    expect(readCsv(join(out, removal.file)).rows.map((r) => r.Id)).toContain(contact.id);
    // its update went with the erasure (the change log copy is scrubbed): the apply files no longer carry it
    expect(readCsv(join(out, 'Contact-update.csv')).rows.map((r) => r.Id)).not.toContain(contact.id);
  });

  it('a layout without import_files, or with a bad key, stops with one line naming the file and key', () => {
    expect(() => parseImportFiles({ entities: {} }, 'crms/x.json')).toThrow(/crms\/x\.json: no "import_files" key/);
    expect(() => parseImportFiles({ import_files: { tool: 't', external_id_header: 'X', entities: { lead: { object: 'Lead', id_header: 'Id', fields: { a: 3 } } } } }, 'crms/x.json'))
      .toThrow(/crms\/x\.json import_files: key "entities\.lead\.fields\.a"/);
  });
});
