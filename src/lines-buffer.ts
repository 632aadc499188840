/**
 * Lines as one UTF-8 buffer, each followed by `newline`: the buffer is sized first and each line
 * is encoded straight into it. `lines.join('\n')` would first copy every line (most are
 * concatenations, not flat strings) into one string that is encoded again, and a buffer per line
 * concatenated afterwards copies every byte once more (docs/benchmarks.md: measurements behind
 * the code).
 */
export function linesBuffer(lines: string[], newline = '\n'): Buffer {
  const newlineBytes = Buffer.byteLength(newline);
  let size = 0;
  for (const line of lines) size += Buffer.byteLength(line) + newlineBytes;
  const buffer = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const line of lines) {
    offset += buffer.write(line, offset);
    offset += buffer.write(newline, offset);
  }
  return buffer;
}
