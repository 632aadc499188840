import type { CommandModule } from 'yargs';
import { helpExamples } from '../help-examples.js';
import { withCrm } from '../open.js';
import { countryCode } from '../option-values.js';
import { UserError } from '../../errors.js';
import { removalModes, type RemovalMode } from '../../vendor-lists/removal-modes.js';

interface SuppressArgs { db?: string; action: 'import' | 'erase'; file?: string; hashOnly?: boolean; reason?: string; email?: string; mode?: RemovalMode; country?: string; quiet?: boolean }

export const suppressCommand: CommandModule<{ db?: string }, SuppressArgs> = {
  command: 'suppress <action> [file]',
  describe: 'suppression list: import FILE (email, domain or phone, reason), or erase --email E (erasure on request)',
  builder: (y) => y
    .positional('action', { choices: ['import', 'erase'] as const, describe: 'import: add a file to the suppression list; erase: remove a person, keep only a hash' })
    .positional('file', { type: 'string', describe: 'CSV or XLSX with email, domain, phone or email_hash columns and an optional reason' })
    .option('hash-only', { type: 'boolean', default: false, describe: 'import: keep only sha256 hashes, not the values' })
    .option('reason', { type: 'string', describe: 'reason for rows without one (import) or for the erasure' })
    .option('country', { type: 'string', default: 'US', coerce: countryCode('country'), describe: 'import: default country for phone numbers without +' })
    .option('email', { type: 'string', describe: 'erase: the address of the person to erase' })
    .option('mode', { choices: removalModes, default: 'delete' as RemovalMode, describe: 'erase: delete the records or anonymize them' })
    .option('quiet', { type: 'boolean', describe: 'no progress' })
    .epilog(helpExamples([
      ['suppress import unsubscribes.csv', 'add a do-not-contact list'],
      ['suppress erase --email jane@example.com', 'erasure on request'],
    ])) as any,
  handler: async (argv) => {
    const [{ erasePerson, formatErase, formatSuppressImport, importSuppressions }, { createProgress }] = await Promise.all([
      import('../../vendor-lists/suppress.js'),
      import('../../progress.js'),
    ]);
    await withCrm(argv, async (crm) => {
      if (argv.action === 'import') {
        if (!argv.file) throw new UserError('suppress import needs a FILE');
        const result = await importSuppressions(crm, argv.file, { hashOnly: argv.hashOnly, reason: argv.reason, defaultCountry: argv.country, progress: createProgress({ quiet: argv.quiet }) });
        console.log(formatSuppressImport(result));
      } else {
        if (!argv.email) throw new UserError('suppress erase needs --email ADDRESS');
        console.log(formatErase(argv.email, await erasePerson(crm, argv.email, { mode: argv.mode, reason: argv.reason })));
      }
    });
  },
};
