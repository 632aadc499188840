import type { CommandModule } from 'yargs';
import { withCrm } from '../open.js';
import { UserError } from '../../errors.js';

interface ExportArgs { db?: string; batch?: string; crm: string; out?: string; campaignId?: string; removals?: boolean; since?: string }

export const exportCommand: CommandModule<{ db?: string }, ExportArgs> = {
  command: 'export [batch]',
  describe: 'write what a committed batch did (and its undo) as the CRM\'s own import files, with manifest.json',
  builder: (y) => y
    .positional('batch', { type: 'string', describe: 'batch id (listgate batches)' })
    .option('crm', { type: 'string', demandOption: true, describe: 'CRM layout: salesforce, dynamics, hubspot, listgate (crms/NAME.json) or a path' })
    .option('out', { type: 'string', describe: 'folder for the files (default exports/BATCH-CRM); an earlier export there is replaced' })
    .option('campaign-id', { type: 'string', describe: 'the CRM id of the campaign the batch\'s responses go to (else the campaign is upserted by its listgate id, or named)' })
    .option('removals', { type: 'boolean', describe: 'instead of a batch: every purge and erasure, as the CRM\'s delete and update files' })
    .option('since', { type: 'string', describe: 'with --removals: only those since this date or time (ISO 8601)' })
    .example('$0 export B20261207-1 --crm salesforce --out exports/expo', 'Data Loader files and manifest.json')
    .example('$0 export --removals --crm dynamics --since 2026-12-01', 'purges and erasures to carry to Dynamics') as any,
  handler: async (argv) => {
    if (!argv.batch && !argv.removals) throw new UserError('export needs a batch id, or --removals');
    if (argv.batch && argv.removals) throw new UserError('export takes a batch id or --removals, not both');
    const since = argv.since ? new Date(argv.since) : undefined;
    if (since && Number.isNaN(since.getTime())) throw new UserError(`--since "${argv.since}" is not a date (use 2026-12-01 or 2026-12-01T08:00:00Z)`);
    const { exportBatch, exportRemovals, formatExport } = await import('../../export/export-batch.js');
    await withCrm(argv, async (crm) => {
      const options = { crm: argv.crm, out: argv.out, campaignId: argv.campaignId };
      const result = argv.removals ? await exportRemovals(crm, { ...options, since }) : await exportBatch(crm, argv.batch!, options);
      console.log(formatExport(result));
    });
  },
};
