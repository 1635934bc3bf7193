// The one set of heartbeat helpers for long activities (ingest, analytics walks). Outside an
// activity (benchmarks, direct use) they do nothing.
import { Context } from '@temporalio/activity';

/** How often to beat: a third of the timeout (the SDK throttles to 80% of it), at most every 5 s. */
export function keepAliveInterval(heartbeatTimeoutMs: number | undefined): number {
  return heartbeatTimeoutMs ? Math.max(100, Math.min(5000, Math.floor(heartbeatTimeoutMs / 3))) : 5000;
}

function current(): Context | undefined {
  try { return Context.current(); } catch { return undefined; } // not in an activity
}

/** Beats with `details` when running in an activity. */
export function heartbeat(details: unknown): void {
  current()?.heartbeat(details);
}

/** Beats, then throws if the activity was cancelled (for loops that check at each step). */
export function heartbeatOrCancel(details: unknown): void {
  const ctx = current();
  if (!ctx) return;
  ctx.heartbeat(details);
  if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason ?? new Error('cancelled');
}

/**
 * Beats while `work` runs, well within the activity's heartbeat timeout: a live worker waiting on
 * a slow store must not look dead. (A fixed 5 s beat let a 3 s timeout expire mid-batch.)
 */
export async function keepAlive<R>(details: () => unknown, work: () => Promise<R>): Promise<R> {
  const alive = setInterval(() => { try { heartbeat(details()); } catch { /* cancellation is seen at the next checkpoint */ } },
    keepAliveInterval(current()?.info.heartbeatTimeoutMs));
  alive.unref();
  try { return await work(); } finally { clearInterval(alive); }
}
