import { writeFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { dedupeFile } from '../../match/file-matching.js';

export const dedupeCommand: CommandModule<any, any> = {
  command: 'dedupe <file>',
  describe: 'find duplicate records inside any CSV file with a matcher (blocking, explained scores)',
  builder: (y) => y
    .positional('file', { type: 'string', describe: 'CSV file (first row = headers)' })
    .option('matcher', { type: 'string', demandOption: true, describe: 'matcher name in matchers/ or path to a .json; its column names are the file\'s' })
    .option('out', { type: 'string', describe: 'pairs CSV to write (default: stdout)' })
    .option('review', { type: 'boolean', default: false, describe: 'also list pairs in the review band' }),
  handler: (argv) => {
    const summary = dedupeFile(argv.file, argv.matcher, { includeReview: argv.review });
    if (argv.out) writeFileSync(argv.out, summary.csv); else process.stdout.write(summary.csv);
    process.stderr.write(`dedupe: ${summary.records} records, ${summary.pairs} duplicate pairs in ${(summary.milliseconds / 1000).toFixed(1)}s${argv.out ? ` -> ${argv.out}` : ''}\n`);
  },
};
