import { basename, join } from 'node:path';
import type { CommandModule } from 'yargs';
import { helpExamples } from '../help-examples.js';
import { withCrm } from '../open.js';
import { BusyError, UserError } from '../../errors.js';
import type { ReadLimits } from '../../extract/index.js';
import type { RunEvent, StageFile } from '../../vendor-lists/scheduled-run.js';
import type { CrmConnection } from '../../db/database.js';

interface RunArgs { db?: string; pipeline: string; file: string[]; reports?: string; autoCommit: boolean; logJson: boolean; wait: boolean; quiet?: boolean; limit?: string[]; exportDir?: string; crm?: string }

/** Stages with the stage module; with --reports each batch's report goes to DIR/FILE-TIMESTAMP. */
function stageWithPipeline(reports: string | undefined, limits: ReadLimits): StageFile {
  return async (crm, file, pipeline, progress) => {
    const { stageFile } = await import('../../stage/stage-file.js');
    const stem = basename(file).replace(/\.[^.]+$/, '');
    const reportDir = reports ? join(reports, `${stem}-${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}`) : undefined;
    const result = await stageFile(crm, { file, pipeline: pipeline.path, reportDir, progress, limits });
    return { batchId: result.batchId, rowCount: result.rowCount, counts: result.counts, reportDir: result.report.dir };
  };
}

export const runCommand: CommandModule<{ db?: string }, RunArgs> = {
  command: 'run <pipeline>',
  describe: 'scheduled import: stage each file, commit when the pipeline\'s auto_commit policy allows, else leave it for review (exit 4/5)',
  builder: (y) => y
    .positional('pipeline', { type: 'string', demandOption: true, describe: 'pipeline name (pipelines/NAME.json) or path' })
    .option('file', { type: 'string', array: true, demandOption: true, describe: 'a file or a glob in the file name (quote it): "/data/drop/zoominfo-*.csv"' })
    .option('reports', { type: 'string', describe: 'folder for the batch reports (default reports/<batch id>)' })
    .option('auto-commit', { type: 'boolean', default: false, describe: 'commit batches within the auto_commit policy (default: stage and leave for review)' })
    .option('log-json', { type: 'boolean', default: false, describe: 'one JSON line per event on stdout (started, skipped, staged, committed, left_for_review, error, finished)' })
    .option('wait', { type: 'boolean', default: true, describe: 'wait for a run in progress (PostgreSQL; an embedded database is held by one process: a second exits with code 3 at once); --no-wait exits at once with code 3' })
    .option('limit', { type: 'string', array: true, describe: 'raise an input limit, NAME=N (as for stage)' })
    .option('quiet', { type: 'boolean', describe: 'no progress lines' })
    .option('export-dir', { type: 'string', describe: 'after each commit, write the CRM\'s import files to DIR/BATCH (needs --crm)' })
    .option('crm', { type: 'string', describe: 'with --export-dir: salesforce, dynamics, hubspot, listgate (crms/NAME.json)' })
    .epilog(helpExamples([
      ['run purchased-list --file "/srv/drop/zoominfo-*.csv" --auto-commit --log-json --no-wait', 'from cron or a systemd timer'],
    ]) + '\n\n' + 'exit codes: 0 committed or nothing to do, 1 a file failed, 2 bad arguments or pipeline, 3 already running, 4 left for review, 5 rejects above the policy') as any,
  handler: async (argv) => {
    if (Boolean(argv.exportDir) !== Boolean(argv.crm)) throw new UserError('--export-dir and --crm go together: the folder for the import files and the CRM they are for');
    const [{ createProgress }, { loadPipeline }, { readLimitsFrom }, { formatRunEvent, runPipeline }, { connectorFor, exportBatch }] = await Promise.all([
      import('../../progress.js'),
      import('../../pipeline/pipeline.js'),
      import('../../extract/index.js'),
      import('../../vendor-lists/scheduled-run.js'),
      import('../../export/export-batch.js'),
    ]);
    const pipeline = loadPipeline(argv.pipeline);
    const limits = readLimitsFrom(argv.limit);
    if (argv.crm) connectorFor(argv.crm); // a bad layout stops the run before anything is staged
    const afterCommit = argv.exportDir && argv.crm
      ? async (crm: CrmConnection, batchId: string) => {
        try {
          const result = await exportBatch(crm, batchId, { crm: argv.crm!, out: join(argv.exportDir!, batchId) });
          return { export: result.dir, crm: result.manifest.crm, export_files: result.manifest.files.length };
        } catch (error) {
          throw new Error(`batch ${batchId} is committed, but its export failed: ${(error as Error).message}; run 'listgate export ${batchId} --crm ${argv.crm}'`);
        }
      }
      : undefined;
    const emit = argv.logJson
      ? (event: RunEvent) => { process.stdout.write(`${JSON.stringify(event)}\n`); }
      : (event: RunEvent) => { console.log(formatRunEvent(event)); };
    try {
      process.exitCode = await withCrm(argv, (crm) => runPipeline(crm, {
        pipeline, files: argv.file, autoCommit: argv.autoCommit, wait: argv.wait,
        stageFile: stageWithPipeline(argv.reports, limits), emit, progress: createProgress({ quiet: argv.quiet }), afterCommit,
      }));
    } catch (error) {
      if (error instanceof BusyError && argv.logJson) {
        emit({ event: 'error', time: new Date().toISOString(), pipeline: pipeline.name, reason: `already running: ${error.message}`, exit_code: error.exitCode });
      }
      throw error instanceof BusyError ? new BusyError(`already running: ${error.message}`) : error;
    }
  },
};
