/**
 * The shapes that pass between stages: extract -> map -> normalize -> match -> route -> report -> commit.
 * Each stage owns its folder under src/; these types are the contract between them.
 */

/** Canonical fields a list column can be mapped to. */
export const canonicalFields = [
  'first_name', 'last_name', 'middle_name', 'full_name', 'salutation', 'suffix',
  'email', 'secondary_email', 'phone', 'phone_ext', 'mobile',
  'company', 'website', 'title', 'department',
  'street', 'street2', 'city', 'state', 'postal_code', 'country',
  'vendor_record_id', 'lead_source', 'campaign', 'rating', 'interest', 'notes', 'opt_out',
  'linkedin_url', 'industry', 'employees', 'revenue', 'created_date',
] as const;
export type CanonicalField = (typeof canonicalFields)[number];

/** A data row as read from a file: cells by header, and its spreadsheet row number (header = 1). */
export interface RawRow {
  sourceRow: number;
  cells: Record<string, string>;
  /** problems the reader found in this row (extra cells, unterminated quote...) */
  issues?: RowIssue[];
}

/** A row after column mapping: canonical values plus the cells no mapping claimed. */
export interface MappedRow {
  sourceRow: number;
  raw: Record<string, string>;
  values: Partial<Record<CanonicalField, string>>;
  unmapped: Record<string, string>;
}

export type IssueSeverity = 'reject' | 'warning' | 'info';

/** Something wrong or notable about a row; rejects decide the row's route. */
export interface RowIssue {
  code: string;
  message: string;
  field?: string;
  severity: IssueSeverity;
}

/**
 * A person (and their company) normalized for display and for matching. The same shape is
 * computed for incoming rows and for CRM records, so keys compare like with like.
 */
export interface NormalizedPerson {
  firstName?: string;
  middleName?: string;
  lastName?: string;
  salutation?: string;
  suffix?: string;
  /** accent-folded, lower-case first name */
  firstNameKey?: string;
  /** nickname-resolved first name key: bob -> robert */
  firstNameCanonical?: string;
  firstInitial?: string;
  lastNameKey?: string;
  /** Double Metaphone primary code of the last name */
  lastNameMetaphone?: string;

  email?: string;
  emailValid?: boolean;
  /** match key: lower-cased, Gmail dots and +tags removed */
  emailKey?: string;
  emailDomain?: string;
  /** the email's domain when it is a company's (never for free-mail) */
  corporateDomain?: string;
  emailIsFree?: boolean;
  emailIsRole?: boolean;
  emailIsDisposable?: boolean;
  emailSuggestion?: string;

  phone?: string;
  phoneE164?: string;
  phoneExt?: string;
  mobile?: string;
  mobileE164?: string;

  company?: string;
  /** company name without legal suffixes, punctuation, 'the', '&'/'and' */
  companyKey?: string;
  /** initials of the company name: International Business Machines -> ibm */
  companyAcronym?: string;
  website?: string;
  websiteDomain?: string;

  title?: string;
  street?: string;
  city?: string;
  /** state or province code for US and CA, else as given */
  state?: string;
  postalCode?: string;
  /** ISO 3166-1 alpha-2 */
  country?: string;
}

/** An incoming row after normalize and validate. */
export interface NormalizedRow extends MappedRow {
  person: NormalizedPerson;
  issues: RowIssue[];
  /** true when a reject issue makes the row unusable */
  rejected: boolean;
}

export const routes = [
  'new_lead', 'existing_lead', 'new_contact_and_opportunity', 'opportunity_for_contact',
  'update_contact', 'merge_candidate', 'duplicate_in_file', 'suppressed', 'rejected',
] as const;
export type Route = (typeof routes)[number];

export type Intent = 'interest' | 'prospect';
export type EntityType = 'account' | 'contact' | 'lead' | 'opportunity';
export type Rating = 'hot' | 'warm' | 'cold';

