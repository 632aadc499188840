import type { CrmConnection } from '../../src/db/database.js';
import { loadCrmSnapshot } from '../../src/crm/load-crm.js';

/** The samples' CRM snapshot (samples/crm, samples/README.md). */
export const sampleCrmFiles = {
  accounts: 'samples/crm/accounts.csv', contacts: 'samples/crm/contacts.csv',
  leads: 'samples/crm/leads.csv', opportunities: 'samples/crm/opportunities.csv',
};

export function loadSampleCrm(crm: CrmConnection) {
  return loadCrmSnapshot(crm, sampleCrmFiles);
}
