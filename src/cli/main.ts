import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ExitCode, UserError } from '../errors.js';
import { commands } from './commands/index.js';
import { packageVersion } from './package-version.js';
import { helpWidth } from './help-examples.js';

const debug = process.argv.includes('--debug');

// `listgate dedupe FILE | head`: the reader has what it wanted and closed the pipe; that is not a failure
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

async function main(): Promise<void> {
  let cli = yargs(hideBin(process.argv))
    .scriptName('listgate')
    .usage('$0 <command> [options]\n\nImport marketing lists into a CRM without creating duplicates.')
    .option('db', { type: 'string', describe: 'embedded database directory (default: LISTGATE_DB or ./.listgate); ignored when DATABASE_URL is set', global: true })
    .option('debug', { type: 'boolean', describe: 'print stack traces on errors', global: true })
    .demandCommand(1, 'name a command; see listgate --help')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version('version', 'print listgate\'s version', packageVersion())
    .wrap(helpWidth())
    .fail((message, error) => {
      // yargs re-throws an option's coerce error as its own YError: still the user's to fix
      if (error?.name === 'YError') throw new UserError(error.message);
      throw error ?? new UserError(message);
    });
  for (const command of commands) cli = cli.command(command as any);
  await cli.parseAsync();
}

main().catch((error: unknown) => {
  if (error instanceof UserError) {
    process.stderr.write(`listgate: ${error.message}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exit(error.exitCode);
  }
  const err = error as Error;
  process.stderr.write(`listgate: ${err?.message ?? String(error)}${debug ? '' : ' (run with --debug for details)'}\n`);
  if (debug && err?.stack) process.stderr.write(`${err.stack}\n`);
  process.exit(ExitCode.failure);
});
