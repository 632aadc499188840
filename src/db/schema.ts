import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface AccountTable {
  id: string;
  name: Defaulted<string>;
  website: string | null; phone: string | null; street: string | null; city: string | null;
  state: string | null; postal_code: string | null; country: string | null;
  relationship_type: string | null;
  name_key: string | null; acronym_key: string | null; website_domain: string | null; phone_e164: string | null;
  extra: Json<Record<string, string>>;
  origin: Defaulted<string>;
  created_batch_id: string | null;
  created_at: Timestamp; updated_at: Timestamp;
}

interface PersonKeys {
  email_key: string | null; email_domain: string | null; corporate_domain: string | null;
  phone_e164: string | null; mobile_e164: string | null;
  first_name_key: string | null; first_name_canonical: string | null; first_initial: string | null;
  last_name_key: string | null; last_name_metaphone: string | null;
}

export interface ContactTable extends PersonKeys {
  id: string;
  account_id: string | null;
  first_name: string | null; last_name: string | null; email: string | null; secondary_email: string | null;
  phone: string | null; mobile: string | null; title: string | null;
  street: string | null; city: string | null; state: string | null; postal_code: string | null; country: string | null;
  do_not_contact: Defaulted<boolean>;
  lead_source: string | null; source_campaign: string | null;
  extra: Json<Record<string, string>>;
  origin: Defaulted<string>;
  created_batch_id: string | null;
  created_at: Timestamp; updated_at: Timestamp;
}

export interface LeadTable extends PersonKeys {
  id: string;
  account_id: string | null;
  first_name: string | null; last_name: string | null; company: string | null; email: string | null;
  secondary_email: string | null; phone: string | null; mobile: string | null; title: string | null;
  street: string | null; city: string | null; state: string | null; postal_code: string | null; country: string | null;
  website: string | null;
  status: string | null; rating: string | null; lead_source: string | null; source_campaign: string | null;
  follow_up_due: ColumnType<Date | string | null, Date | string | null | undefined, Date | string | null>;
  do_not_contact: Defaulted<boolean>;
  company_key: string | null; company_acronym: string | null; website_domain: string | null;
  extra: Json<Record<string, string>>;
  origin: Defaulted<string>;
  created_batch_id: string | null;
  created_at: Timestamp; updated_at: Timestamp;
}

export interface OpportunityTable {
  id: string;
  account_id: string | null; contact_id: string | null; lead_id: string | null;
  name: Defaulted<string>;
  stage: string | null; status: string | null; lead_source: string | null; source_campaign: string | null;
  extra: Json<Record<string, string>>;
  origin: Defaulted<string>;
  created_batch_id: string | null;
  created_at: Timestamp; updated_at: Timestamp;
}

export type BatchStatus = 'staging' | 'staged' | 'committing' | 'committed' | 'undone' | 'failed';

export interface ImportBatchTable {
  id: string;
  file: string; file_sha256: string | null; sheet: string | null;
  pipeline: string; pipeline_config: Json<Record<string, unknown>>;
  intent: string; vendor: string | null; list: string | null; campaign: string | null;
  status: Defaulted<BatchStatus>;
  row_count: Defaulted<number>;
  counts: Json<Record<string, number>>;
  report_dir: string | null;
  created_at: Timestamp;
  staged_at: Timestamp | null; committed_at: Timestamp | null; undone_at: Timestamp | null;
}

export interface BatchRowTable {
  batch_id: string;
  source_row: number;
  raw: Json<Record<string, string>>;
  normalized: Json<Record<string, unknown>>;
  issues: Json<unknown[]>;
  email_key: string | null; corporate_domain: string | null; phone_e164: string | null; mobile_e164: string | null;
  first_initial: string | null; last_name_metaphone: string | null; company_key: string | null;
  company_acronym: string | null; website_domain: string | null; vendor_record_id: string | null;
  /** migration 0011: for names written the other way round */
  first_name_metaphone: string | null; last_initial: string | null;
  route: string | null;
  reasons: string | null;
  score: number | null;
  match: Json<unknown> | null;
  account_id: string | null; contact_id: string | null; lead_id: string | null;
  duplicate_of_row: number | null;
  plan: Json<unknown> | null;
  decision: string | null; decided_at: Timestamp | null; decided_by: string | null;
  /** the record a merge (or a correction's attach) goes into, when the steward named one */
  decision_target: Json<{ entityType: 'contact' | 'lead'; id: string }> | null;
  /** field -> 'crm' | 'list': which value survives */
  field_choices: Json<Record<string, 'crm' | 'list'>> | null;
  /** the plan commit applies for the decision, when it differs from the staged one */
  decision_plan: Json<unknown> | null;
  /** a corrected row's route as staged (its route is then merge_candidate or attach) */
  staged_route: string | null;
  /** generated from reasons: what rows sharing a reason have in common (bulk decisions) */
  reason_key: ColumnType<string | null, never, never>;
  applied: Defaulted<boolean>;
  /** validation rejected the row (also in normalized.rejected) */
  rejected: Defaulted<boolean>;
}

