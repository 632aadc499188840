import type { CommandModule } from 'yargs';
import { withCrm } from '../open.js';
import { helpExamples } from '../help-examples.js';
import { UserError } from '../../errors.js';

interface ExplainArgs { db?: string; batch: string; row: number; json?: boolean }

export const explainCommand: CommandModule<{ db?: string }, ExplainArgs> = {
  command: 'explain <batch> <row>',
  describe: "why a staged row got its route: every candidate the match finds for it, each with its comparisons and guards (recomputed against the CRM)",
  builder: (y) => y
    .positional('batch', { type: 'string', demandOption: true, describe: 'batch id (listgate batches)' })
    .positional('row', { type: 'number', demandOption: true, describe: "the row's number in the file (source_row in rows.csv)" })
    .option('json', { type: 'boolean', describe: 'print the row and its candidates as JSON' })
    .epilog(helpExamples([['explain B20261207-101500-tradeshow-1a2b 42', 'why row 42 became a merge candidate, and who else was close']])) as any,
  handler: async (argv) => {
    if (!Number.isInteger(argv.row) || argv.row < 1) throw new UserError(`row must be a row number of the file (source_row in rows.csv), got "${argv.row}"`);
    await withCrm(argv, async (crm) => {
      const { explainedRowLines, explainStagedRow } = await import('../../match/explain-row.js');
      const explained = await explainStagedRow(crm, argv.batch, argv.row);
      process.stdout.write(argv.json ? `${JSON.stringify(explained, null, 2)}\n` : `${explainedRowLines(explained).join('\n')}\n`);
    });
  },
};
