/**
 * Where a command's time goes, step by step, for profiling: LISTGATE_TIMINGS=1 prints the seconds
 * spent per step (summed over chunks) on stderr when the process exits. Steps that overlap (the
 * database and Node working at once) each count their own wall time, so the sum can exceed the total.
 */
const printAtExit = process.env.LISTGATE_TIMINGS === '1';
let enabled = printAtExit;
const seconds = new Map<string, number>();
const counts = new Map<string, number>();

/** steps running now, and the highest heap use seen while each ran */
const running = new Map<string, number>();
const peakHeap = new Map<string, number>();
const peakExternal = new Map<string, number>();

export async function timeStep<T>(label: string, work: () => Promise<T> | T): Promise<T> {
  if (!enabled) return work();
  const started = performance.now();
  running.set(label, (running.get(label) ?? 0) + 1);
  try {
    return await work();
  } finally {
    seconds.set(label, (seconds.get(label) ?? 0) + (performance.now() - started) / 1000);
    sampleMemory(); // a step shorter than the sampling interval still gets its figure
    const left = running.get(label)! - 1;
    if (left) running.set(label, left);
    else running.delete(label);
  }
}

/** timeStep for synchronous work (Node CPU: nothing else of Node runs meanwhile). */
export function timeStepSync<T>(label: string, work: () => T): T {
  if (!enabled) return work();
  const started = performance.now();
  try {
    return work();
  } finally {
    seconds.set(label, (seconds.get(label) ?? 0) + (performance.now() - started) / 1000);
  }
}

/** Adds to a step's count (pairs scored, rows cut...), shown next to the seconds. */
export function countStep(label: string, n: number): void {
  if (enabled) counts.set(label, (counts.get(label) ?? 0) + n);
}

/** Starts collecting without LISTGATE_TIMINGS (benchmarks), printing nothing at exit. */
export function collectStepTimings(): void {
  enabled = true;
}

/** The seconds and counts collected so far, by step: take two and subtract to time one call. */
export function stepTotals(): { seconds: Record<string, number>; counts: Record<string, number> } {
  return { seconds: Object.fromEntries(seconds), counts: Object.fromEntries(counts) };
}

/** Peak memory by kind, sampled twice a second and as each step ends: RSS beyond the V8 heap is buffers and native memory. */
const peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };

function sampleMemory(): void {
  const usage = process.memoryUsage();
  for (const key of Object.keys(peak) as (keyof typeof peak)[]) peak[key] = Math.max(peak[key], usage[key]);
  for (const label of running.keys()) {
    peakHeap.set(label, Math.max(peakHeap.get(label) ?? 0, usage.heapUsed));
    peakExternal.set(label, Math.max(peakExternal.get(label) ?? 0, usage.external));
  }
}

if (printAtExit) {
  const startedAt = performance.now();
  setInterval(sampleMemory, 500).unref();
  process.on('exit', () => {
    sampleMemory();
    const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
    const lines = [
      ...[...seconds].map(([label, s]) => `  ${label.padEnd(28)} ${s.toFixed(2).padStart(8)} s   peak heap used ${mb(peakHeap.get(label) ?? 0)}, external ${mb(peakExternal.get(label) ?? 0)}`),
      ...[...counts].map(([label, n]) => `  ${label.padEnd(28)} ${String(n).padStart(8)}`),
    ];
    process.stderr.write(`step timings (LISTGATE_TIMINGS=1), ${((performance.now() - startedAt) / 1000).toFixed(1)} s since start:\n${lines.join('\n')}\n`
      + `peak memory: rss ${mb(peak.rss)}, heap total ${mb(peak.heapTotal)}, heap used ${mb(peak.heapUsed)}, external ${mb(peak.external)}, array buffers ${mb(peak.arrayBuffers)}\n`);
  });
}
