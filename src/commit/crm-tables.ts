import { sql, type Kysely, type Transaction } from 'kysely';
import type { CrmDatabase } from '../db/schema.js';

/** What a batch writes, as change_log names it: the entity type and the table holding it. */
export interface LoggedTable {
  entityType: 'lead' | 'contact' | 'opportunity' | 'campaign_response' | 'vendor_record_id';
  table: 'leads' | 'contacts' | 'opportunities' | 'campaign_responses' | 'vendor_record_ids';
  /** columns identifying a row; change_log keeps them in before/after */
  keyColumns: string[];
}

/** In the order undo deletes: what refers to others first. */
export const loggedTables: LoggedTable[] = [
  { entityType: 'campaign_response', table: 'campaign_responses', keyColumns: ['id'] },
  { entityType: 'vendor_record_id', table: 'vendor_record_ids', keyColumns: ['vendor', 'list', 'vendor_record_id'] },
  { entityType: 'opportunity', table: 'opportunities', keyColumns: ['id'] },
  { entityType: 'contact', table: 'contacts', keyColumns: ['id'] },
  { entityType: 'lead', table: 'leads', keyColumns: ['id'] },
];

export type TableColumns = Record<LoggedTable['table'], string[]>;

/** The columns of the tables a batch writes, read from the database so later migrations need no code change. */
export async function readTableColumns(db: Kysely<CrmDatabase> | Transaction<CrmDatabase>): Promise<TableColumns> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and table_name in ('leads', 'contacts', 'opportunities', 'campaign_responses', 'vendor_record_ids')
    order by table_name, ordinal_position`.execute(db);
  const columns = { leads: [], contacts: [], opportunities: [], campaign_responses: [], vendor_record_ids: [] } as TableColumns;
  for (const row of rows) columns[row.table_name as LoggedTable['table']].push(row.column_name);
  return columns;
}

/** A column name checked against the table, safe to put in SQL text. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
