/**
 * Node and the database working at once: while one waits on the other, the other has work.
 * On PostgreSQL that puts the server's core and Node's to use together; on PGlite (one thread)
 * it changes nothing but the order of work.
 */

/**
 * Whether commands overlap database work with Node's (and run independent queries at once).
 * LISTGATE_SERIAL=1 turns it off: Node and the database then take turns, as on one core; the
 * bench compares the two.
 */
export function parallelDatabaseWork(): boolean {
  return process.env.LISTGATE_SERIAL !== '1';
}

/** Two pieces of database work: at once when `parallel`, else one after the other. */
export async function both<A, B>(parallel: boolean, first: () => Promise<A>, second: () => Promise<B>): Promise<[A, B]> {
  if (parallel) return Promise.all([first(), second()]);
  return [await first(), await second()];
}

/** The same database work for each item: all at once when `parallel`, else one after the other. */
export async function forEach<T, R>(parallel: boolean, items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  if (parallel) return Promise.all(items.map(work));
  const results: R[] = [];
  for (const item of items) results.push(await work(item));
  return results;
}

/**
 * Iterates `source` one item ahead: while the consumer works on an item (writing a file,
 * routing a chunk), the next one is already being produced (a database query).
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

/**
 * Writes kept one behind their producer: `add` waits for the previous write, starts this one and
 * returns, so the next chunk is prepared while the database writes. `drain` waits for the last.
 * With overlap off, `add` waits for its own write.
 */
export class WriteBehind {
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly overlap = parallelDatabaseWork()) {}

  async add(write: () => Promise<void>): Promise<void> {
    await this.pending;
    this.pending = write();
    this.pending.catch(() => {}); // awaited by the next add or by drain
    if (!this.overlap) await this.pending;
  }

  drain(): Promise<void> {
    return this.pending;
  }
}
