/**
 * Iterates `source` one item ahead: while the consumer works on an item (writing a file,
 * scoring pairs), the next one is already being produced (a database query). On PostgreSQL
 * that puts the server's core and Node's to work at the same time.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const item = await next;
      if (item.done) return;
      next = iterator.next();
      next.catch(() => {}); // awaited on the next turn; a failure surfaces there
      yield item.value;
    }
  } finally {
    await iterator.return?.();
  }
}
