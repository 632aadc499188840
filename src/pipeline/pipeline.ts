import { basename } from 'node:path';
import { z } from 'zod';
import { readConfigFile, validateConfig } from '../config-file.js';
import { canonicalFields, routes } from '../types.js';

const canonicalField = z.enum(canonicalFields);
const rating = z.enum(['hot', 'warm', 'cold']);
const route = z.enum(routes);

/**
 * A pipeline file (pipelines/NAME.json): how one kind of list is read, mapped, routed and committed.
 * Everything a user tunes per list lives here; the code only reads it.
 */
export const pipelineSchema = z.strictObject({
  description: z.string().optional(),
  /** interest: the person showed interest (badge scan, web form); prospect: a purchased or rented list */
  intent: z.enum(['interest', 'prospect']),
  /** tradeshow, badge_scan, web_form, purchased_list, rented_list... (shown in reports) */
  source_kind: z.string().optional(),
  /** list vendor and list name; with vendor_id_column their record ids are kept on every record */
  vendor: z.string().optional(),
  list: z.string().optional(),
  /** header of the vendor's record id column; found by synonyms when omitted and a vendor is set */
  vendor_id_column: z.string().optional(),
  lead_source: z.string().min(1),
  campaign: z.string().optional(),
  default_country: z.string().length(2).default('US'),
  /** sheet name or 1-based index for XLSX files */
  sheet: z.union([z.string(), z.number().int().positive()]).optional(),
  /** header -> canonical field; overrides the automatic synonym mapping */
  mapping: z.record(z.string(), canonicalField).default({}),
  /** headers to leave unmapped even when a synonym matches */
  ignore_columns: z.array(z.string()).default([]),
  /**
   * rows to skip by a column's value, case-insensitive: {"Attendee Status": ["Refunded", "Cancelled"]}.
   * A skipped row is still staged, routed rejected with the reason, and listed in the report.
   */
  skip_when: z.record(z.string(), z.array(z.string()).min(1)).default({}),
  /** values set on every row (a column in the file wins when it has a value) */
  constants: z.partialRecord(canonicalField, z.string()).default({}),
  rating: z.strictObject({
    default: rating.default('warm'),
    /** raw values of the rating / interest column -> rating, case-insensitive */
    values: z.record(z.string(), rating).default({}),
    follow_up_days: z.strictObject({
      hot: z.number().int().min(0).default(1),
      warm: z.number().int().min(0).default(3),
      cold: z.number().int().min(0).default(5),
    }).prefault({}),
  }).prefault({}),
  opportunity: z.strictObject({
    stage: z.string().default('Prospecting'),
    /** {campaign}, {company}, {first_name}, {last_name} are replaced */
    name: z.string().default('{campaign} - {company}'),
    /** days after staging an exported Opportunity's close date falls on (CRMs require one) */
    close_days: z.number().int().min(0).default(90),
  }).prefault({}),
  /** route overrides: which route a kind of match takes (defaults depend on intent) */
  routes: z.strictObject({
    contact_match: route.optional(),
    account_match: route.optional(),
    lead_match: route.optional(),
    no_match: route.optional(),
  }).prefault({}),
  /** the source is more recent than the CRM: matched records' title, phone, mobile, address are overwritten, not only filled */
  source_is_newer: z.boolean().default(false),
  /** matcher file name in matchers/ (without .json) or a path */
  matcher: z.string().default('crm'),
  /** `listgate run --auto-commit` commits only when these hold */
  auto_commit: z.strictObject({
    max_merge_candidates: z.number().int().min(0).default(0),
    max_reject_ratio: z.number().min(0).max(1).default(0.05),
  }).prefault({}),
  /** what purge does to a vendor's non-responders */
  purge: z.strictObject({ mode: z.enum(['delete', 'anonymize']).default('delete') }).prefault({}),
});

export type Pipeline = z.infer<typeof pipelineSchema> & { name: string; path: string };

/** Reads pipelines/NAME.json (the working directory's, else listgate's own) or a path, and validates it with messages that name the key. */
export function loadPipeline(nameOrPath: string): Pipeline {
  const { json, path } = readConfigFile('pipeline', nameOrPath, 'pipelines');
  return { ...parsePipeline(json, path), name: basename(path, '.json'), path };
}

export function parsePipeline(json: unknown, where = 'pipeline'): z.infer<typeof pipelineSchema> {
  return validateConfig(pipelineSchema, json, where);
}
