import type { CommandModule } from 'yargs';
import { listConfigFiles, packageRoot } from '../../config-file.js';
import { wrapText } from '../terminal-width.js';

/** `listgate pipelines` and `listgate matchers`: what `--pipeline NAME` and `--matcher NAME` can name. */
function configListCommand(folder: 'pipelines' | 'matchers', what: string): CommandModule<object, object> {
  return {
    command: folder,
    describe: `list the ${what} a name can refer to (./${folder}/ first, then listgate's own), with their descriptions`,
    builder: (y) => y.hide('db'),
    handler: () => {
      const entries = listConfigFiles(folder);
      if (!entries.length) {
        console.log(`no ${what} found in ./${folder}/ or ${packageRoot}${folder}/`);
        return;
      }
      const width = Math.max(...entries.map((e) => e.name.length));
      for (const entry of entries) {
        const own = entry.path.startsWith(packageRoot) ? '' : `  (${entry.path})`;
        console.log(wrapText(`${entry.name.padEnd(width)}  ${entry.description ?? ''}${own}`, { indent: width + 2 }));
      }
    },
  };
}

export const pipelinesCommand = configListCommand('pipelines', 'pipelines');
export const matchersCommand = configListCommand('matchers', 'matchers');
