import type { CommandModule } from 'yargs';
import { dbCommand } from './db.js';
import { inspectCommand } from './inspect.js';
import { reviewCommand } from './review.js';
import { reportCommand } from './report.js';
import { commitCommand } from './commit.js';
import { undoCommand } from './undo.js';
import { batchesCommand } from './batches.js';
import { crmCommand } from './crm.js';
import { dedupeCommand } from './dedupe.js';
import { linkCommand } from './link.js';
import { responsesCommand } from './responses.js';
import { purgeCommand } from './purge.js';
import { suppressCommand } from './suppress.js';
import { runCommand } from './run.js';
import { stageCommand } from './stage.js';
import { exportCommand } from './export.js';
import { matchersCommand, pipelinesCommand } from './config-lists.js';
import { explainPairCommand } from './explain-pair.js';
import { explainCommand } from './explain.js';

/** Every listgate command; each lives in its own file and only parses arguments and calls a stage. */
export const commands: CommandModule<any, any>[] = [
  dbCommand,
  inspectCommand,
  reviewCommand,
  reportCommand,
  commitCommand,
  undoCommand,
  batchesCommand,
  crmCommand,
  dedupeCommand,
  linkCommand,
  explainCommand,
  explainPairCommand,
  responsesCommand,
  purgeCommand,
  suppressCommand,
  runCommand,
  stageCommand,
  exportCommand,
  pipelinesCommand,
  matchersCommand,
];
