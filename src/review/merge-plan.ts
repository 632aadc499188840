import type { FieldUpdate, NormalizedPerson, RowPlan } from '../types.js';
import type { ContactRecord, LeadRecord } from '../route/matched-records.js';
import { proposedFieldUpdates } from '../route/plan-row.js';
import { surviveFieldUpdates, type FieldChoice } from '../commit/survivorship.js';

/** A CRM record a row may be merged into (or attached to, when a routed row is corrected). */
export interface TargetRecord {
  entityType: 'contact' | 'lead';
  record: ContactRecord | LeadRecord;
}

/** What the batch's pipeline said that a merge plan depends on. */
export interface MergePlanContext {
  sourceIsNewer: boolean;
  intent: string;
  campaign: string | null;
  sourceKind: string;
}

/** One field where the incoming row and the record differ, and which value survives. */
export interface FieldDifference {
  field: string;
  crm: string | null;
  list: string;
  kind: FieldUpdate['kind'];
  /** the pipeline's survivorship rules' answer */
  defaultChoice: FieldChoice;
  /** the steward's answer, else the default */
  choice: FieldChoice;
  chosenBySteward: boolean;
}

/**
 * The fields where the row and the record differ (the same field rules as staging, as if the
 * source were newer, so every overwrite a steward could want is offered), each with the value
 * the pipeline's rules keep and the steward's choice.
 */
export function fieldDifferences(
  target: TargetRecord, person: NormalizedPerson, context: Pick<MergePlanContext, 'sourceIsNewer'>,
  choices: Readonly<Record<string, FieldChoice>> = {},
): FieldDifference[] {
  const byRules = new Set(proposedFieldUpdates(target.record, person, context.sourceIsNewer).map((u) => u.field));
  return proposedFieldUpdates(target.record, person, true).map((u) => {
    const defaultChoice: FieldChoice = byRules.has(u.field) ? 'list' : 'crm';
    const chosen = choices[u.field];
    return { field: u.field, crm: u.old, list: u.new, kind: u.kind, defaultChoice, choice: chosen ?? defaultChoice, chosenBySteward: chosen !== undefined };
  });
}

function vendorRecordOf(plan: RowPlan): RowPlan['vendorRecord'] {
  return plan.onMerge?.vendorRecord ?? plan.onCreateNew?.vendorRecord ?? plan.vendorRecord;
}

/**
 * What committing the row does when a steward sends it into `target`: the list's values the
 * steward (or the rules) chose, the vendor record id and campaign response on that record, and
 * an Opportunity on it where the staged plan made one for a Contact. Records the staged plan
 * would have created are not created.
 */
export function planForTarget(
  stagedPlan: RowPlan, target: TargetRecord, person: NormalizedPerson, context: MergePlanContext,
  choices: Readonly<Record<string, FieldChoice>> = {},
): RowPlan {
  const base = stagedPlan.onMerge ?? (stagedPlan.update ? stagedPlan : {});
  const fields: FieldUpdate[] = fieldDifferences(target, person, context, choices)
    .filter((d) => d.choice === 'list')
    .map((d) => ({ field: d.field, old: d.crm, new: d.list, kind: d.kind, ...(d.chosenBySteward ? { chosen: 'list' as const } : {}) }));
  const { entityType } = target;
  const id = target.record.id;
  const plan: RowPlan = { update: { entityType, entityId: id, fields } };

  const opportunity = base.createOpportunity ?? stagedPlan.createOpportunity;
  if (opportunity && entityType === 'contact') {
    plan.createOpportunity = { id: opportunity.id, values: { ...opportunity.values, contact_id: id, account_id: target.record.account_id } };
  }
  const vendor = vendorRecordOf(stagedPlan);
  if (vendor) plan.vendorRecord = { ...vendor, entityType, entityId: id };
  const response = base.campaignResponse ?? stagedPlan.campaignResponse;
  if (response) plan.campaignResponse = { ...response, entityType, entityId: id };
  else if (context.intent === 'interest') plan.campaignResponse = { entityType, entityId: id, campaign: context.campaign, kind: context.sourceKind };
  return plan;
}

/** The record as commit will leave it after the chosen values (fields only; keys are recomputed by commit). */
export function previewRecord(target: TargetRecord, plan: RowPlan, context: Pick<MergePlanContext, 'sourceIsNewer'>): Record<string, unknown> {
  const record = target.record as unknown as Record<string, unknown>;
  const { changes } = surviveFieldUpdates(record, plan.update?.fields ?? [], { sourceIsNewer: context.sourceIsNewer });
  return { ...record, ...changes };
}
