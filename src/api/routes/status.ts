// The operators' status page in one call: the stack's health, the analytics schedules and their
// recent runs, the DM budget used per window, and ingest's recent rate and lag.
import type { Db } from 'mongodb';
import type { Client } from '@temporalio/client';
import type { RouteContext } from '../app';
import { requireRole } from '../auth';
import { withTimeout } from '../../main';
import { COLLECTIONS } from '../../store';
import { INGEST_CHECKPOINT, readCursor } from '../../store/meta';
import { tweets } from '../../store/tweets';
import { outreachCollections } from '../../store/conversations';
import { dmWindows } from '../../outreach/limiter';
import { loadDmLimits } from '../../config';
import { ANALYTICS_SCHEDULES, scheduleId } from '../../analytics/schedules';
import { uiLinks } from './session';


async function check(name: string, fn: () => Promise<unknown>) {
  const t = Date.now();
  try {
    await withTimeout(fn(), 3000);
    return { name, ok: true, ms: Date.now() - t };
  } catch (err) {
    return { name, ok: false, error: (err as Error).message.split('\n')[0] };
  }
}

async function schedules(client: Client) {
  return Promise.all(ANALYTICS_SCHEDULES.map(async (def) => {
    const id = scheduleId(def.job);
    try {
      const d = await withTimeout(client.schedule.getHandle(id).describe(), 3000);
      const last = d.info.recentActions.at(-1)?.action.workflow;
      const lastStatus = last
        ? await withTimeout(client.workflow.getHandle(last.workflowId, last.firstExecutionRunId).describe(), 3000).then((w) => w.status.name, () => null)
        : null;
      return {
        lastStatus,
        id, job: def.job, every: def.every, note: def.note, exists: true, paused: d.state.paused,
        running: d.info.runningActions.map((a) => a.workflow.workflowId),
        recent: d.info.recentActions.slice(-5).reverse().map((r) => ({ at: r.takenAt, workflowId: r.action.workflow.workflowId })),
        next: d.info.nextActionTimes[0] ?? null,
      };
    } catch {
      return { id, job: def.job, every: def.every, note: def.note, exists: false };
    }
  }));
}

/**
 * DMs sent in the limiter's rolling windows (src/outreach/limiter.ts: per window a head hint doc
 * `<window>` with the newest ticket number, and one ticket `<window>#<n>` per send with its time).
 * Only the last `limit` tickets can be inside a window, and tickets are in time order, so a binary
 * search by _id finds the oldest one inside: ~log2(limit) reads by _id, never a scan.
 */
export class DmBudget {
  private sender: { id: string; at: number } | undefined;
  constructor(private db: Db, private configured?: string) {}

  async read(now = Date.now()) {
    const sender = await this.senderId(now);
    const names = ['per sender, 15 min', 'per sender, day', 'per app, day'];
    return Promise.all(dmWindows(sender ?? '?', loadDmLimits()).map(async (w, i) => ({
      window: names[i], limit: w.limit, windowMs: w.ms,
      used: w.id.startsWith('sender:') && !sender ? null : await this.used(w, now),
    })));
  }

  private async used(w: { id: string; limit: number; ms: number }, now: number): Promise<number> {
    const col = outreachCollections(this.db).counters;
    const head = (await col.findOne({ _id: w.id }))?.n;
    if (head === undefined) return 0;
    let lo = Math.max(0, head - w.limit + 1);
    let hi = head + 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const t = (await col.findOne({ _id: `${w.id}#${mid}` }))?.t;
      if (t !== undefined && t > now - w.ms) hi = mid; else lo = mid + 1;
    }
    return head - lo + 1;
  }

  /** The brand account's id: configured, else found in the limiter's hints (kept 10 min once found). */
  private async senderId(now: number): Promise<string | null> {
    if (this.configured) return this.configured;
    if (this.sender && now - this.sender.at < 600_000) return this.sender.id;
    const hint = await outreachCollections(this.db).counters.findOne({ _id: { $regex: '^sender:[^:#]+:15m$' } }, { projection: { _id: 1 } });
    if (!hint) return null;
    this.sender = { id: hint._id.split(':')[1]!, at: now };
    return this.sender.id;
  }
}

/** Same id as src/activities/ingest.ts's checkpoint: the newest stored tweet ingest may resume after. */
const RATE_WINDOW_MS = 60_000;

/**
 * Ingest rate and lag without scanning tweets (FerretDB reads a whole collection for any sort or
 * range): the rate is the change of the tweet count (collStats, cheap) between this process's
 * recent samples; the lag is that of the checkpoint's tweet, looked up by _id.
 */
export class IngestGauge {
  private samples: { at: number; count: number }[] = [];
  constructor(private db: Db) {}

  async read(now = Date.now()) {
    const count = await this.count();
    this.samples = [...this.samples.filter((x) => now - x.at <= RATE_WINDOW_MS * 2), { at: now, count }];
    // The oldest sample of the last two minutes (the status page reads every few seconds).
    const old = this.samples.find((x) => x.at < now) ?? null;
    const cp = await readCursor(this.db, INGEST_CHECKPOINT);
    const t = cp?.lastId ? await tweets(this.db).findOne({ _id: cp.lastId }, { projection: { createdAt: 1, ingestedAt: 1 } }) : null;
    return {
      tweets: count,
      perMinute: old ? Math.round(((count - old.count) * 60_000) / (now - old.at)) : null,
      lastCheckpointAt: cp?.at ?? null,
      lagMs: t?.ingestedAt && t.createdAt ? new Date(t.ingestedAt).getTime() - new Date(t.createdAt).getTime() : null,
    };
  }

  private async count(): Promise<number> {
    try {
      const r = await this.db.command({ collStats: COLLECTIONS.tweets });
      if (typeof r.count === 'number') return r.count;
    } catch { /* no collection yet, or a server without collStats */ }
    return tweets(this.db).estimatedDocumentCount();
  }
}

export function mount({ router, deps, registry }: RouteContext): void {
  registry.registerPath({
    method: 'get', path: '/status', summary: 'Operators: health, analytics schedules and last runs, DM budget per window, ingest rate and lag',
    responses: { 200: { description: 'the status' }, 403: { description: 'operators and admins only' } },
  });
  const gauge = new IngestGauge(deps.db);
  const dm = new DmBudget(deps.db, deps.config.X_BRAND_USER_ID);
  router.get('/status', requireRole('operator'), async (_req, res) => {
    const [health, sched, budget, ing] = await Promise.all([
      Promise.all([
        check('mongo', () => deps.db.command({ ping: 1 })),
        check('temporal', () => deps.temporal.workflowService.getSystemInfo({})),
      ]),
      schedules(deps.temporal),
      dm.read(),
      gauge.read().catch((e: Error) => ({ error: e.message })),
    ]);
    res.set('cache-control', 'no-store').json({ at: new Date(), health, schedules: sched, dmBudget: budget, ingest: ing, links: uiLinks(deps.config) });
  });
}
