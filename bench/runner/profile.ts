import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** functions by self time */
  functions: { name: string; selfMs: number; share: number }[];
  /** source files (or node internals, GC) by self time */
  files: { file: string; selfMs: number; share: number }[];
}

/** Summarizes the newest .cpuprofile in dir (node --cpu-prof) by self time per function and per file. */
export function summarizeProfile(dir: string, top = 15): ProfileSummary | undefined {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (!files.length) return undefined;
  // a child may start worker threads: each writes a profile; the main thread's is the largest
  const file = files.map((f) => join(dir, f)).sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0];
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfByNode = new Map<number, number>();
  profile.samples.forEach((id, i) => selfByNode.set(id, (selfByNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const [id, micros] of selfByNode) {
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    const where = url ? shortUrl(url) : '';
    const name = `${functionName || '(anonymous)'}${where ? ` ${where}:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    const fileKey = where ? (where.startsWith('node:') ? 'node internals' : where.includes('node_modules/') ? where.split('node_modules/')[1].split('/')[0] : where) : functionName;
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + micros);
    total += micros;
  }
  const rank = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    file,
    totalMs: Math.round(total / 1000),
    functions: rank(byFunction).map(([name, us]) => ({ name, selfMs: Math.round(us / 1000), share: us / total })),
    files: rank(byFile).map(([name, us]) => ({ file: name, selfMs: Math.round(us / 1000), share: us / total })),
  };
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  return path.startsWith('/') ? relative(process.cwd(), path) : path;
}
