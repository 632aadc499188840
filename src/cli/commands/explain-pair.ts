import type { CommandModule } from 'yargs';
import { helpExamples } from '../help-examples.js';

interface ExplainPairArgs { file: string; a: string; b: string; matcher: string }

export const explainPairCommand: CommandModule<object, ExplainPairArgs> = {
  command: 'explain-pair <file> <a> <b>',
  describe: 'why dedupe did or did not pair two records of a CSV file: the blocking keys of each and every comparison level',
  builder: (y) => y
    .positional('file', { type: 'string', demandOption: true, describe: 'CSV file (first row = headers)' })
    .positional('a', { type: 'string', demandOption: true, describe: "a record's id (in the matcher's id_column)" })
    .positional('b', { type: 'string', demandOption: true, describe: "the other record's id" })
    .option('matcher', { type: 'string', demandOption: true, describe: 'matcher name (listgate matchers) or path to a .json' })
    .hide('db')
    .epilog(helpExamples([['explain-pair people.csv rec-12-org rec-12-dup-0 --matcher febrl', 'why were these two not paired?']])) as any,
  handler: async (argv) => {
    const { explainPair } = await import('../../match/explain-pair.js');
    process.stdout.write(`${explainPair(argv.file, String(argv.a), String(argv.b), argv.matcher).join('\n')}\n`);
  },
};
