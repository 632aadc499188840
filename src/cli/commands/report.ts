import type { CommandModule } from 'yargs';
import { withCrm } from '../open.js';
import { UserError } from '../../errors.js';
import { routes, type Route } from '../../types.js';

interface ReportArgs { db?: string; batch: string; 'report-dir'?: string; route?: string; 'full-jsonl'?: boolean }

export const reportCommand: CommandModule<{ db?: string }, ReportArgs> = {
  command: 'report <batch>',
  describe: "write a batch's report again (after review: decisions and what commit will create), or print one route's rows",
  builder: (y) => y
    .positional('batch', { type: 'string', demandOption: true, describe: 'batch id (listgate batches)' })
    .option('report-dir', { type: 'string', describe: "folder to write into (default: the batch's report folder)" })
    .option('full-jsonl', { type: 'boolean', describe: 'rows.jsonl with each row\'s fields, its stored candidates and the plan\'s values' })
    .option('route', { type: 'string', describe: `print every row of one route as CSV instead (${routes.join(', ')})` })
    .example('$0 report B1', 'rewrite report.html and report.xlsx after stewards decided')
    .example('$0 report B1 --route new_lead', "every new_lead row, past the HTML table's cap") as any,
  handler: async (argv) => {
    if (argv.route !== undefined && !(routes as readonly string[]).includes(argv.route)) {
      throw new UserError(`--route ${argv.route}: not a route; one of ${routes.join(', ')}`);
    }
    await withCrm(argv, async (crm) => {
      if (argv.route) {
        const [{ default: Papa }, { stagedRowChunks }, { csvRecord, rowsCsvColumns }] = await Promise.all([
          import('papaparse'),
          import('../../report/staged-rows-db.js'),
          import('../../report/row-files.js'),
        ]);
        const batch = await crm.db.selectFrom('import_batches').select('id').where('id', '=', argv.batch).executeTakeFirst();
        if (!batch) throw new UserError(`no batch ${argv.batch}; 'listgate batches' lists them`);
        process.stdout.write(Papa.unparse([rowsCsvColumns as unknown as string[]]) + '\n');
        for await (const chunk of stagedRowChunks(crm.db, argv.batch, { route: argv.route as Route })) {
          if (!process.stdout.write(Papa.unparse(chunk.map(csvRecord)) + '\n')) await new Promise((resolve) => process.stdout.once('drain', resolve));
        }
        return;
      }
      const { rewriteBatchReport } = await import('../../report/rewrite-report.js');
      const { paths, summary } = await rewriteBatchReport(crm, argv.batch, { dir: argv['report-dir'], fullJsonl: argv['full-jsonl'] });
      console.log(`batch ${argv.batch}: report written again (${summary.row_count} rows)`);
      console.log(`  ${paths.html}\n  ${paths.xlsx}\n  ${paths.csv}\n  ${paths.summary}`);
    });
  },
};
