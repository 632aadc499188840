import { sql, type Kysely } from 'kysely';
import type { CrmDatabase } from '../../src/db/schema.js';
import type { Route, RowPlan } from '../../src/types.js';

/** A staged row as the stage would write it; only what commit and review read. */
export interface FixtureRow {
  sourceRow: number;
  route: Route;
  plan?: RowPlan;
  contactId?: string;
  leadId?: string;
  accountId?: string;
  normalized?: Record<string, unknown>;
  match?: unknown;
  reasons?: string;
  score?: number;
  decision?: 'merge' | 'create_new' | 'skip';
}

export interface FixtureBatch {
  id: string;
  file?: string;
  pipeline?: string;
  intent?: 'interest' | 'prospect';
  sourceIsNewer?: boolean;
  vendor?: string;
  list?: string;
  rows: FixtureRow[];
}

/** Writes a staged batch (import_batches + batch_rows with plans) directly, as `listgate stage` would. */
export async function insertStagedBatch(db: Kysely<CrmDatabase>, batch: FixtureBatch): Promise<void> {
  const counts: Record<string, number> = {};
  for (const row of batch.rows) counts[row.route] = (counts[row.route] ?? 0) + 1;
  await db.insertInto('import_batches').values({
    id: batch.id, file: batch.file ?? `${batch.id}.csv`, pipeline: batch.pipeline ?? 'fixture',
    pipeline_config: JSON.stringify({ intent: batch.intent ?? 'interest', source_is_newer: batch.sourceIsNewer ?? false }),
    intent: batch.intent ?? 'interest', vendor: batch.vendor ?? null, list: batch.list ?? null, campaign: 'Expo 2026',
    status: 'staged', row_count: batch.rows.length, counts: JSON.stringify(counts), staged_at: new Date(),
  }).execute();
  for (let i = 0; i < batch.rows.length; i += 1000) {
    await db.insertInto('batch_rows').values(batch.rows.slice(i, i + 1000).map((row) => ({
      batch_id: batch.id, source_row: row.sourceRow,
      raw: JSON.stringify({ row: String(row.sourceRow) }),
      normalized: JSON.stringify(row.normalized ?? {}), issues: '[]',
      route: row.route, reasons: row.reasons ?? null, score: row.score ?? null,
      match: row.match === undefined ? null : JSON.stringify(row.match),
      account_id: row.accountId ?? null, contact_id: row.contactId ?? null, lead_id: row.leadId ?? null,
      plan: row.plan ? JSON.stringify(row.plan) : null,
      decision: row.decision ?? null, decided_at: row.decision ? new Date() : null, decided_by: row.decision ? 'fixture' : null,
    }))).execute();
  }
}

/**
 * A big staged batch made in the database itself (generate_series): `leads` new-lead rows and
 * `contacts` new-contact-and-opportunity rows under one account, each with a vendor record id.
 */
