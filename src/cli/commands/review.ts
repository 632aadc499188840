import type { CommandModule } from 'yargs';
import { helpExamples } from '../help-examples.js';
import { withCrm } from '../open.js';
import { UserError } from '../../errors.js';
import { countOf, formatCount } from '../../plain-words.js';
import { wrapText } from '../terminal-width.js';

interface ReviewArgs {
  db?: string; batch: string; decide?: string[]; keep?: string[]; from?: string; all?: boolean;
  web?: boolean; port?: number; host?: string; limit?: number;
}

export const reviewCommand: CommandModule<{ db?: string }, ReviewArgs> = {
  command: 'review <batch>',
  describe: "list a batch's undecided merge candidates, record steward decisions, or open the review screen (--web)",
  builder: (y) => y
    .positional('batch', { type: 'string', demandOption: true, describe: 'batch id (listgate batches)' })
    .option('decide', { type: 'string', array: true, describe: 'ROW=merge|create_new|skip, ROW=merge:RECORD_ID; any imported row: ROW=attach:RECORD_ID or ROW=steward' })
    .option('keep', { type: 'string', array: true, describe: 'ROW.FIELD=crm|list: which value survives a merge, e.g. 82.title=crm' })
    .option('from', { type: 'string', describe: 'read decisions from the report workbook (sheet merge_candidate, column decision)' })
    .option('all', { type: 'boolean', describe: 'list decided merge candidates too' })
    .option('limit', { type: 'number', describe: 'list at most this many merge candidates' })
    .option('web', { type: 'boolean', describe: 'serve the review screen on this machine and print its address' })
    .option('port', { type: 'number', default: 0, describe: 'port of the review screen (0: a free one)' })
    .option('host', { type: 'string', default: '127.0.0.1', describe: 'address the review screen listens on' })
    .epilog(helpExamples([
      ['review B1 --decide 7=merge 12=create_new', 'record two decisions'],
      ['review B1 --decide 82=merge:CON-0005 --keep 82.title=crm 82.phone=list', 'merge into another candidate, value by value'],
      ['review B1 --from reports/B1/report.xlsx', "apply the stewards' drop-down choices"],
      ['review B1 --web', 'decide on the review screen, from the keyboard'],
    ])) as any,
  handler: async (argv) => {
    if (argv.limit !== undefined && (!Number.isInteger(argv.limit) || argv.limit < 0)) throw new UserError(`--limit ${argv.limit}: give a whole number`);
    if (argv.web) {
      if (!Number.isInteger(argv.port) || argv.port! < 0 || argv.port! > 65535) throw new UserError(`--port ${argv.port}: give a port number from 0 to 65535`);
      const { startReviewServer } = await import('../../review/web/review-server.js');
      const server = await startReviewServer({ db: argv.db, batchId: argv.batch, port: argv.port ?? 0, host: argv.host ?? '127.0.0.1' });
      console.log(`review screen of batch ${argv.batch}: ${server.url}`);
      console.log('(the address holds a token: share it only with stewards; Ctrl-C stops the screen)');
      await new Promise<void>((resolve) => {
        const stop = () => { void server.close().then(resolve); };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      return;
    }
    const [{ formatMergeCandidate, listMergeCandidates }, { parseDecideArguments, parseKeepArguments, recordDecisions }, { applyWorkbookDecisions }] = await Promise.all([
      import('../../review/merge-candidates.js'),
      import('../../review/steward-decisions.js'),
      import('../../review/review-batch.js'),
    ]);
    await withCrm(argv, async (crm) => {
      if (argv.from) {
        const result = await applyWorkbookDecisions(crm.db, argv.batch, argv.from);
        console.log(wrapText(`${argv.from}: recorded ${countOf(result.recorded, 'decision')}; ${formatCount(result.empty)} left empty; ${countOf(result.undecided, 'merge candidate')} still undecided in batch ${argv.batch}`));
      }
      if (argv.decide?.length || argv.keep?.length) {
        const result = await recordDecisions(crm.db, argv.batch, parseDecideArguments(argv.decide ?? []), undefined, parseKeepArguments(argv.keep ?? []));
        console.log(wrapText(`recorded ${countOf(result.recorded, 'decision')}; ${countOf(result.undecided, 'merge candidate')} still undecided in batch ${argv.batch}`));
      }
      if (argv.from || argv.decide?.length || argv.keep?.length) return;
      const candidates = await listMergeCandidates(crm.db, argv.batch, { all: argv.all, limit: argv.limit });
      if (!candidates.length) {
        console.log(`batch ${argv.batch}: no ${argv.all ? '' : 'undecided '}merge candidates`);
        return;
      }
      console.log(wrapText(candidates.map((c) => formatMergeCandidate(c, argv.batch)).join('\n\n')));
      console.log(`\n${countOf(candidates.length, 'merge candidate')}${argv.limit !== undefined && candidates.length === argv.limit ? ` shown (--limit ${argv.limit}); the review screen pages through all: listgate review ${argv.batch} --web` : ''}`);
    });
  },
};
