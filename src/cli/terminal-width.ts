/**
 * Lines wrapped at word boundaries to the terminal's width, so a long line of `review`, `batches`
 * or stage's "next:" hint never breaks mid-word. Output that is not a terminal (a pipe, a file)
 * stays one line per item unless COLUMNS asks for a width: scripts read it.
 */

export function terminalColumns(stream: NodeJS.WriteStream = process.stdout): number | undefined {
  if (stream.isTTY && stream.columns) return stream.columns;
  const columns = Number(process.env.COLUMNS);
  return Number.isInteger(columns) && columns > 20 ? columns : undefined;
}

export interface WrapOptions {
  /** default: the terminal's width; no wrapping when there is none */
  width?: number;
  /** spaces before each continuation line (default: the line's own indentation and two more) */
  indent?: number;
}

/** Wraps each line of text at spaces; a word longer than the width stays whole on its own line. */
export function wrapText(text: string, options: WrapOptions = {}): string {
  const width = options.width ?? terminalColumns();
  if (!width) return text;
  return text.split('\n').map((line) => wrapLine(line, width, options.indent)).join('\n');
}

function wrapLine(line: string, width: number, indent?: number): string {
  if (line.length <= width) return line;
  const leading = line.match(/^ */)![0].length;
  const pad = ' '.repeat(Math.min(indent ?? leading + 2, Math.floor(width / 2)));
  const words = line.slice(leading).split(/ +/);
  const lines: string[] = [];
  let current = line.slice(0, leading);
  let empty = true;
  for (const word of words) {
    if (!empty && current.length + 1 + word.length > width) {
      lines.push(current);
      current = pad + word;
      continue;
    }
    current += (empty ? '' : ' ') + word;
    empty = false;
  }
  lines.push(current);
  return lines.join('\n');
}
