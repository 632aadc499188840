/**
 * Where a command's time goes, step by step, for profiling: LISTGATE_TIMINGS=1 prints the seconds
 * spent per step (summed over chunks) on stderr when the process exits. Steps that overlap (the
 * database and Node working at once) each count their own wall time, so the sum can exceed the total.
 */
const enabled = process.env.LISTGATE_TIMINGS === '1';
const seconds = new Map<string, number>();

export async function timeStep<T>(label: string, work: () => Promise<T> | T): Promise<T> {
  if (!enabled) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    seconds.set(label, (seconds.get(label) ?? 0) + (performance.now() - started) / 1000);
  }
}

if (enabled) {
  const startedAt = performance.now();
  process.on('exit', () => {
    const lines = [...seconds].map(([label, s]) => `  ${label.padEnd(28)} ${s.toFixed(2).padStart(8)} s`);
    process.stderr.write(`step timings (LISTGATE_TIMINGS=1), ${((performance.now() - startedAt) / 1000).toFixed(1)} s since start:\n${lines.join('\n')}\n`);
  });
}
