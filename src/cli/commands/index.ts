import type { CommandModule } from 'yargs';
import { dbCommand } from './db.js';

/** Every listgate command; each lives in its own file and only parses arguments and calls a stage. */
export const commands: CommandModule<any, any>[] = [
  dbCommand,
];