/** One field change proposed on a matched record: old -> new. */
export interface FieldUpdate {
  field: string;
  old: string | null;
  new: string;
  /** fill: the old value was empty; overwrite: the source is newer; secondary_email: a changed email kept */
  kind: 'fill' | 'overwrite' | 'secondary_email';
  /** a steward chose which value survives (review --keep, the review screen); commit obeys it over the rules */
  chosen?: 'crm' | 'list';
}

/**
 * What committing one staged row will do, decided at stage time and shown in the report.
 * Columns use the CRM tables' column names (src/db/schema.ts). Ids of records to create are
 * chosen at stage time ("LG-..." prefixed) so a report, a re-run and an undo all name the same records.
 */
export interface RowPlan {
  createLead?: { id: string; values: Record<string, unknown> };
  createContact?: { id: string; values: Record<string, unknown> };
  createOpportunity?: { id: string; values: Record<string, unknown> };
  update?: { entityType: 'contact' | 'lead'; entityId: string; fields: FieldUpdate[] };
  /**
   * (vendor, list, vendor_record_id) to keep on the record created or matched. Commit keeps it on
   * entityType/entityId when given, else on the contact or lead this plan creates, else on the
   * record it updates, else on the row's matched contact_id / lead_id.
   */
  vendorRecord?: { vendor: string; list: string; vendorRecordId: string; entityType?: 'contact' | 'lead'; entityId?: string };
  /** interest lists: a campaign response to record on a matched record (existing_lead, opportunity_for_contact...) */
  campaignResponse?: { entityType: 'contact' | 'lead'; entityId: string; campaign: string | null; kind: string };
  /**
   * merge_candidate rows only: what each steward decision does. merge: attach the row to the
   * candidate (update with the same field rules, vendor record, opportunity for interest lists);
   * create_new: what the no-match route would do. skip does nothing. The top-level fields of a
   * merge_candidate plan are ignored by commit.
   */
  onMerge?: RowPlan;
  onCreateNew?: RowPlan;
}

/** One comparison's outcome on a candidate pair, in words a data steward reads. */
export interface ComparisonOutcome {
  /** comparison name from the matcher file, e.g. "email" */
  comparison: string;
  /** the level that applied, e.g. "exact", "nickname", "jaro_winkler>=0.92", "null", "else" */
  level: string;
  /** log2 likelihood-ratio weight this level adds (negative for disagreement) */
  weight: number;
  /** e.g. "first name Bob ~ Robert (nickname)" */
  detail: string;
}

export type MatchBand = 'match' | 'review' | 'none';

/** A CRM record scored against an incoming row (or another row of the same file). */
export interface ScoredCandidate {
  entityType: 'contact' | 'lead' | 'account';
  id: string;
  score: number;
  band: MatchBand;
  comparisons: ComparisonOutcome[];
  /** guards that fired: "role address is weak evidence", "switchboard phone", "moved company"... */
  guards: string[];
  /** one line: "email identical +9.1; first name Bob ~ Robert (nickname) +3.0; ... = 16.3" */
  explanation: string;
}

/** Everything the match stage found for one incoming row; routing decides from it. */
export interface RowMatch {
  /** best contact/lead/account candidates (band match or review), if any */
  contact?: ScoredCandidate;
  lead?: ScoredCandidate;
  account?: ScoredCandidate & { via: string };
  /** top candidates of every type, best first, for the report */
  candidates: ScoredCandidate[];
  /** blocking produced more candidates than the bound; the weakest were cut */
  candidatesCut: boolean;
  /** stored rows only: how many candidates the match scored, when only the best of each kind was stored (listgate explain shows them all) */
  candidatesScored?: number;
  /** two candidates too close to call: route to merge_candidate */
  ambiguous?: { entityType: 'contact' | 'lead'; ids: string[]; reason: string };
  /** a vendor record id already known for this vendor list (refresh) */
  vendorMatch?: { entityType: 'contact' | 'lead'; id: string };
}
