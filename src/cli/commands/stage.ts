import type { CommandModule } from 'yargs';
import { helpExamples } from '../help-examples.js';
import { withCrm } from '../open.js';
import { wrapText } from '../terminal-width.js';

interface StageArgs { db?: string; file: string; pipeline: string; sheet?: string; 'report-dir'?: string; quiet?: boolean; 'full-jsonl'?: boolean; json?: boolean; limit?: string[] }

export const stageCommand: CommandModule<{ db?: string }, StageArgs> = {
  command: 'stage <file>',
  describe: 'read, match and route every row of a list and write a reviewable report; changes nothing in the CRM',
  builder: (y) => y
    .positional('file', { type: 'string', demandOption: true, describe: 'the list: CSV or XLSX' })
    .option('pipeline', { alias: 'p', type: 'string', demandOption: true, describe: 'pipeline name (pipelines/NAME.json) or path' })
    .option('sheet', { type: 'string', describe: 'XLSX sheet name or 1-based number (default: the pipeline\'s, else the first)' })
    .option('report-dir', { type: 'string', describe: 'where the report goes (default reports/<batch id>)' })
    .option('limit', { type: 'string', array: true, describe: 'raise an input limit, NAME=N: row-chars, field-lines, sheet-rows, sheet-mb, strings-mb, expansion-ratio (README: input limits)' })
    .option('full-jsonl', { type: 'boolean', describe: 'rows.jsonl with each row\'s fields, every candidate with its comparisons, and the plan\'s values (default: the decision, a few hundred bytes a row)' })
    .option('quiet', { type: 'boolean', describe: 'no progress bar' })
    .option('json', { type: 'boolean', describe: 'print summary.json instead of the text summary' })
    .epilog(helpExamples([
      ['stage samples/lists/tradeshow-badge-scans.csv --pipeline tradeshow', 'stage badge scans'],
      ['stage zoominfo.xlsx -p purchased-list --sheet Contacts --report-dir out/zi', 'a purchased list, one sheet'],
    ])) as any,
  handler: async (argv) => {
    const [{ openList, closeList }, { readableFileSize, readLimitsFrom }] = await Promise.all([
      import('../../stage/read-list.js'),
      import('../../extract/index.js'),
    ]);
    const limits = readLimitsFrom(argv.limit);
    // a file that cannot be read ends here, before the database is opened
    await readableFileSize(argv.file);
    const sheet = argv.sheet !== undefined && /^\d+$/.test(argv.sheet) ? Number(argv.sheet) : argv.sheet;
    // the list is read on its own thread while this one loads the stage's code and the database starts
    const opened = openList({ file: argv.file, pipeline: argv.pipeline, sheet, limits });
    try {
      const [{ createProgress }, { stageFile }, { formatStageResult }] = await Promise.all([
        import('../../progress.js'),
        import('../../stage/stage-file.js'),
        import('../../stage/format-stage.js'),
      ]);
      const options = {
        file: argv.file, pipeline: argv.pipeline, sheet, limits, reportDir: argv['report-dir'], fullJsonl: argv['full-jsonl'],
        progress: createProgress({ quiet: argv.quiet || argv.json }),
      };
      await withCrm(argv, async (crm) => {
        const result = await stageFile(crm, options, opened);
        for (const warning of result.warnings) process.stderr.write(`note: ${warning}\n`);
        if (argv.json) {
          const { readFileSync } = await import('node:fs');
          process.stdout.write(readFileSync(result.report.summary, 'utf8'));
        } else {
          console.log(wrapText(formatStageResult(result, argv.file, result.pipeline)));
        }
      });
    } finally {
      // the reading thread ends with its last row; this stops it when the stage ended early
      await closeList(opened);
    }
  },
};
