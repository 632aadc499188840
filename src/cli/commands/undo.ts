import type { CommandModule } from 'yargs';
import { withCrm } from '../open.js';

interface UndoArgs { db?: string; batch: string; force?: boolean; wait: boolean; quiet?: boolean }

export const undoCommand: CommandModule<{ db?: string }, UndoArgs> = {
  command: 'undo <batch>',
  describe: 'restore everything a committed batch changed to its state before the commit',
  builder: (y) => y
    .positional('batch', { type: 'string', demandOption: true, describe: 'batch id (listgate batches)' })
    .option('force', { type: 'boolean', describe: 'when later changes touched the same records: undo only the fields still holding this batch\'s values' })
    .option('wait', { type: 'boolean', default: true, describe: 'wait while another commit or undo runs (PostgreSQL; an embedded database is held by one process: a second exits with code 3 at once); --no-wait exits with code 3 instead' })
    .option('quiet', { type: 'boolean', describe: 'no progress lines' }) as any,
  handler: async (argv) => {
    const { formatUndoSummary, undoBatch } = await import('../../commit/undo-batch.js');
    await withCrm(argv, async (crm) => {
      const log = argv.quiet ? undefined : (message: string) => process.stderr.write(`${message}\n`);
      const summary = await undoBatch(crm, argv.batch, { force: argv.force, wait: argv.wait, log });
      // the time the user waited, start-up included, not only the transaction's
      console.log(formatUndoSummary({ ...summary, seconds: process.uptime() }));
    });
  },
};
