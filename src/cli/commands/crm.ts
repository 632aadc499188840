import type { CommandModule } from 'yargs';
import { helpExamples } from '../help-examples.js';
import { withCrm } from '../open.js';
import { countryCode } from '../option-values.js';
import { secondsWaited } from '../seconds-waited.js';
import { countOf, formatCount } from '../../plain-words.js';
import type { CrmLoadResult } from '../../crm/load-crm.js';

interface CrmLoadArgs {
  db?: string;
  accounts: string;
  contacts: string;
  leads?: string;
  opportunities?: string;
  'default-country': string;
  crm?: string;
  quiet?: boolean;
}

const load: CommandModule<{ db?: string }, CrmLoadArgs> = {
  command: 'load',
  describe: 'load a CRM export snapshot (CSV or XLSX, in your CRM\'s layout); re-loading updates records by their CRM id',
  builder: (y) => y
    .option('crm', { type: 'string', describe: 'the export layout: salesforce, dynamics, hubspot, listgate (crms/NAME.json) or a path; recognized from the headers when omitted' })
    .option('accounts', { type: 'string', demandOption: true, describe: 'the account export (Salesforce Account, Dynamics account, HubSpot companies, listgate accounts.csv)' })
    .option('contacts', { type: 'string', demandOption: true, describe: 'the contact export (HubSpot: all contacts; those that are Leads are read as Leads)' })
    .option('leads', { type: 'string', describe: 'the lead export (none for HubSpot)' })
    .option('opportunities', { type: 'string', describe: 'the opportunity export (HubSpot: deals)' })
    .option('default-country', { type: 'string', default: 'US', coerce: countryCode('default-country'), describe: 'country of phone numbers written without one' })
    .option('quiet', { type: 'boolean', describe: 'no progress lines' })
    .epilog(helpExamples([
      ['crm load --crm salesforce --accounts Account.csv --contacts Contact.csv --leads Lead.csv --opportunities Opportunity.csv', ''],
      ['crm load --accounts samples/crm/accounts.csv --contacts samples/crm/contacts.csv --leads samples/crm/leads.csv --opportunities samples/crm/opportunities.csv', ''],
    ])) as any,
  handler: async (argv) => {
    const [{ checkCrmFiles, loadCrmSnapshot }, { createProgress }] = await Promise.all([import('../../crm/load-crm.js'), import('../../progress.js')]);
    const files = { accounts: argv.accounts, contacts: argv.contacts, leads: argv.leads, opportunities: argv.opportunities };
    const plan = await checkCrmFiles(files, { crm: argv.crm });
    const result = await withCrm(argv, (crm) => loadCrmSnapshot(crm, plan, { defaultCountry: argv['default-country'], progress: createProgress({ quiet: argv.quiet }) }));
    printLoadResult(result);
  },
};

function printLoadResult(result: CrmLoadResult): void {
  console.log(`layout: ${result.layout.name}${result.layout.recognized ? ' (recognized from the headers)' : ''}: ${result.layout.label}`);
  for (const file of result.files) {
    const skipped = file.skipped ? `, ${formatCount(file.skipped)} not loaded` : '';
    console.log(`${file.kind.padEnd(13)} ${countOf(file.rows, 'row')}: ${formatCount(file.inserted)} inserted, ${formatCount(file.updated)} updated (${formatCount(file.changed)} changed)${skipped}, ${countOf(file.warnings, 'warning')}  (${file.path})`);
    for (const note of file.notes) console.log(`  ${note}`);
    if (file.unplaced.length) console.log(`  columns of another record type, kept in extra: ${file.unplaced.join(', ')}`);
    if (file.extraColumns.length) console.log(`  columns the layout does not know, kept in extra: ${file.extraColumns.join(', ')}`);
  }
  printTieBack(result);
  const shown = result.warnings.slice(0, 20);
  for (const w of shown) console.log(`  warning ${w.file} row ${w.row}: ${w.message}`);
  if (result.warningCount > shown.length) console.log(`  ... and ${countOf(result.warningCount - shown.length, 'more warning')}`);
  console.log(`loaded in ${secondsWaited()}`);
}

function printTieBack({ tieBack, layout }: CrmLoadResult): void {
  const replaced = Object.entries(tieBack.replaced).map(([entity, n]) => countOf(n, entity));
  if (replaced.length) console.log(`tied back: ${replaced.join(', ')} created by listgate now carry their ${layout.name} ids (LG- ids replaced everywhere)`);
  for (const batch of tieBack.notInCrm) {
    const parts = Object.entries(batch.byEntity).map(([entity, n]) => countOf(n, entity)).join(', ');
    console.log(`${countOf(batch.count, 'record')} of batch ${batch.batchId} ${batch.count === 1 ? 'is' : 'are'} not in the CRM yet (${parts}): import the files of \`listgate export ${batch.batchId} --crm ${layout.name}\``);
  }
  const show = (entries: typeof tieBack.pending) => entries.slice(0, 10).map((u) =>
    `  ${u.entityType} ${u.entityId} ${u.field}: listgate ${JSON.stringify(u.value)}, export ${JSON.stringify(u.crmValue)} (batch ${u.batchId})`);
  if (tieBack.pending.length) {
    console.log(`${countOf(tieBack.pending.length, 'field update')} listgate committed ${tieBack.pending.length === 1 ? 'is' : 'are'} not in the export yet; listgate's value${tieBack.pending.length === 1 ? ' is' : 's are'} kept:`);
    for (const line of show(tieBack.pending)) console.log(line);
    if (tieBack.pending.length > 10) console.log(`  ... and ${tieBack.pending.length - 10} more`);
  }
  if (tieBack.overridden.length) {
    console.log(`${countOf(tieBack.overridden.length, 'field update')} listgate committed ${tieBack.overridden.length === 1 ? 'was' : 'were'} changed since in the CRM; the CRM's value${tieBack.overridden.length === 1 ? ' is' : 's are'} loaded:`);
    for (const line of show(tieBack.overridden)) console.log(line);
    if (tieBack.overridden.length > 10) console.log(`  ... and ${tieBack.overridden.length - 10} more`);
  }
}

export const crmCommand: CommandModule<{ db?: string }, { db?: string }> = {
  command: 'crm',
  describe: 'the CRM snapshot listgate matches against',
  builder: (y) => y.command(load as any).demandCommand(1, 'name an action: load') as any,
  handler: () => {},
};
