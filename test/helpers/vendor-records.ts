import type { CrmConnection } from '../../src/db/database.js';

/** Direct inserts for vendor tests that need CRM records and batches without staging a file. */
export async function insertBatch(crm: CrmConnection, id: string, values: { intent?: string; vendor?: string | null; list?: string | null; pipeline?: string; status?: string } = {}): Promise<void> {
  await crm.db.insertInto('import_batches').values({
    id, file: `${id}.csv`, pipeline: values.pipeline ?? 'test', pipeline_config: '{}', counts: '{}',
    intent: values.intent ?? 'prospect', vendor: values.vendor ?? null, list: values.list ?? null,
    status: (values.status ?? 'committed') as any,
  }).execute();
}

export async function insertLead(crm: CrmConnection, id: string, values: { email?: string; status?: string; origin?: string; batch?: string; first?: string; last?: string; phone?: string } = {}): Promise<void> {
  await crm.db.insertInto('leads').values({
    id, first_name: values.first ?? 'First', last_name: values.last ?? id, email: values.email ?? null,
    email_key: values.email?.toLowerCase() ?? null, phone: values.phone ?? null, phone_e164: values.phone ?? null,
    status: values.status ?? 'Open', company: 'Acme', extra: '{}',
    origin: values.origin ?? 'listgate', created_batch_id: values.batch ?? null,
  } as any).execute();
}

export async function insertContact(crm: CrmConnection, id: string, values: { email?: string; origin?: string; batch?: string; first?: string; last?: string; phone?: string } = {}): Promise<void> {
  await crm.db.insertInto('contacts').values({
    id, first_name: values.first ?? 'First', last_name: values.last ?? id, email: values.email ?? null,
    email_key: values.email?.toLowerCase() ?? null, phone: values.phone ?? null, phone_e164: values.phone ?? null, extra: '{}',
    origin: values.origin ?? 'listgate', created_batch_id: values.batch ?? null,
  } as any).execute();
}

export async function keepVendorId(crm: CrmConnection, vendor: string, list: string, vendorRecordId: string, entityType: 'contact' | 'lead', entityId: string, batch: string | null = null): Promise<void> {
  await crm.db.insertInto('vendor_record_ids').values({
    vendor, list, vendor_record_id: vendorRecordId, entity_type: entityType, entity_id: entityId, first_seen_batch: batch, last_seen_batch: batch,
  }).execute();
}

export async function logChange(crm: CrmConnection, batchId: string, entityType: string, entityId: string, operation = 'update'): Promise<void> {
  await crm.db.insertInto('change_log').values({ batch_id: batchId, entity_type: entityType, entity_id: entityId, operation, before: '{}', after: '{}' }).execute();
}
