// The operators' status page in one call: the stack's health, the analytics schedules and their
// recent runs, the DM budget used per window, and ingest's recent rate and lag.
import type { Db } from 'mongodb';
import type { Client } from '@temporalio/client';
import type { RouteContext } from '../app';
import { requireRole } from '../auth';
import { withTimeout } from '../../main';
import { COLLECTIONS } from '../../store';
import { outreachCollections } from '../../store/conversations';
import { dmLimitsFromEnv, dmWindows } from '../../outreach/limiter';
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
 * DMs counted in the limiter's current windows. The sender windows are matched for any sender id:
 * the API may not know the brand account's id (the worker learns it from X), and there is one.
 */
async function dmBudget(db: Db) {
  const counters = outreachCollections(db).counters;
  const names = ['per sender, 15 min', 'per sender, day', 'per app, day'];
  return Promise.all(dmWindows('SENDER', dmLimitsFromEnv(), Date.now()).map(async (w, i) => {
    const filter = w.id.startsWith('sender:SENDER:') ? { window: { $regex: `^sender:[^:]+:${escapeRe(w.id.slice('sender:SENDER:'.length))}$` } } : { window: w.id };
    return { window: names[i], used: await counters.countDocuments(filter), limit: w.limit, endsAt: new Date(w.endsAt) };
  }));
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Same id as src/activities/ingest.ts's checkpoint: the newest stored tweet ingest may resume after. */
const INGEST_CHECKPOINT = 'ingest-checkpoint';
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
    const cp = await this.db.collection<{ _id: string; lastId?: string; at?: Date }>(COLLECTIONS.meta).findOne({ _id: INGEST_CHECKPOINT });
    const t = cp?.lastId ? await this.db.collection<{ _id: string; createdAt: Date; ingestedAt: Date }>(COLLECTIONS.tweets).findOne({ _id: cp.lastId }) : null;
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
    return this.db.collection(COLLECTIONS.tweets).estimatedDocumentCount();
  }
}

export function mount({ router, deps, registry }: RouteContext): void {
  registry.registerPath({
    method: 'get', path: '/status', summary: 'Operators: health, analytics schedules and last runs, DM budget per window, ingest rate and lag',
    responses: { 200: { description: 'the status' }, 403: { description: 'operators and admins only' } },
  });
  const gauge = new IngestGauge(deps.db);
  router.get('/status', requireRole('operator'), async (_req, res) => {
    const [health, sched, budget, ing] = await Promise.all([
      Promise.all([
        check('mongo', () => deps.db.command({ ping: 1 })),
        check('temporal', () => deps.temporal.workflowService.getSystemInfo({})),
      ]),
      schedules(deps.temporal),
      dmBudget(deps.db),
      gauge.read().catch((e: Error) => ({ error: e.message })),
    ]);
    res.set('cache-control', 'no-store').json({ at: new Date(), health, schedules: sched, dmBudget: budget, ingest: ing, links: uiLinks(deps.config) });
  });
}