export async function insertGeneratedBatch(
  db: Kysely<CrmDatabase>, options: { id: string; leads: number; contacts?: number; accountId?: string; updates?: string[] },
): Promise<void> {
  const { id, leads, contacts = 0, accountId = null } = options;
  await db.insertInto('import_batches').values({
    id, file: `${id}.csv`, pipeline: 'generated', pipeline_config: JSON.stringify({ intent: 'interest', source_is_newer: false }),
    intent: 'interest', vendor: 'acme-lists', list: id, status: 'staged', row_count: leads + contacts, counts: '{}', staged_at: new Date(),
  }).execute();
  await sql`insert into batch_rows (batch_id, source_row, raw, normalized, route, plan)
    select ${id}::text, g, jsonb_build_object('email', 'lead' || g || '@example.com'), '{}'::jsonb, 'new_lead',
      jsonb_build_object(
        'createLead', jsonb_build_object('id', ${id}::text || '-L-' || g, 'values', jsonb_build_object(
          'first_name', 'First' || g, 'last_name', 'Last' || g, 'company', 'Company ' || (g % 997),
          'email', 'lead' || g || '@example.com', 'email_key', 'lead' || g || '@example.com', 'email_domain', 'example.com',
          'phone', '+1 555 ' || lpad((g % 10000000)::text, 7, '0'), 'phone_e164', '+1555' || lpad((g % 10000000)::text, 7, '0'),
          'first_name_key', 'first' || g, 'last_name_key', 'last' || g, 'first_initial', 'f',
          'status', 'Open', 'rating', 'warm', 'lead_source', 'Trade Show', 'source_campaign', 'Expo 2026', 'follow_up_due', '2026-01-04')),
        'vendorRecord', jsonb_build_object('vendor', 'acme-lists', 'list', ${id}::text, 'vendorRecordId', 'V' || g))
    from generate_series(1, ${leads}::int) g`.execute(db);
  if (contacts > 0) {
    await sql`insert into batch_rows (batch_id, source_row, raw, normalized, route, account_id, plan)
      select ${id}::text, g, jsonb_build_object('email', 'contact' || g || '@acme.example'), '{}'::jsonb, 'new_contact_and_opportunity', ${accountId}::text,
        jsonb_build_object(
          'createContact', jsonb_build_object('id', ${id}::text || '-C-' || g, 'values', jsonb_build_object(
            'account_id', ${accountId}::text, 'first_name', 'Cfirst' || g, 'last_name', 'Clast' || g,
            'email', 'contact' || g || '@acme.example', 'email_key', 'contact' || g || '@acme.example', 'corporate_domain', 'acme.example',
            'lead_source', 'Trade Show', 'source_campaign', 'Expo 2026')),
          'createOpportunity', jsonb_build_object('id', ${id}::text || '-O-' || g, 'values', jsonb_build_object(
            'account_id', ${accountId}::text, 'contact_id', ${id}::text || '-C-' || g, 'name', 'Expo 2026 - Acme', 'stage', 'Qualification',
            'lead_source', 'Trade Show', 'source_campaign', 'Expo 2026')),
          'vendorRecord', jsonb_build_object('vendor', 'acme-lists', 'list', ${id}::text, 'vendorRecordId', 'V' || g))
      from generate_series(${leads + 1}::int, ${leads + contacts}::int) g`.execute(db);
  }
  if (options.updates?.length) {
    const start = leads + contacts + 1;
    await sql`insert into batch_rows (batch_id, source_row, raw, normalized, route, contact_id, plan)
      select ${id}::text, ${start}::int + (u.n - 1)::int, '{}'::jsonb,
        jsonb_build_object('person', jsonb_build_object('phone', '+1 217 555 ' || lpad(u.n::text, 4, '0'), 'phoneE164', '+1217555' || lpad(u.n::text, 4, '0'))),
        'update_contact', u.contact_id,
        jsonb_build_object('update', jsonb_build_object('entityType', 'contact', 'entityId', u.contact_id, 'fields', jsonb_build_array(
          jsonb_build_object('field', 'phone', 'old', null, 'new', '+1 217 555 ' || lpad(u.n::text, 4, '0'), 'kind', 'fill'),
          jsonb_build_object('field', 'title', 'old', null, 'new', 'Buyer', 'kind', 'fill'))),
          'vendorRecord', jsonb_build_object('vendor', 'acme-lists', 'list', ${id}::text, 'vendorRecordId', 'U' || u.n))
      from unnest(${sql.raw(`array[${options.updates.map((u) => `'${u.replace(/'/g, "''")}'`).join(',')}]`)}::text[]) with ordinality as u(contact_id, n)`.execute(db);
  }
}

/** md5 of every CRM table's full contents (every column, updated_at too), to prove undo restores them byte for byte. */
export async function crmChecksums(db: Kysely<CrmDatabase>): Promise<Record<string, string>> {
  const tables = ['accounts', 'contacts', 'leads', 'opportunities', 'vendor_record_ids', 'campaign_responses', 'suppressions'];
  const sums: Record<string, string> = {};
  for (const table of tables) {
    const { rows } = await sql<{ sum: string; n: number }>`
      select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as sum, count(*)::int as n from ${sql.table(table)} t`.execute(db);
    sums[table] = `${rows[0].n}:${rows[0].sum}`;
  }
  return sums;
}

/** A few CRM records to match against: Account A1 with Contacts C1..C3, Lead L1. */
export async function insertSmallCrm(db: Kysely<CrmDatabase>): Promise<void> {
  const old = '2020-01-02T03:04:05.123456Z';
  await db.insertInto('accounts').values({ id: 'A1', name: 'Acme Corp', phone: '+1 555 0100', street: '1 Main St', city: 'Springfield', state: 'IL', postal_code: '62701', country: 'US', extra: '{}', created_at: old, updated_at: old }).execute();
  await db.insertInto('contacts').values([
    { id: 'C1', account_id: 'A1', first_name: 'Robert', last_name: 'Smith', email: 'robert.smith@acme.com', email_key: 'robert.smith@acme.com', phone: '+1 555 0101', phone_e164: '+15550101', title: 'Engineer', city: 'Springfield', extra: '{"crm":"yes"}', created_at: old, updated_at: old },
    { id: 'C2', account_id: 'A1', first_name: 'Jane', last_name: 'Doe', email: 'jane.doe@acme.com', email_key: 'jane.doe@acme.com', title: null, phone: null, extra: '{}', created_at: old, updated_at: old },
    { id: 'C3', account_id: 'A1', first_name: 'Bill', last_name: 'Jones', email: 'bill@acme.com', email_key: 'bill@acme.com', title: 'Manager', extra: '{}', created_at: old, updated_at: old },
  ]).execute();
  await db.insertInto('leads').values({ id: 'L1', first_name: 'Ann', last_name: 'Lee', company: 'Globex', email: 'ann@globex.com', email_key: 'ann@globex.com', status: 'Open', rating: 'cold', extra: '{}', created_at: old, updated_at: old }).execute();
}
