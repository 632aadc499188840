import { writeFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { linkFiles } from '../../match/file-matching.js';

export const linkCommand: CommandModule<any, any> = {
  command: 'link <a> <b>',
  describe: 'link each record of CSV file B to its best match in CSV file A with a matcher',
  builder: (y) => y
    .positional('a', { type: 'string', describe: 'CSV file A (the reference)' })
    .positional('b', { type: 'string', describe: 'CSV file B (each record gets at most one link into A)' })
    .option('matcher', { type: 'string', demandOption: true, describe: 'matcher name in matchers/ or path to a .json; its column names are the files\'' })
    .option('out', { type: 'string', describe: 'pairs CSV to write (default: stdout)' })
    .option('review', { type: 'boolean', default: false, describe: 'also link records whose best match is in the review band' }),
  handler: (argv) => {
    const summary = linkFiles(argv.a, argv.b, argv.matcher, { includeReview: argv.review });
    if (argv.out) writeFileSync(argv.out, summary.csv); else process.stdout.write(summary.csv);
    process.stderr.write(`link: ${summary.pairs} of ${summary.records} records of ${argv.b} linked in ${(summary.milliseconds / 1000).toFixed(1)}s${argv.out ? ` -> ${argv.out}` : ''}\n`);
  },
};
