import type { CommandModule } from 'yargs';
import { withCrm } from '../open.js';
import { wholeNumber } from '../option-values.js';
import { wrapText } from '../terminal-width.js';

interface BatchesArgs { db?: string; json?: boolean; limit?: number }

export const batchesCommand: CommandModule<{ db?: string }, BatchesArgs> = {
  command: 'batches',
  describe: 'list import batches: file, pipeline, status, rows per route, times',
  builder: (y) => y
    .option('json', { type: 'boolean', describe: 'print JSON' })
    .option('limit', { type: 'string', default: '1000', coerce: wholeNumber('limit', 1), describe: 'newest N batches' }) as any,
  handler: async (argv) => {
    const { formatBatches, listBatches } = await import('../../commit/batch-list.js');
    await withCrm(argv, async (crm) => {
      const batches = await listBatches(crm.db, { limit: argv.limit });
      console.log(argv.json ? JSON.stringify(batches, null, 2) : wrapText(formatBatches(batches)));
    });
  },
};
