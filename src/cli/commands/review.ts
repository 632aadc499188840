import type { CommandModule } from 'yargs';
import { helpExamples } from '../help-examples.js';
import { withCrm } from '../open.js';
import { countOf, formatCount } from '../../plain-words.js';
import { wrapText } from '../terminal-width.js';
import { formatMergeCandidate, listMergeCandidates } from '../../review/merge-candidates.js';
import { parseDecideArguments, recordDecisions } from '../../review/steward-decisions.js';
import { applyWorkbookDecisions } from '../../review/review-batch.js';

interface ReviewArgs { db?: string; batch: string; decide?: string[]; from?: string; all?: boolean }

export const reviewCommand: CommandModule<{ db?: string }, ReviewArgs> = {
  command: 'review <batch>',
  describe: "list a batch's undecided merge candidates, or record steward decisions (merge, create_new, skip)",
  builder: (y) => y
    .positional('batch', { type: 'string', demandOption: true, describe: 'batch id (listgate batches)' })
    .option('decide', { type: 'string', array: true, describe: 'ROW=merge|create_new|skip, one or more' })
    .option('from', { type: 'string', describe: 'read decisions from the report workbook (sheet merge_candidate, column decision)' })
    .option('all', { type: 'boolean', describe: 'list decided merge candidates too' })
    .epilog(helpExamples([
      ['review B1 --decide 7=merge 12=create_new', 'record two decisions'],
      ['review B1 --from reports/B1/report.xlsx', "apply the stewards' drop-down choices"],
    ])) as any,
  handler: async (argv) => {
    await withCrm(argv, async (crm) => {
      if (argv.from) {
        const result = await applyWorkbookDecisions(crm.db, argv.batch, argv.from);
        console.log(wrapText(`${argv.from}: recorded ${countOf(result.recorded, 'decision')}; ${formatCount(result.empty)} left empty; ${countOf(result.undecided, 'merge candidate')} still undecided in batch ${argv.batch}`));
      }
      if (argv.decide?.length) {
        const result = await recordDecisions(crm.db, argv.batch, parseDecideArguments(argv.decide));
        console.log(wrapText(`recorded ${countOf(result.recorded, 'decision')}; ${countOf(result.undecided, 'merge candidate')} still undecided in batch ${argv.batch}`));
      }
      if (argv.from || argv.decide?.length) return;
      const candidates = await listMergeCandidates(crm.db, argv.batch, { all: argv.all });
      if (!candidates.length) {
        console.log(`batch ${argv.batch}: no ${argv.all ? '' : 'undecided '}merge candidates`);
        return;
      }
      console.log(wrapText(candidates.map((c) => formatMergeCandidate(c, argv.batch)).join('\n\n')));
      console.log(`\n${countOf(candidates.length, 'merge candidate')}`);
    });
  },
};
