import type { CampaignResponseRecord, ContactRole, CreatedRecord, RemovedRecord, UpdatedRecord } from './batch-changes.js';

/** What a set of CRM changes is for: what a commit did, its undo, or purges and erasures. */
export type ChangePurpose = 'apply' | 'undo' | 'removal';

export type FileOperation = 'insert' | 'update' | 'upsert' | 'delete';

/** Changes to carry to a CRM, in listgate's terms (column names of its tables, LG- ids for records it created). */
export interface CrmChangeSet {
  purpose: ChangePurpose;
  batchId: string | null;
  created: CreatedRecord[];
  updated: UpdatedRecord[];
  deleted: RemovedRecord[];
  campaignResponses: CampaignResponseRecord[];
  contactRoles: ContactRole[];
  /** YYYY-MM-DD for required close dates ({close_date}) */
  closeDate: string;
}

/** One file written, as manifest.json lists it. */
export interface WrittenFile {
  /** path relative to the export directory */
  file: string;
  /** the CRM's object name */
  object: string;
  operation: FileOperation;
  rows: number;
  /** the column holding listgate's id (insert and upsert files), else null */
  external_id: string | null;
  purpose: ChangePurpose;
  /** how to run it when it needs more than the CRM's ordinary import (clearing values, deletes) */
  note?: string;
}

/** A change the files cannot carry, and why (nothing is dropped silently). */
export interface NotCarried { entity: string; id: string; why: string }

export interface WriteOptions {
  /** the export directory */
  dir: string;
  /** sub-folder for this change set's files ('' for the top level) */
  folder: string;
  /** the CRM id of the campaign responses' campaign, when the user knows it */
  campaignId?: string;
}

/** A listgate field the layout deliberately does not write (skip), how many values it had, and why. */
export interface FieldNotWritten { entity: string; field: string; values: number; why: string }

export interface WriteResult { files: WrittenFile[]; notCarried: NotCarried[]; warnings: string[]; fieldsNotWritten: FieldNotWritten[] }

/**
 * Writes a batch's changes to a CRM. One implementation per way of talking to a CRM, as Kysely
 * has one dialect per database: import files today (Data Loader, the Dynamics import wizard,
 * HubSpot imports); an API implementation can sit beside them with the same interface.
 */
export interface CrmConnector {
  readonly crm: string;
  writeChanges(changes: CrmChangeSet, options: WriteOptions): Promise<WriteResult>;
}
