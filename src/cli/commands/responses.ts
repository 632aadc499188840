import type { CommandModule } from 'yargs';
import { withCrm } from '../open.js';
import { createProgress } from '../../progress.js';
import { formatResponseImport, importResponses } from '../../vendor/responses.js';

interface ResponsesArgs { db?: string; action: 'import'; file: string; campaign?: string; vendor?: string; list?: string; kind?: string; country?: string; reportDir?: string; quiet?: boolean }

export const responsesCommand: CommandModule<{ db?: string }, ResponsesArgs> = {
  command: 'responses <action> <file>',
  describe: 'record campaign responses (opened, clicked, replied, attended, form) on the Contacts and Leads they name',
  builder: (y) => y
    .positional('action', { choices: ['import'] as const })
    .positional('file', { type: 'string', demandOption: true, describe: 'CSV or XLSX: email, phone or vendor,list,vendor_record_id; date; kind; campaign' })
    .option('campaign', { type: 'string', describe: 'campaign for lines without one' })
    .option('vendor', { type: 'string', describe: 'vendor for a vendor_record_id column without a vendor column' })
    .option('list', { type: 'string', describe: 'list for a vendor_record_id column without a list column' })
    .option('kind', { type: 'string', describe: 'kind for lines without one (default response)' })
    .option('country', { type: 'string', default: 'US', describe: 'default country for phone numbers without +' })
    .option('report-dir', { type: 'string', describe: 'where responses.csv goes (default reports/responses-FILE-...)' })
    .option('quiet', { type: 'boolean', describe: 'no progress' })
    .example('$0 responses import webinar-attendees.csv --campaign "Spring Webinar"', '') as any,
  handler: async (argv) => {
    await withCrm(argv, async (crm) => {
      const result = await importResponses(crm, argv.file, {
        campaign: argv.campaign, vendor: argv.vendor, list: argv.list, kind: argv.kind, defaultCountry: argv.country,
        reportDir: argv.reportDir, progress: createProgress({ quiet: argv.quiet }),
      });
      console.log(formatResponseImport(result));
    });
  },
};
