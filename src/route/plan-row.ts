import type { Pipeline } from '../pipeline/pipeline.js';
import { sameCountry } from '../normalize/location.js';
import { personKeys } from '../crm/record-keys.js';
import type { FieldUpdate, NormalizedPerson, NormalizedRow, Rating, Route, RowPlan } from '../types.js';
import type { AccountRecord, ContactRecord, CrmRecords, LeadRecord } from './matched-records.js';
import type { RouteDecision } from './route-row.js';

/** What a plan needs besides the row: the batch's id stem for new record ids, and the staging day for follow-ups. */
export interface PlanContext {
  /** short, batch-unique stem of record ids: "20261124181530ab12" -> LG-L-20261124181530ab12-17 */
  batchShort: string;
  stagedAt: Date;
}

type PlanPipeline = Pick<Pipeline, 'intent' | 'lead_source' | 'campaign' | 'rating' | 'opportunity' | 'source_is_newer' | 'vendor' | 'list' | 'source_kind'>;

/** Record ids are chosen at stage time so the report, a re-run and an undo name the same records. */
export function newRecordId(entity: 'lead' | 'contact' | 'opportunity', context: PlanContext, sourceRow: number): string {
  const letter = entity === 'lead' ? 'L' : entity === 'contact' ? 'C' : 'O';
  return `LG-${letter}-${context.batchShort}-${sourceRow}`;
}

/** Rating from the row's rating or interest column via pipeline.rating.values (case-insensitive), else the default. */
export function ratingOf(row: Pick<NormalizedRow, 'values'>, pipeline: Pick<Pipeline, 'rating'>): Rating {
  const table = new Map(Object.entries(pipeline.rating.values).map(([raw, rating]) => [raw.trim().toLowerCase(), rating]));
  for (const value of [row.values.rating, row.values.interest]) {
    const key = value?.trim().toLowerCase();
    if (!key) continue;
    const rating = table.get(key) ?? (['hot', 'warm', 'cold'].includes(key) ? (key as Rating) : undefined);
    if (rating) return rating;
  }
  return pipeline.rating.default;
}

/** The follow-up due date (YYYY-MM-DD) for a rating: hot +1 day, warm +3, cold +5 unless the pipeline says otherwise. */
export function followUpDue(rating: Rating, pipeline: Pick<Pipeline, 'rating'>, stagedAt: Date): string {
  const due = new Date(stagedAt.getTime());
  due.setUTCDate(due.getUTCDate() + pipeline.rating.follow_up_days[rating]);
  return due.toISOString().slice(0, 10);
}

export function leadSourceOf(row: Pick<NormalizedRow, 'values'>, pipeline: Pick<Pipeline, 'lead_source'>): string {
  return row.values.lead_source?.trim() || pipeline.lead_source;
}

export function campaignOf(row: Pick<NormalizedRow, 'values'>, pipeline: Pick<Pipeline, 'campaign'>): string | null {
  return row.values.campaign?.trim() || pipeline.campaign || null;
}

/** "{campaign} - {company}" with the row's values; separators around empty parts are dropped. */
export function opportunityName(template: string, parts: { campaign?: string | null; company?: string | null; first_name?: string | null; last_name?: string | null }): string {
  const filled = template.replace(/\{(campaign|company|first_name|last_name)\}/g, (_, key: keyof typeof parts) => parts[key]?.trim() ?? '');
  const cleaned = filled.replace(/\s+/g, ' ')
    .replace(/(\s?[-–:|,/]\s?)(?:\s?[-–:|,/]\s?)+/g, '$1')
    .replace(/^[\s\-–:|,/]+|[\s\-–:|,/]+$/g, '');
  return cleaned || 'Opportunity';
}

const addressFields = ['street', 'city', 'state', 'postal_code', 'country'] as const;

function addressOf(person: NormalizedPerson): Record<(typeof addressFields)[number], string | undefined> {
  return { street: person.street, city: person.city, state: person.state, postal_code: person.postalCode, country: person.country };
}

function hasAddress(values: Partial<Record<(typeof addressFields)[number], string | null | undefined>>): boolean {
  return Boolean(values.street || values.city || values.postal_code);
}

/** An address part agrees: countries by ISO code (USA = US = United States), the rest as text. */
function samePart(field: (typeof addressFields)[number], a: string | null | undefined, b: string | null | undefined): boolean {
  return field === 'country' ? sameCountry(a, b) : same(a, b);
}