/** What matching reads of a staged row, written as the file is read (batch_rows is written when the row is routed). */
export interface BatchRowKeyTable {
  batch_id: string;
  source_row: number;
  rejected: Defaulted<boolean>;
  person: Json<Record<string, unknown>>;
  email_key: string | null; corporate_domain: string | null; phone_e164: string | null; mobile_e164: string | null;
  first_initial: string | null; last_name_metaphone: string | null; company_key: string | null;
  company_acronym: string | null; website_domain: string | null; vendor_record_id: string | null;
  /** migration 0011: for names written the other way round */
  first_name_metaphone: string | null; last_initial: string | null;
}

export interface VendorRecordIdTable {
  vendor: string; list: string; vendor_record_id: string;
  entity_type: string; entity_id: string;
  first_seen_batch: string | null; last_seen_batch: string | null;
  first_seen_at: Timestamp; last_seen_at: Timestamp;
}

export interface CampaignResponseTable {
  id: Generated<string>;
  entity_type: string | null; entity_id: string | null;
  campaign: string | null; kind: string;
  responded_at: Timestamp;
  email: string | null; phone: string | null; vendor: string | null; list: string | null; vendor_record_id: string | null;
  source_file: string | null; batch_id: string | null;
  created_at: Timestamp;
}

export interface SuppressionTable {
  id: Generated<string>;
  kind: string; value: string | null; value_hash: string; reason: string | null; source: string | null;
  created_at: Timestamp;
}

export interface ChangeLogTable {
  id: Generated<string>;
  batch_id: string; entity_type: string; entity_id: string;
  operation: 'insert' | 'update' | 'delete' | string;
  before: Json<Record<string, unknown>> | null;
  after: Json<Record<string, unknown>> | null;
  created_at: Timestamp;
}

export interface StewardDecisionLogTable {
  id: Generated<string>;
  batch_id: string; source_row: number;
  decision: string | null;
  target: Json<{ entityType: 'contact' | 'lead'; id: string }> | null;
  field_choices: Json<Record<string, 'crm' | 'list'>> | null;
  /** the row's decision state before this one, for undo */
  previous: Json<Record<string, unknown>> | null;
  decided_by: string;
  decided_at: Timestamp;
}

export interface PurgeLogTable {
  id: Generated<string>;
  vendor: string; list: string; vendor_record_id: string; entity_type: string; action: string;
  email_sha256: string | null;
  purged_at: Timestamp;
}

/** A Contact or Lead a purge or erasure removed, for `listgate export` to carry to the CRM (migration 0009). */
export interface CrmRemovalTable {
  id: Generated<string>;
  entity_type: string; entity_id: string;
  action: 'delete' | 'anonymize' | string;
  reason: string;
  batch_ids: Json<string[]>;
  removed_at: Timestamp;
}

export interface CrmDatabase {
  accounts: AccountTable;
  contacts: ContactTable;
  leads: LeadTable;
  opportunities: OpportunityTable;
  import_batches: ImportBatchTable;
  batch_rows: BatchRowTable;
  batch_row_keys: BatchRowKeyTable;
  vendor_record_ids: VendorRecordIdTable;
  campaign_responses: CampaignResponseTable;
  suppressions: SuppressionTable;
  change_log: ChangeLogTable;
  purge_log: PurgeLogTable;
  crm_removals: CrmRemovalTable;
  steward_decision_log: StewardDecisionLogTable;
}

export type Account = Selectable<AccountTable>;
export type NewAccount = Insertable<AccountTable>;
export type Contact = Selectable<ContactTable>;
export type NewContact = Insertable<ContactTable>;
export type ContactUpdate = Updateable<ContactTable>;
export type Lead = Selectable<LeadTable>;
export type NewLead = Insertable<LeadTable>;
export type Opportunity = Selectable<OpportunityTable>;
export type ImportBatch = Selectable<ImportBatchTable>;
export type BatchRow = Selectable<BatchRowTable>;
