import { terminalColumns } from './terminal-width.js';

/** Help's width: the terminal's, within 60 to 110 columns (80 when stdout is not a terminal). */
export function helpWidth(): number {
  return Math.max(60, Math.min(110, terminalColumns() ?? 80));
}

/**
 * The examples of a command's --help, each as its words above the command on lines of its own:
 * yargs sets examples in two columns, and a long command wrapped into the left one breaks
 * paths and quoted names apart. A command wider than the help is continued with " \" at a space,
 * so it can still be copied into a shell.
 */
export function helpExamples(examples: [command: string, words: string][], width = helpWidth()): string {
  const lines = ['Examples:'];
  for (const [command, words] of examples) {
    if (words) lines.push(`  ${words}:`);
    lines.push(...continuedCommand(`listgate ${command}`, width - 4).map((line, i) => `${i ? '      ' : '    '}${line}`));
  }
  return lines.join('\n');
}

function continuedCommand(command: string, width: number): string[] {
  // spaces inside quotes do not separate words, and an option stays on the line of its value
  const tokens = command.match(/(?:"[^"]*"|'[^']*'|\S)+/g) ?? [];
  const words: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const takesValue = tokens[i].startsWith('-') && i + 1 < tokens.length && !tokens[i + 1].startsWith('-');
    words.push(takesValue ? `${tokens[i]} ${tokens[++i]}` : tokens[i]);
  }
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    if (current && current.length + 1 + word.length + 2 > width) {
      lines.push(`${current} \\`);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  return lines;
}
