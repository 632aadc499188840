import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** sha256 hex of a file, streamed: the batch records exactly which bytes were staged. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
