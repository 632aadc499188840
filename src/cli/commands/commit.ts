import type { CommandModule } from 'yargs';
import { withCrm } from '../open.js';
import type { UndecidedPolicy } from '../../commit/commit-batch.js';
import { UserError } from '../../errors.js';

interface CommitArgs { db?: string; batch: string; undecided?: UndecidedPolicy; wait: boolean; quiet?: boolean; export?: string; crm?: string }

export const commitCommand: CommandModule<{ db?: string }, CommitArgs> = {
  command: 'commit <batch>',
  describe: 'apply a staged batch to the CRM in one transaction (undo with listgate undo)',
  builder: (y) => y
    .positional('batch', { type: 'string', demandOption: true, describe: 'batch id (listgate batches)' })
    .option('undecided', { choices: ['skip', 'create_new'] as const, describe: 'what undecided merge candidates do (default: refuse to commit)' })
    .option('wait', { type: 'boolean', default: true, describe: 'wait while another commit or undo runs (PostgreSQL; an embedded database is held by one process: a second exits with code 3 at once); --no-wait exits with code 3 instead' })
    .option('quiet', { type: 'boolean', describe: 'no progress lines' })
    .option('export', { type: 'string', describe: 'then write the CRM\'s import files to this folder (listgate export; needs --crm)' })
    .option('crm', { type: 'string', describe: 'with --export: salesforce, dynamics, hubspot, listgate (crms/NAME.json)' }) as any,
  handler: async (argv) => {
    if (Boolean(argv.export) !== Boolean(argv.crm)) throw new UserError('--export and --crm go together: the folder for the import files and the CRM they are for');
    const [{ commitBatch, formatCommitSummary }, { connectorFor, exportBatch, formatExport }] = await Promise.all([
      import('../../commit/commit-batch.js'),
      import('../../export/export-batch.js'),
    ]);
    if (argv.crm) connectorFor(argv.crm); // a bad layout stops before the commit
    await withCrm(argv, async (crm) => {
      const log = argv.quiet ? undefined : (message: string) => process.stderr.write(`${message}\n`);
      const summary = await commitBatch(crm, argv.batch, { undecided: argv.undecided, wait: argv.wait, log });
      // the time the user waited, start-up included, not only the transaction's
      console.log(formatCommitSummary({ ...summary, seconds: process.uptime() }));
      if (argv.export && argv.crm) console.log(formatExport(await exportBatch(crm, argv.batch, { crm: argv.crm, out: argv.export })));
    });
  },
};
