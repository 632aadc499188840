import { writeFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { countOf } from '../../plain-words.js';
import { helpExamples } from '../help-examples.js';
import { secondsWaited } from '../seconds-waited.js';

interface DedupeArgs { file: string; matcher: string; out?: string; review: boolean; quiet?: boolean; clusters: boolean }

export const dedupeCommand: CommandModule<object, DedupeArgs> = {
  command: 'dedupe <file>',
  describe: 'find duplicate records inside any CSV file with a matcher (blocking, explained scores)',
  builder: (y) => y
    .positional('file', { type: 'string', demandOption: true, describe: 'CSV file (first row = headers)' })
    .option('matcher', { type: 'string', demandOption: true, describe: 'matcher name (listgate matchers) or path to a .json; its column names are the file\'s' })
    .option('out', { type: 'string', describe: 'CSV to write (default: stdout)' })
    .option('quiet', { type: 'boolean', describe: 'no progress line' })
    .option('review', { type: 'boolean', default: false, describe: 'also list pairs in the review band (band column "review")' })
    .option('clusters', { type: 'boolean', default: false, describe: 'write every record with a "Cluster ID" column (as dedupe.io does) instead of pairs' })
    // dedupe reads files only: the database option does not apply
    .hide('db')
    .epilog(helpExamples([
      ['dedupe people.csv --matcher febrl | head', 'the best pairs first'],
      ['dedupe people.csv --matcher febrl --clusters --out clustered.csv', 'one cluster id per record'],
      ['explain-pair people.csv rec-12-org rec-12-dup-0 --matcher febrl', 'why two records were not paired'],
    ])) as any,
  handler: async (argv) => {
    const [{ dedupeFile }, { createProgress }] = await Promise.all([import('../../match/file-matching.js'), import('../../progress.js')]);
    const summary = dedupeFile(argv.file, argv.matcher, { includeReview: argv.review, clusters: argv.clusters, progress: createProgress({ quiet: argv.quiet }) });
    for (const warning of summary.warnings) process.stderr.write(`warning: ${warning}\n`);
    if (argv.out) writeFileSync(argv.out, summary.csv); else process.stdout.write(summary.csv);
    const found = [countOf(summary.pairs, 'duplicate pair')];
    if (argv.review) found.push(countOf(summary.reviewPairs, 'pair', 'pairs') + ' to review');
    if (argv.clusters) found.push(`${countOf(summary.clusteredRecords, 'record')} in ${countOf(summary.clusters, 'cluster')} of two or more`);
    process.stderr.write(`dedupe: ${countOf(summary.records, 'record')}, ${found.join(', ')}; ${secondsWaited()}${argv.out ? ` -> ${argv.out}` : ''}\n`);
  },
};
