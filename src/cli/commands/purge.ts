import type { CommandModule } from 'yargs';
import { helpExamples } from '../help-examples.js';
import { withCrm } from '../open.js';
import { UserError } from '../../errors.js';
import { removalModes, type RemovalMode } from '../../vendor-lists/removal-modes.js';

interface PurgeArgs { db?: string; vendor?: string; list?: string; execute?: boolean; mode?: RemovalMode; reportDir?: string; proof?: string; quiet?: boolean }

export const purgeCommand: CommandModule<{ db?: string }, PurgeArgs> = {
  command: 'purge',
  describe: 'purge a vendor list\'s non-responders (dry run unless --execute); --proof EMAIL shows what the purge log knows',
  builder: (y) => y
    .option('vendor', { type: 'string', describe: 'list vendor, as in the pipeline' })
    .option('list', { type: 'string', describe: 'one list of the vendor (default: all its lists)' })
    .option('execute', { type: 'boolean', default: false, describe: 'really purge, in one transaction (default: dry run, report only)' })
    .option('mode', { choices: removalModes, describe: 'delete or anonymize (default: the pipeline\'s purge.mode, else delete)' })
    .option('report-dir', { type: 'string', describe: 'where purge.csv, purge.xlsx and summary.json go (default reports/purge-VENDOR-...)' })
    .option('proof', { type: 'string', describe: 'an email address: show the purge log and erasures for it' })
    .option('quiet', { type: 'boolean', describe: 'no progress' })
    .epilog(helpExamples([
      ['purge --vendor ZoomInfo --list "ZoomInfo 2026 Prospects"', 'dry run: write the purge report'],
      ['purge --vendor ZoomInfo --list "ZoomInfo 2026 Prospects" --execute', 'purge for real'],
      ['purge --proof jane@example.com', 'was this address purged or erased?'],
    ])) as any,
  handler: async (argv) => {
    const [{ formatPurgeProof, formatPurgeResult, pipelinePurgeMode, purgeProof, purgeVendorList }, { createProgress }] = await Promise.all([
      import('../../vendor-lists/purge.js'),
      import('../../progress.js'),
    ]);
    await withCrm(argv, async (crm) => {
      if (argv.proof) {
        console.log(formatPurgeProof(argv.proof, await purgeProof(crm, argv.proof)));
        return;
      }
      if (!argv.vendor) throw new UserError('purge needs --vendor (or --proof EMAIL)');
      const scope = { vendor: argv.vendor, list: argv.list };
      const mode = argv.mode ?? await pipelinePurgeMode(crm, scope);
      const result = await purgeVendorList(crm, { ...scope, execute: argv.execute, mode, reportDir: argv.reportDir, progress: createProgress({ quiet: argv.quiet }) });
      console.log(formatPurgeResult(result));
    });
  },
};
