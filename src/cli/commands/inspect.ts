import type { CommandModule } from 'yargs';
import { wholeNumber } from '../option-values.js';

export const inspectCommand: CommandModule<object, { file: string; pipeline?: string; sheet?: string; rows: number }> = {
  command: 'inspect <file>',
  describe: 'show how a list file is read and mapped: format, encoding, delimiter, sheet, header row, mapping, a few normalized rows',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'CSV or XLSX list file' })
      .option('pipeline', { alias: 'p', type: 'string', describe: 'pipeline name (pipelines/NAME.json) or path' })
      .option('sheet', { type: 'string', describe: 'XLSX sheet name or 1-based index (default: first sheet with data)' })
      .option('rows', { type: 'string', default: '5', coerce: wholeNumber('rows'), describe: 'how many data rows to show normalized' })
      // inspect reads the file only: the database option does not apply
      .hide('db') as any,
  handler: async (argv) => {
    const sheet = argv.sheet !== undefined && /^\d+$/.test(String(argv.sheet)) ? Number(argv.sheet) : argv.sheet;
    const { inspectListFile } = await import('../../validate/index.js');
    const lines = await inspectListFile(argv.file, { pipeline: argv.pipeline, sheet, rows: argv.rows });
    process.stdout.write(lines.join('\n') + '\n');
  },
};
