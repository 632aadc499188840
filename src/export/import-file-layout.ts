import { z } from 'zod';
import { readConfigFile, validateConfig } from '../config-file.js';
import { UserError } from '../errors.js';
import { crmsDir } from '../crm/crm-layout.js';

/** What listgate writes to a CRM, one kind of file per kind: created records, field updates, campaign responses... */
export const exportEntities = ['account', 'contact', 'lead', 'opportunity', 'campaign_response', 'opportunity_contact_role', 'campaign'] as const;
export type ExportEntity = (typeof exportEntities)[number];

/**
 * A reference from one record to another: an existing record is named by its CRM id in `header`;
 * a record listgate created and the CRM has not echoed back yet (an LG- id) by the parent's
 * external id in `new_parent_header` (Salesforce `Account.Listgate_Id__c`, a Dynamics column
 * mapped to the lookup's alternate key, a HubSpot unique property).
 */
const lookupSchema = z.strictObject({
  /** the entity referred to; for campaign responses "person" picks lead or contact by the response's entity type */
  entity: z.enum(['account', 'contact', 'lead', 'opportunity', 'campaign', 'person']),
  header: z.string().min(1),
  /** the header when the person is a Lead (campaign responses name a Lead or a Contact) */
  lead_header: z.string().min(1).optional(),
  new_parent_header: z.string().min(1).optional(),
  new_lead_parent_header: z.string().min(1).optional(),
  /** a parent listgate knows only by name (a campaign): the column the CRM resolves by the parent's name */
  name_header: z.string().min(1).optional(),
});

/** One kind of import file: a CRM object and how listgate's fields are spelled in it. */
const entityFileSchema = z.strictObject({
  /** the CRM's object name: Salesforce API name (Lead), Dynamics logical name (lead), HubSpot object (contacts) */
  object: z.string().min(1),
  /** the column of the CRM's own record id (update and delete files) */
  id_header: z.string().min(1),
  /** the column holding listgate's id on insert and upsert files; default: the layout's external_id_header */
  external_id_header: z.string().min(1).optional(),
  /** listgate field -> column(s); one field may fill several (do_not_contact -> HasOptedOutOfEmail and DoNotCall) */
  fields: z.record(z.string(), z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])),
  /** listgate value -> the CRM's spelling, per field (rating hot -> Hot; Dynamics codes); "*": "*" passes other values through */
  values: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  /**
   * columns the CRM requires to create a record, and what fills them when listgate has no value:
   * {close_date}, {campaign} or any listgate field ({company}); "" means the CRM cannot take the
   * record without one (reported)
   */
  required: z.record(z.string(), z.string()).default({}),
  /** listgate fields deliberately not written, and why (carried by another file, no such CRM field) */
  skip: z.record(z.string(), z.string()).default({}),
  /** columns written with the same value on every created record */
  constants: z.record(z.string(), z.string()).default({}),
  lookups: z.record(z.string(), lookupSchema).default({}),
  /** false: the CRM's import cannot match on listgate's id, created records go to an insert file (default true: upsert) */
  upsert: z.boolean().default(true),
  /** campaign responses: the operation of their file when it is not an insert (HubSpot: an update of contacts) */
  operation: z.enum(['insert', 'update', 'upsert']).optional(),
  /** how to run this file on the CRM's side, copied into manifest.json */
  note: z.string().optional(),
  /**
   * the CRM matches an imported record on this listgate field (HubSpot contacts: email): a created
   * record sharing its value with another record goes without it, or the import would update the other
   */
  matched_on: z.string().optional(),
});

/** The `import_files` key of crms/NAME.json: what the CRM's import takes. */
export const importFilesSchema = z.strictObject({
  /** how the files are named in the manifest and read by the tool: data-loader, dynamics-import, hubspot-import */
  tool: z.string().min(1),
  /** default column of listgate's id (Salesforce Listgate_Id__c), overridden per entity by entities.<e>.external_id */
  external_id_header: z.string().min(1),
  /** how a true/false field is written */
  booleans: z.strictObject({ true: z.string(), false: z.string() }).default({ true: 'true', false: 'false' }),
  /** how the CRM takes a date */
  date_format: z.enum(['yyyy-mm-dd', 'mm/dd/yyyy']).default('yyyy-mm-dd'),
  /** how to run a file that empties fields, and a delete file, on the CRM's side (manifest.json notes) */
  notes: z.strictObject({ clear: z.string().optional(), delete: z.string().optional() }).default({}),
  entities: z.partialRecord(z.enum(exportEntities), entityFileSchema),
});

export type ImportFileLookup = z.infer<typeof lookupSchema>;
export type EntityFileLayout = z.infer<typeof entityFileSchema> & { external_id_header: string };
export type ImportFilesLayout = Omit<z.infer<typeof importFilesSchema>, 'entities'> & {
  crm: string;
  path: string;
  entities: Partial<Record<ExportEntity, EntityFileLayout>>;
};

/**
 * Reads crms/NAME.json (or a path) and returns its import_files with each entity's external id
 * column settled: the layout's `entities.<entity>.external_id` (the part crm load reads) wins over
 * import_files' default, so one setting names Listgate_Id__c for both directions.
 */
export function loadImportFiles(nameOrPath: string, dir = crmsDir()): ImportFilesLayout {
  const { json, path } = readConfigFile('CRM layout', nameOrPath, dir);
  return parseImportFiles(json, path);
}

export function parseImportFiles(json: unknown, path: string): ImportFilesLayout {
  const document = (json ?? {}) as { name?: unknown; crm?: unknown; import_files?: unknown; entities?: Record<string, { external_id?: unknown }> };
  if (document.import_files === undefined) throw new UserError(`${path}: no "import_files" key: this layout says nothing about the CRM's import files`);
  const parsed = validateConfig(importFilesSchema, document.import_files, `${path} import_files`);
  const entities: Partial<Record<ExportEntity, EntityFileLayout>> = {};
  for (const [entity, layout] of Object.entries(parsed.entities) as [ExportEntity, z.infer<typeof entityFileSchema>][]) {
    const fromReadSide = document.entities?.[entity]?.external_id;
    const external = layout.external_id_header ?? (typeof fromReadSide === 'string' && fromReadSide ? fromReadSide : parsed.external_id_header);
    entities[entity] = { ...layout, external_id_header: external };
  }
  const crm = typeof document.crm === 'string' ? document.crm : typeof document.name === 'string' ? document.name : path.replace(/^.*\/|\.json$/g, '');
  return { ...parsed, entities, crm, path };
}
