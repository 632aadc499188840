import { writeFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { countOf, formatCount } from '../../plain-words.js';
import { secondsWaited } from '../seconds-waited.js';

interface LinkArgs { a: string; b: string; matcher: string; out?: string; review: boolean; quiet?: boolean; 'one-to-one': boolean }

export const linkCommand: CommandModule<object, LinkArgs> = {
  command: 'link <a> <b>',
  describe: 'link each record of CSV file B to its best match in CSV file A with a matcher',
  builder: (y) => y
    .positional('a', { type: 'string', demandOption: true, describe: 'CSV file A (the reference)' })
    .positional('b', { type: 'string', demandOption: true, describe: 'CSV file B (each record gets at most one link into A)' })
    .option('matcher', { type: 'string', demandOption: true, describe: 'matcher name (listgate matchers) or path to a .json; its column names are the files\'' })
    .option('out', { type: 'string', describe: 'pairs CSV to write (default: stdout)' })
    .option('quiet', { type: 'boolean', describe: 'no progress line' })
    .option('review', { type: 'boolean', default: false, describe: 'also link records whose best match is in the review band' })
    .option('one-to-one', { type: 'boolean', default: false, describe: 'a record of A is linked to at most one record of B too (best pairs first)' })
    .hide('db') as any,
  handler: async (argv) => {
    const [{ linkFiles }, { createProgress }] = await Promise.all([import('../../match/file-matching.js'), import('../../progress.js')]);
    const summary = linkFiles(argv.a, argv.b, argv.matcher, { includeReview: argv.review, oneToOne: argv['one-to-one'], progress: createProgress({ quiet: argv.quiet }) });
    for (const warning of summary.warnings) process.stderr.write(`warning: ${warning}\n`);
    if (argv.out) writeFileSync(argv.out, summary.csv); else process.stdout.write(summary.csv);
    const review = argv.review ? ` (${countOf(summary.reviewPairs, 'link')} in the review band)` : '';
    process.stderr.write(`link: ${formatCount(summary.pairs + summary.reviewPairs)} of ${countOf(summary.records, 'record')} of ${argv.b} linked${review}; ${secondsWaited()}${argv.out ? ` -> ${argv.out}` : ''}\n`);
  },
};
