import { UserError } from '../errors.js';

const signalNumbers = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
type WatchedSignal = keyof typeof signalNumbers;

/** The stage was stopped by a signal; what it had staged is removed. Exit code 128 + the signal's number, as shells report it. */
export class StageInterrupted extends UserError {
  constructor(readonly signal: WatchedSignal, batchId: string) {
    super(`stage interrupted (${signal}); the half-staged batch ${batchId} and its report files were removed`, 128 + signalNumbers[signal]);
    this.name = 'StageInterrupted';
  }
}

/**
 * Ctrl-C, a timeout's SIGTERM or a closed terminal during a stage: the first signal is noted and the
 * stage stops at its next check (each chunk of rows), removing what it staged on its way out; a
 * second signal exits at once (the next command then removes the batch as dead).
 */
export class InterruptWatch {
  signal?: WatchedSignal;
  private readonly handlers = new Map<WatchedSignal, () => void>();

  constructor() {
    for (const signal of Object.keys(signalNumbers) as WatchedSignal[]) {
      const handler = () => {
        if (this.signal) process.exit(128 + signalNumbers[signal]);
        this.signal = signal;
      };
      this.handlers.set(signal, handler);
      process.on(signal, handler);
    }
  }

  /** Throws once a signal came; the stage's cleanup then runs. */
  check(): void {
    if (this.signal) throw new Error(`interrupted by ${this.signal}`);
  }

  /** The rows, checked for a signal as they are read. */
  async *guard<T>(rows: AsyncIterable<T>): AsyncGenerator<T> {
    let count = 0;
    for await (const row of rows) {
      if ((++count & 255) === 0) this.check();
      yield row;
    }
  }

  /** Chunks of rows, checked for a signal before each. */
  async *guardChunks<T>(chunks: AsyncIterable<T>): AsyncGenerator<T> {
    for await (const chunk of chunks) {
      this.check();
      yield chunk;
    }
  }

  dispose(): void {
    for (const [signal, handler] of this.handlers) process.off(signal, handler);
    this.handlers.clear();
  }
}
