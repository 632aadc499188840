/**
 * The four files of a CRM export snapshot and the columns listgate reads from each.
 * Headers are matched case-insensitively after trimming; a header that is not a known column
 * is kept in the record's `extra` jsonb. Only the id column is required.
 */
export type CrmFileKind = 'accounts' | 'contacts' | 'leads' | 'opportunities';

export interface CrmFileSpec {
  kind: CrmFileKind;
  table: CrmFileKind;
  /** the CRM id column, required */
  idColumn: string;
  /** columns a CRM export usually has (documented in the README), in that order */
  documented: readonly string[];
  /** further table columns accepted when present */
  alsoAccepted: readonly string[];
  /** columns referring to records loaded earlier, checked and set to null when unknown */
  references: readonly { column: string; table: CrmFileKind; label: string }[];
}

export const crmFileSpecs: Record<CrmFileKind, CrmFileSpec> = {
  accounts: {
    kind: 'accounts', table: 'accounts', idColumn: 'account_id',
    documented: ['account_id', 'name', 'website', 'phone', 'street', 'city', 'state', 'postal_code', 'country', 'relationship_type'],
    alsoAccepted: [],
    references: [],
  },
  contacts: {
    kind: 'contacts', table: 'contacts', idColumn: 'contact_id',
    documented: ['contact_id', 'account_id', 'first_name', 'last_name', 'email', 'phone', 'mobile', 'title', 'city', 'state', 'country', 'do_not_contact'],
    alsoAccepted: ['secondary_email', 'street', 'postal_code', 'lead_source', 'source_campaign'],
    references: [{ column: 'account_id', table: 'accounts', label: 'account' }],
  },
  leads: {
    kind: 'leads', table: 'leads', idColumn: 'lead_id',
    documented: ['lead_id', 'first_name', 'last_name', 'company', 'email', 'phone', 'title', 'status', 'rating', 'lead_source', 'source_campaign'],
    alsoAccepted: ['secondary_email', 'mobile', 'website', 'street', 'city', 'state', 'postal_code', 'country', 'do_not_contact'],
    references: [],
  },
  opportunities: {
    kind: 'opportunities', table: 'opportunities', idColumn: 'opportunity_id',
    documented: ['opportunity_id', 'account_id', 'contact_id', 'name', 'stage', 'status'],
    alsoAccepted: ['lead_id', 'lead_source', 'source_campaign'],
    references: [
      { column: 'account_id', table: 'accounts', label: 'account' },
      { column: 'contact_id', table: 'contacts', label: 'contact' },
      { column: 'lead_id', table: 'leads', label: 'lead' },
    ],
  },
};

/** The order a snapshot loads in, so references point at records already loaded. */
export const loadOrder: readonly CrmFileKind[] = ['accounts', 'contacts', 'leads', 'opportunities'];

/** A file's columns as the table names them: the id column becomes `id`. */
export function tableColumnOf(spec: CrmFileSpec, column: string): string {
  return column === spec.idColumn ? 'id' : column;
}

/** Every column of the file the loader reads into a table column. */
export function knownColumns(spec: CrmFileSpec): string[] {
  return [...spec.documented, ...spec.alsoAccepted];
}

/** Booleans as CRM exports write them: true/false, yes/no, y/n, 1/0, x. */
export function parseFlag(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === '') return false;
  if (['true', 't', 'yes', 'y', '1', 'x', 'checked'].includes(v)) return true;
  if (['false', 'f', 'no', 'n', '0', 'unchecked'].includes(v)) return false;
  return undefined;
}
