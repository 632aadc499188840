import type { CommandModule } from 'yargs';
import { helpExamples } from '../help-examples.js';
import { withCrm } from '../open.js';
import { countryCode } from '../option-values.js';
import { secondsWaited } from '../seconds-waited.js';
import { countOf, formatCount } from '../../plain-words.js';
import { createProgress } from '../../progress.js';
import { checkCrmFiles, loadCrmSnapshot, type CrmLoadResult } from '../../crm/load-crm.js';

interface CrmLoadArgs {
  db?: string;
  accounts: string;
  contacts: string;
  leads?: string;
  opportunities?: string;
  'default-country': string;
  quiet?: boolean;
}

const load: CommandModule<{ db?: string }, CrmLoadArgs> = {
  command: 'load',
  describe: 'load a CRM export snapshot (CSV files); re-loading updates records by their CRM id',
  builder: (y) => y
    .option('accounts', { type: 'string', demandOption: true, describe: 'accounts.csv (account_id, name, website, phone, address...)' })
    .option('contacts', { type: 'string', demandOption: true, describe: 'contacts.csv (contact_id, account_id, names, email, phones...)' })
    .option('leads', { type: 'string', describe: 'leads.csv (lead_id, names, company, email, phone, status...)' })
    .option('opportunities', { type: 'string', describe: 'opportunities.csv (opportunity_id, account_id, contact_id, name, stage, status)' })
    .option('default-country', { type: 'string', default: 'US', coerce: countryCode('default-country'), describe: 'country of phone numbers written without one' })
    .option('quiet', { type: 'boolean', describe: 'no progress lines' })
    .epilog(helpExamples([
      ['crm load --accounts samples/crm/accounts.csv --contacts samples/crm/contacts.csv --leads samples/crm/leads.csv --opportunities samples/crm/opportunities.csv', ''],
    ])) as any,
  handler: async (argv) => {
    const files = { accounts: argv.accounts, contacts: argv.contacts, leads: argv.leads, opportunities: argv.opportunities };
    checkCrmFiles(files);
    const result = await withCrm(argv, (crm) => loadCrmSnapshot(crm, files, { defaultCountry: argv['default-country'], progress: createProgress({ quiet: argv.quiet }) }));
    printLoadResult(result);
  },
};

function printLoadResult(result: CrmLoadResult): void {
  for (const file of result.files) {
    const skipped = file.skipped ? `, ${formatCount(file.skipped)} not loaded` : '';
    console.log(`${file.kind.padEnd(13)} ${countOf(file.rows, 'row')}: ${formatCount(file.inserted)} inserted, ${formatCount(file.updated)} updated (${formatCount(file.changed)} changed)${skipped}, ${countOf(file.warnings, 'warning')}  (${file.path})`);
  }
  const shown = result.warnings.slice(0, 20);
  for (const w of shown) console.log(`  warning ${w.file} row ${w.row}: ${w.message}`);
  if (result.warningCount > shown.length) console.log(`  ... and ${countOf(result.warningCount - shown.length, 'more warning')}`);
  console.log(`loaded in ${secondsWaited()}`);
}

export const crmCommand: CommandModule<{ db?: string }, { db?: string }> = {
  command: 'crm',
  describe: 'the CRM snapshot listgate matches against',
  builder: (y) => y.command(load as any).demandCommand(1, 'name an action: load') as any,
  handler: () => {},
};
