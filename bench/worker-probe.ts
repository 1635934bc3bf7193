// What a worker process is doing, for bench:outreach's progress lines: its CPU share and RSS from
// /proc, and the SDK's own Prometheus metrics (sticky cache, task slots, task latencies) so a slow
// phase shows whether the worker waits (on the server, on a slot, on the cache) or computes.
import { readFileSync } from 'node:fs';

const TICKS = 100; // USER_HZ on Linux

export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** CPU seconds used so far by a process (all its threads). */
export function cpuSec(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/**
 * Sums each metric over its labels except worker_type, kept as `name/WorkflowWorker` (histograms:
 * `_sum` and `_count` separately).
 */
export function parseProm(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m || m[1]!.endsWith('_bucket')) continue;
    const type = /worker_type="(\w+)"/.exec(m[2] ?? '')?.[1];
    const key = type ? `${m[1]}/${type}` : m[1]!;
    out.set(key, (out.get(key) ?? 0) + Number(m[3]));
  }
  return out;
}

export async function scrape(port: number): Promise<Map<string, number>> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(3000) });
    return parseProm(await res.text());
  } catch {
    return new Map();
  }
}

/** Mean of a histogram over the interval between two scrapes, in ms. */
export function meanBetween(a: Map<string, number>, b: Map<string, number>, name: string): number {
  const n = (b.get(`${name}_count`) ?? 0) - (a.get(`${name}_count`) ?? 0);
  const s = (b.get(`${name}_sum`) ?? 0) - (a.get(`${name}_sum`) ?? 0);
  return n > 0 ? s / n : NaN;
}

export const delta = (a: Map<string, number>, b: Map<string, number>, name: string): number => (b.get(name) ?? 0) - (a.get(name) ?? 0);
