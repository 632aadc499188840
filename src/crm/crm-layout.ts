import { basename, join, resolve } from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import { z } from 'zod';
import { packageRoot, readConfigFile, validateConfig } from '../config-file.js';
import { UserError } from '../errors.js';

/**
 * A CRM's export layout (crms/NAME.json): for each entity listgate keeps (Account, Contact, Lead,
 * Opportunity, campaign response) the CRM's object name, its id column, the external id field that
 * carries listgate's id, and a map from every native header to listgate's columns, with value maps
 * for choice fields, opt-out flags, lookups written as a name, and the fields the CRM requires to
 * create a record. The loader (load-crm.ts) reads exports through it; the exporter writes import
 * files from it. What differs between CRMs is data here, not code.
 */

export const crmEntities = ['account', 'contact', 'lead', 'opportunity', 'campaign_response'] as const;
export type CrmEntity = (typeof crmEntities)[number];

/** listgate's columns of each entity, as its own export layout names them (samples/crm/*.csv). */
export const listgateColumns = {
  account: ['account_id', 'name', 'website', 'phone', 'street', 'city', 'state', 'postal_code', 'country', 'relationship_type'],
  contact: ['contact_id', 'account_id', 'first_name', 'last_name', 'email', 'phone', 'mobile', 'title', 'city', 'state', 'country',
    'do_not_contact', 'secondary_email', 'street', 'postal_code', 'lead_source', 'source_campaign'],
  lead: ['lead_id', 'first_name', 'last_name', 'company', 'email', 'phone', 'title', 'status', 'rating', 'lead_source', 'source_campaign',
    'secondary_email', 'mobile', 'website', 'street', 'city', 'state', 'postal_code', 'country', 'do_not_contact'],
  opportunity: ['opportunity_id', 'account_id', 'contact_id', 'name', 'stage', 'status', 'lead_id', 'lead_source', 'source_campaign'],
  campaign_response: ['response_id', 'campaign', 'contact_id', 'lead_id', 'kind', 'responded_at'],
} as const satisfies Record<CrmEntity, readonly string[]>;

/**
 * A column a header can feed besides listgate's own: `full_name` is split into first and last name
 * when the file has no separate name columns (Dynamics views often show only "Full Name").
 */
const derivedTargets = ['full_name'] as const;

const header = z.string().trim().min(1);

/** raw value (matched case-insensitively after trimming) -> listgate's value; "*" is the value of anything else */
const valueMap = z.record(z.string(), z.string());

const lookup = z.strictObject({
  /** the listgate column the resolved id goes to (account_id, contact_id) */
  column: z.string(),
  /** the entity whose record is looked up */
  entity: z.enum(['account', 'contact']),
  /** how the cell names it: by the record's name (account name, contact full name) */
  by: z.literal('name'),
});

const leadRule = z.strictObject({
  /** the entity whose export file holds the leads too (HubSpot: contacts) */
  from: z.enum(['contact']),
  /** the header deciding it and the values (case-insensitive) that make a row a Lead */
  column: header,
  values: z.array(z.string()).min(1),
  /** a row with a value in this header is never a Lead (HubSpot: "Associated Company IDs") */
  unless: header.optional(),
  why: z.string().optional(),
});

export const crmEntitySchema = z.strictObject({
  /** the CRM's object name (Salesforce Lead, Dynamics lead, HubSpot contacts) */
  object: z.string().min(1),
  /** the file name an export of this object usually has, shown in messages and docs */
  file: z.string().optional(),
  /** headers holding the CRM's record id, first present wins */
  id: z.array(header).min(1),
  /** the field that carries listgate's id (LG-...) on records listgate created */
  external_id: header,
  /** other headers the external id shows under in exports (HubSpot: the label and the internal name) */
  external_id_aliases: z.array(header).default([]),
  /** native header -> listgate column(s) */
  fields: z.record(z.string(), z.union([z.string(), z.array(z.string()).min(1)])).default({}),
  /**
   * choice fields: native header -> raw value -> listgate value; a key "Header -> column" applies to
   * that target only (HubSpot "Deal Stage" feeds both stage and status)
   */
  values: z.record(z.string(), valueMap).default({}),
  /** headers whose yes (any of them) sets do_not_contact */
  opt_out: z.array(header).default([]),
  /** headers that name a parent record instead of giving its id */
  lookups: z.record(z.string(), lookup).default({}),
  /** headers an export of this entity always has (a list: any one of them); one missing stops the load (exit 2) */
  required_columns: z.array(z.union([header, z.array(header).min(1)])).default([]),
  /** alternatives of name headers; a file with none of them is reported */
  name_columns: z.array(z.array(header).min(1)).default([]),
  /** CRM fields required to create the record -> what fills them when listgate has no value (null: must have one) */
  required: z.record(z.string(), z.string().nullable()).default({}),
  /** headers the CRM always exports that listgate does not use (kept in extra, listed once) */
  system_columns: z.array(header).default([]),
  /** HubSpot: no lead object; which rows of another entity's file are Leads */
  lead_rule: leadRule.optional(),
});

