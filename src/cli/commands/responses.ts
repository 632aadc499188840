import type { CommandModule } from 'yargs';
import { helpExamples } from '../help-examples.js';
import { withCrm } from '../open.js';
import { countryCode } from '../option-values.js';

interface ResponsesArgs { db?: string; pipeline?: string; action: 'import'; file: string; campaign?: string; vendor?: string; list?: string; kind?: string; country?: string; reportDir?: string; quiet?: boolean }

export const responsesCommand: CommandModule<{ db?: string }, ResponsesArgs> = {
  command: 'responses <action> <file>',
  describe: 'record campaign responses (opened, clicked, replied, attended, form) on the Contacts and Leads they name',
  builder: (y) => y
    .positional('action', { choices: ['import'] as const })
    .positional('file', { type: 'string', demandOption: true, describe: 'CSV or XLSX: email, phone or vendor,list,vendor_record_id; date; kind; campaign' })
    .option('campaign', { type: 'string', describe: 'campaign for lines without one' })
    .option('pipeline', { type: 'string', describe: 'the vendor list\'s pipeline: its vendor, list and vendor_id_column name the vendor record id column' })
    .option('vendor', { type: 'string', describe: 'vendor for a vendor_record_id column without a vendor column' })
    .option('list', { type: 'string', describe: 'list for a vendor_record_id column without a list column' })
    .option('kind', { type: 'string', describe: 'kind for lines without one (default response)' })
    .option('country', { type: 'string', coerce: countryCode('country'), describe: 'default country for phone numbers without + (default: the pipeline\'s, else US)' })
    .option('report-dir', { type: 'string', describe: 'where responses.csv goes (default reports/responses-FILE-...)' })
    .option('quiet', { type: 'boolean', describe: 'no progress' })
    .epilog(helpExamples([
      ['responses import webinar-attendees.csv --campaign "Spring Webinar"', ''],
      ['responses import outbound-responses.csv --pipeline purchased-list', 'vendor record ids of the pipeline\'s list'],
    ])) as any,
  handler: async (argv) => {
    const [{ createProgress }, { loadPipeline }, { formatResponseImport, importResponses }] = await Promise.all([
      import('../../progress.js'),
      import('../../pipeline/pipeline.js'),
      import('../../vendor-lists/responses.js'),
    ]);
    await withCrm(argv, async (crm) => {
      const pipeline = argv.pipeline ? loadPipeline(argv.pipeline) : undefined;
      const result = await importResponses(crm, argv.file, {
        campaign: argv.campaign, vendor: argv.vendor ?? pipeline?.vendor, list: argv.list ?? pipeline?.list, vendorIdColumn: pipeline?.vendor_id_column, kind: argv.kind, defaultCountry: argv.country ?? pipeline?.default_country,
        reportDir: argv.reportDir, progress: createProgress({ quiet: argv.quiet }),
      });
      console.log(formatResponseImport(result));
    });
  },
};
