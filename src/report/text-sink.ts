import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { linesBuffer } from '../lines-buffer.js';

/** A file written piece by piece that waits when the disk is slower than we are (flat memory). */
export interface TextSink {
  write(text: string | Buffer): Promise<void>;
  /** each line followed by a line break */
  writeLines(lines: string[]): Promise<void>;
  close(): Promise<void>;
}

export function openTextSink(path: string): TextSink {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  let failure: Error | undefined;
  stream.on('error', (error) => { failure = error; });
  const sink: TextSink = {
    async write(text) {
      if (failure) throw failure;
      if (!stream.write(text)) await once(stream, 'drain');
    },
    async writeLines(lines) {
      if (lines.length) await sink.write(linesBuffer(lines));
    },
    async close() {
      if (failure) throw failure;
      stream.end();
      await once(stream, 'finish');
    },
  };
  return sink;
}