export const crmLayoutSchema = z.strictObject({
  name: z.string().min(1),
  label: z.string().min(1),
  description: z.string().optional(),
  /** how record ids are written: Salesforce 15/18-character ids, GUIDs, or plain text */
  id_format: z.enum(['salesforce', 'guid', 'text']).default('text'),
  /** boolean cells as this CRM writes them, besides true/false, yes/no, 1/0 */
  flag_values: z.strictObject({ yes: z.array(z.string()).default([]), no: z.array(z.string()).default([]) }).prefault({}),
  /** where the header names come from */
  sources: z.array(z.string()).default([]),
  entities: z.strictObject({
    account: crmEntitySchema,
    contact: crmEntitySchema,
    lead: crmEntitySchema.optional(),
    opportunity: crmEntitySchema.optional(),
    campaign_response: crmEntitySchema.optional(),
  }),
  /** the import files `listgate export` writes; validated by the exporter */
  import_files: z.unknown().optional(),
}).superRefine((layout, ctx) => {
  for (const [entity, spec] of Object.entries(layout.entities) as [CrmEntity, CrmEntitySpec | undefined][]) {
    if (!spec) continue;
    const allowed = new Set<string>([...listgateColumns[entity], ...derivedTargets]);
    for (const [native, target] of Object.entries(spec.fields)) {
      for (const column of Array.isArray(target) ? target : [target]) {
        if (!allowed.has(column)) {
          ctx.addIssue({ code: 'custom', path: ['entities', entity, 'fields', native], message: `"${column}" is not a ${entity} column of listgate (${[...allowed].join(', ')})` });
        }
      }
    }
    const headers = new Set(Object.keys(spec.fields).map((h) => h.toLowerCase()));
    for (const key of Object.keys(spec.values)) {
      const [native] = key.split(' -> ');
      if (!headers.has(native.trim().toLowerCase())) {
        ctx.addIssue({ code: 'custom', path: ['entities', entity, 'values', key], message: `"${native}" is not a header of this entity's fields` });
      }
    }
  }
});

export type CrmEntitySpec = z.infer<typeof crmEntitySchema>;
export type CrmLayout = z.infer<typeof crmLayoutSchema> & { path: string };

/** crms/ of the working directory (a user's own layouts) when there is one, else listgate's own. */
export function crmsDir(): string {
  const local = resolve('crms');
  return existsSync(local) ? local : join(packageRoot, 'crms');
}

/** Reads crms/NAME.json or a path, and validates it with messages that name the key. */
export function readCrmLayout(nameOrPath: string, dir = crmsDir()): CrmLayout {
  const isPath = nameOrPath.endsWith('.json') || nameOrPath.includes('/');
  if (!isPath && !existsSync(join(dir, `${nameOrPath}.json`))) {
    const known = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => basename(f, '.json')).sort() : [];
    throw new UserError(`CRM layout not found: ${nameOrPath} (${dir} has ${known.join(', ') || 'none'}); name one of them or a layout file`);
  }
  const { json, path } = readConfigFile('CRM layout', nameOrPath, dir);
  return { ...validateConfig(crmLayoutSchema, json, path), path };
}

/** Every layout in crms/, listgate's own first (the one tried first when recognizing a file). */
export function readAllCrmLayouts(dir = crmsDir()): CrmLayout[] {
  const names = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => basename(f, '.json')).sort();
  const ordered = [...names.filter((n) => n === 'listgate'), ...names.filter((n) => n !== 'listgate')];
  return ordered.map((name) => readCrmLayout(name, dir));
}

/** An entity's spec, or undefined when the CRM has no such object. */
export function entitySpec(layout: CrmLayout, entity: CrmEntity): CrmEntitySpec | undefined {
  return layout.entities[entity];
}

/** The external id header of an entity (Listgate_Id__c, lg_listgateid, listgate_id...). */
export function externalIdField(layout: CrmLayout, entity: CrmEntity): string | undefined {
  return layout.entities[entity]?.external_id;
}