function same(a: string | null | undefined, b: string | null | undefined): boolean {
  return (a ?? '').trim().toLowerCase().replace(/\s+/g, ' ') === (b ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * Field updates proposed on a matched Contact or Lead: title, phone, mobile and address are
 * filled where the record is empty, overwritten only when the source is newer; a blank never
 * overwrites; a changed email is kept as secondary email. The address moves as a unit: parts
 * are filled only when the parts both have agree, and replaced only when the source is newer.
 */
export function proposedFieldUpdates(record: ContactRecord | LeadRecord, person: NormalizedPerson, sourceIsNewer: boolean): FieldUpdate[] {
  const updates: FieldUpdate[] = [];
  const consider = (field: string, old: string | null, incoming: string | undefined, equal: boolean) => {
    if (!incoming || equal) return;
    if (!old) updates.push({ field, old: null, new: incoming, kind: 'fill' });
    else if (sourceIsNewer) updates.push({ field, old, new: incoming, kind: 'overwrite' });
  };
  consider('title', record.title, person.title, same(record.title, person.title));
  consider('phone', record.phone, person.phone, Boolean(person.phoneE164 && person.phoneE164 === record.phone_e164) || same(record.phone, person.phone));
  consider('mobile', record.mobile, person.mobile, Boolean(person.mobileE164 && person.mobileE164 === record.mobile_e164) || same(record.mobile, person.mobile));

  const incoming = addressOf(person);
  if (hasAddress(incoming)) {
    const agrees = addressFields.every((f) => !record[f] || !incoming[f] || samePart(f, record[f], incoming[f]));
    if (agrees || !hasAddress(record)) {
      for (const f of addressFields) if (incoming[f] && !record[f]) updates.push({ field: f, old: null, new: incoming[f]!, kind: 'fill' });
    } else if (sourceIsNewer) {
      for (const f of addressFields) {
        if (!incoming[f] || samePart(f, record[f], incoming[f])) continue;
        updates.push({ field: f, old: record[f] ?? null, new: incoming[f]!, kind: record[f] ? 'overwrite' : 'fill' });
      }
    }
  }

  if (person.email && person.emailKey && record.email_key && person.emailKey !== record.email_key
    && !same(record.secondary_email, person.email) && !same(record.email, person.email)) {
    updates.push({ field: 'secondary_email', old: record.secondary_email, new: person.email, kind: 'secondary_email' });
  } else if (person.email && !record.email) {
    updates.push({ field: 'email', old: null, new: person.email, kind: 'fill' });
  }
  return updates;
}

/** Columns that change along with a proposed update, so the record stays matchable: phone -> phone_e164, email -> email_key. */
export function keyColumnsForUpdates(updates: FieldUpdate[], person: NormalizedPerson): Record<string, string | null> {
  const keys: Record<string, string | null> = {};
  for (const u of updates) {
    if (u.field === 'phone') keys.phone_e164 = person.phoneE164 ?? null;
    if (u.field === 'mobile') keys.mobile_e164 = person.mobileE164 ?? null;
    if (u.field === 'email') Object.assign(keys, { email_key: person.emailKey ?? null, email_domain: person.emailDomain ?? null, corporate_domain: person.corporateDomain ?? null });
  }
  return keys;
}

function isYes(value: string | undefined): boolean {
  return /^(y|yes|true|1|x|opt[\s_-]?out|unsubscribed?)$/i.test(value?.trim() ?? '');
}

interface RouteTarget {
  contact?: ContactRecord;
  lead?: LeadRecord;
  account?: AccountRecord;
}

/** The plan of a route given its target records; merge_candidate combines two of these. */
function planForRoute(route: Route, row: NormalizedRow, target: RouteTarget, pipeline: PlanPipeline, context: PlanContext): RowPlan {
  const p = row.person;
  const leadSource = leadSourceOf(row, pipeline);
  const campaign = campaignOf(row, pipeline);
  const vendorRecordId = row.values.vendor_record_id?.trim();
  const vendor = pipeline.vendor && pipeline.list && vendorRecordId ? { vendor: pipeline.vendor, list: pipeline.list, vendorRecordId } : undefined;
  const response = (entityType: 'contact' | 'lead', entityId: string) =>
    pipeline.intent === 'interest' ? { campaignResponse: { entityType, entityId, campaign, kind: pipeline.source_kind ?? 'list' } } : {};
  const opportunity = (values: Record<string, unknown>, companyName: string | null | undefined) => ({
    id: newRecordId('opportunity', context, row.sourceRow),
    values: {
      name: opportunityName(pipeline.opportunity.name, { campaign, company: companyName || p.company, first_name: p.firstName, last_name: p.lastName }),
      stage: pipeline.opportunity.stage,
      lead_source: leadSource,
      source_campaign: campaign,
      ...values,
    },
  });

  switch (route) {
    case 'new_lead': {
      const rating = ratingOf(row, pipeline);
      const id = newRecordId('lead', context, row.sourceRow);
      return {
        createLead: {
          id,
          values: {
            account_id: target.account?.id ?? null,
            first_name: p.firstName ?? null, last_name: p.lastName ?? null,
            company: p.company ?? target.account?.name ?? null,
            email: p.email ?? null, secondary_email: row.values.secondary_email?.trim() || null,
            phone: p.phone ?? null, mobile: p.mobile ?? null, title: p.title ?? null,
            street: p.street ?? null, city: p.city ?? null, state: p.state ?? null, postal_code: p.postalCode ?? null, country: p.country ?? null,
            website: p.website ?? null,
            status: 'Open', rating, lead_source: leadSource, source_campaign: campaign,
            follow_up_due: followUpDue(rating, pipeline, context.stagedAt),
            do_not_contact: isYes(row.values.opt_out),
            ...personKeys(p),
            company_key: p.companyKey ?? null, company_acronym: p.companyAcronym ?? null, website_domain: p.websiteDomain ?? null,
          },
        },
        ...(vendor ? { vendorRecord: { ...vendor, entityType: 'lead' as const, entityId: id } } : {}),
      };
    }
    case 'new_contact_and_opportunity': {
      const account = target.account;
      const id = newRecordId('contact', context, row.sourceRow);
      const inheritAddress = !hasAddress(addressOf(p)) && account && hasAddress(account);
      const inheritPhone = !p.phone && !p.mobile && account?.phone;
      const keys = personKeys(p);
      if (inheritPhone) keys.phone_e164 = account!.phone_e164;
      return {
        createContact: {
          id,
          values: {
            account_id: account?.id ?? null,
            first_name: p.firstName ?? null, last_name: p.lastName ?? null,
            email: p.email ?? null, secondary_email: row.values.secondary_email?.trim() || null,
            phone: inheritPhone ? account!.phone : p.phone ?? null,
            mobile: p.mobile ?? null, title: p.title ?? null,
            ...(inheritAddress
              ? { street: account!.street, city: account!.city, state: account!.state, postal_code: account!.postal_code, country: account!.country }
              : { street: p.street ?? null, city: p.city ?? null, state: p.state ?? null, postal_code: p.postalCode ?? null, country: p.country ?? null }),
            do_not_contact: isYes(row.values.opt_out),
            lead_source: leadSource, source_campaign: campaign,
            ...keys,
          },
        },
        createOpportunity: opportunity({ account_id: account?.id ?? null, contact_id: id }, account?.name),
        ...(vendor ? { vendorRecord: { ...vendor, entityType: 'contact' as const, entityId: id } } : {}),
      };
    }
    case 'opportunity_for_contact':
    case 'update_contact': {
      const contact = target.contact!;
      const fields = proposedFieldUpdates(contact, p, pipeline.source_is_newer);
      const account = contact.account_id ? target.account : undefined;
      return {
        update: { entityType: 'contact', entityId: contact.id, fields },
        ...(route === 'opportunity_for_contact' ? { createOpportunity: opportunity({ account_id: contact.account_id, contact_id: contact.id }, account?.name) } : {}),
        ...(vendor ? { vendorRecord: { ...vendor, entityType: 'contact' as const, entityId: contact.id } } : {}),
        ...response('contact', contact.id),
      };
    }
    case 'existing_lead': {
      const lead = target.lead!;
      const fields = proposedFieldUpdates(lead, p, pipeline.source_is_newer);
      return {
        update: { entityType: 'lead', entityId: lead.id, fields },
        ...(vendor ? { vendorRecord: { ...vendor, entityType: 'lead' as const, entityId: lead.id } } : {}),
        ...response('lead', lead.id),
      };
    }
    default:
      return {};
  }
}

/**
 * What committing the row will do, decided now: records to create (ids chosen, key columns
 * set), field updates on matched records, the vendor record id to keep, and for a merge
 * candidate what each steward decision does.
 */
export function planRow(decision: RouteDecision, row: NormalizedRow, records: CrmRecords, pipeline: PlanPipeline, context: PlanContext): RowPlan {
  const account = decision.accountId ? records.accounts.get(decision.accountId) : undefined;
  const contact = decision.contactId ? records.contacts.get(decision.contactId) : undefined;
  const lead = decision.leadId ? records.leads.get(decision.leadId) : undefined;

  if (decision.route !== 'merge_candidate') {
    if ((decision.route === 'opportunity_for_contact' || decision.route === 'update_contact') && !contact) return {};
    if (decision.route === 'existing_lead' && !lead) return {};
    return planForRoute(decision.route, row, { contact, lead, account }, pipeline, context);
  }

  const plan: RowPlan = {};
  if (decision.onMerge && (contact || lead)) {
    plan.onMerge = planForRoute(decision.onMerge.route, row, { contact, lead, account: contact?.account_id ? records.accounts.get(contact.account_id) : account }, pipeline, context);
  }
  if (decision.onCreateNew) {
    const newAccount = decision.onCreateNew.kind === 'account_match' ? account : undefined;
    plan.onCreateNew = planForRoute(decision.onCreateNew.route, row, { account: newAccount }, pipeline, context);
  }
  return plan;
}
