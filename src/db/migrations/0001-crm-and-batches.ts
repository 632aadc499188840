import { sql, type Kysely } from 'kysely';

/**
 * The CRM tables (records keep the CRM's own id as text), the staging tables of listgate's
 * batches, vendor record ids, suppressions, campaign responses and the change log used by undo.
 * Columns ending in _key, _e164, _domain, _metaphone or _initial are normalized match keys,
 * computed by src/normalize when a record is loaded or created, and indexed for blocking.
 */
const statements = [
  `create table accounts (
    id text primary key,
    name text not null default '',
    website text, phone text, street text, city text, state text, postal_code text, country text,
    relationship_type text,
    name_key text, acronym_key text, website_domain text, phone_e164 text,
    extra jsonb not null default '{}'::jsonb,
    origin text not null default 'crm',
    created_batch_id text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index accounts_name_key on accounts (name_key)`,
  `create index accounts_acronym_key on accounts (acronym_key)`,
  `create index accounts_website_domain on accounts (website_domain)`,
  `create index accounts_phone_e164 on accounts (phone_e164)`,

  `create table contacts (
    id text primary key,
    account_id text references accounts(id) on delete set null,
    first_name text, last_name text, email text, secondary_email text,
    phone text, mobile text, title text,
    street text, city text, state text, postal_code text, country text,
    do_not_contact boolean not null default false,
    lead_source text, source_campaign text,
    email_key text, email_domain text, corporate_domain text,
    phone_e164 text, mobile_e164 text,
    first_name_key text, first_name_canonical text, first_initial text,
    last_name_key text, last_name_metaphone text,
    extra jsonb not null default '{}'::jsonb,
    origin text not null default 'crm',
    created_batch_id text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index contacts_account_id on contacts (account_id)`,
  `create index contacts_email_key on contacts (email_key)`,
  `create index contacts_corporate_domain on contacts (corporate_domain)`,
  `create index contacts_phone_e164 on contacts (phone_e164)`,
  `create index contacts_mobile_e164 on contacts (mobile_e164)`,
  `create index contacts_name_block on contacts (last_name_metaphone, first_initial)`,

  `create table leads (
    id text primary key,
    account_id text references accounts(id) on delete set null,
    first_name text, last_name text, company text, email text, secondary_email text,
    phone text, mobile text, title text,
    street text, city text, state text, postal_code text, country text, website text,
    status text, rating text, lead_source text, source_campaign text, follow_up_due date,
    do_not_contact boolean not null default false,
    email_key text, email_domain text, corporate_domain text,
    phone_e164 text, mobile_e164 text,
    first_name_key text, first_name_canonical text, first_initial text,
    last_name_key text, last_name_metaphone text,
    company_key text, company_acronym text, website_domain text,
    extra jsonb not null default '{}'::jsonb,
    origin text not null default 'crm',
    created_batch_id text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index leads_email_key on leads (email_key)`,
  `create index leads_corporate_domain on leads (corporate_domain)`,
  `create index leads_phone_e164 on leads (phone_e164)`,
  `create index leads_name_block on leads (last_name_metaphone, first_initial)`,
  `create index leads_company_key on leads (company_key)`,

  `create table opportunities (
    id text primary key,
    account_id text references accounts(id) on delete set null,
    contact_id text references contacts(id) on delete set null,
    lead_id text references leads(id) on delete set null,
    name text not null default '',
    stage text, status text, lead_source text, source_campaign text,
    extra jsonb not null default '{}'::jsonb,
    origin text not null default 'crm',
    created_batch_id text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index opportunities_account_id on opportunities (account_id)`,
  `create index opportunities_contact_id on opportunities (contact_id)`,
  `create index opportunities_lead_id on opportunities (lead_id)`,

  `create table import_batches (
    id text primary key,
    file text not null,
    file_sha256 text,
    sheet text,
    pipeline text not null,
    pipeline_config jsonb not null default '{}'::jsonb,
    intent text not null,
    vendor text, list text, campaign text,
    status text not null default 'staging',
    row_count integer not null default 0,
    counts jsonb not null default '{}'::jsonb,
    report_dir text,
    created_at timestamptz not null default now(),
    staged_at timestamptz, committed_at timestamptz, undone_at timestamptz
  )`,

  `create table batch_rows (
    batch_id text not null references import_batches(id) on delete cascade,
    source_row integer not null,
    raw jsonb not null,
    normalized jsonb not null default '{}'::jsonb,
    issues jsonb not null default '[]'::jsonb,
    email_key text, corporate_domain text, phone_e164 text, mobile_e164 text,
    first_initial text, last_name_metaphone text, company_key text, company_acronym text,
    website_domain text, vendor_record_id text,
    route text,
    reasons text,
    score double precision,
    match jsonb,
    account_id text, contact_id text, lead_id text,
    duplicate_of_row integer,
    plan jsonb,
    decision text, decided_at timestamptz, decided_by text,
    applied boolean not null default false,
    primary key (batch_id, source_row)
  )`,
  `create index batch_rows_route on batch_rows (batch_id, route)`,

  `create table vendor_record_ids (
    vendor text not null,
    list text not null,
    vendor_record_id text not null,
    entity_type text not null,
    entity_id text not null,
    first_seen_batch text, last_seen_batch text,
    first_seen_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    primary key (vendor, list, vendor_record_id)
  )`,
  `create index vendor_record_ids_entity on vendor_record_ids (entity_type, entity_id)`,

  `create table campaign_responses (
    id bigserial primary key,
    entity_type text, entity_id text,
    campaign text, kind text not null,
    responded_at timestamptz not null,
    email text, phone text, vendor text, list text, vendor_record_id text,
    source_file text, batch_id text,
    created_at timestamptz not null default now()
  )`,
  `create index campaign_responses_entity on campaign_responses (entity_type, entity_id)`,

  `create table suppressions (
    id bigserial primary key,
    kind text not null,
    value text,
    value_hash text not null,
    reason text,
    source text,
    created_at timestamptz not null default now(),
    unique (kind, value_hash)
  )`,

  `create table change_log (
    id bigserial primary key,
    batch_id text not null,
    entity_type text not null,
    entity_id text not null,
    operation text not null,
    before jsonb,
    after jsonb,
    created_at timestamptz not null default now()
  )`,
  `create index change_log_batch on change_log (batch_id)`,
  `create index change_log_entity on change_log (entity_type, entity_id)`,

  `create table purge_log (
    id bigserial primary key,
    vendor text not null, list text not null, vendor_record_id text not null,
    entity_type text not null, action text not null,
    email_sha256 text,
    purged_at timestamptz not null default now()
  )`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['purge_log', 'change_log', 'suppressions', 'campaign_responses', 'vendor_record_ids',
    'batch_rows', 'import_batches', 'opportunities', 'leads', 'contacts', 'accounts']) {
    await sql.raw(`drop table if exists ${table} cascade`).execute(db);
  }
}
