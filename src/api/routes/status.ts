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

const RECENT_TWEETS = 200;

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
      return {
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

async function dmBudget(db: Db, brand: string) {
  const counters = outreachCollections(db).counters;
  const names = ['per sender, 15 min', 'per sender, day', 'per app, day'];
  return Promise.all(dmWindows(brand, dmLimitsFromEnv(), Date.now()).map(async (w, i) => ({
    window: names[i], used: await counters.countDocuments({ window: w.id }), limit: w.limit, endsAt: new Date(w.endsAt),
  })));
}

/** Rate and lag from the newest tweets (by _id, which FerretDB reads by index). */
async function ingest(db: Db) {
  const recent = await db.collection<{ _id: string; createdAt: Date; ingestedAt: Date }>(COLLECTIONS.tweets)
    .find({}, { projection: { createdAt: 1, ingestedAt: 1 } }).sort({ _id: -1 }).limit(RECENT_TWEETS).toArray();
  const now = Date.now();
  const lastMinute = recent.filter((t) => t.ingestedAt && now - new Date(t.ingestedAt).getTime() <= 60_000);
  const lags = recent.slice(0, 20).filter((t) => t.ingestedAt && t.createdAt).map((t) => new Date(t.ingestedAt).getTime() - new Date(t.createdAt).getTime());
  return {
    perMinute: lastMinute.length, perMinuteAtLeast: lastMinute.length === RECENT_TWEETS,
    lastIngestedAt: recent[0]?.ingestedAt ?? null,
    lagMs: lags.length ? Math.round(lags.reduce((a, b) => a + b, 0) / lags.length) : null,
  };
}

export function mount({ router, deps, registry }: RouteContext): void {
  registry.registerPath({
    method: 'get', path: '/status', summary: 'Operators: health, analytics schedules and last runs, DM budget per window, ingest rate and lag',
    responses: { 200: { description: 'the status' }, 403: { description: 'operators and admins only' } },
  });
  router.get('/status', requireRole('operator'), async (_req, res) => {
    const [health, sched, budget, ing] = await Promise.all([
      Promise.all([
        check('mongo', () => deps.db.command({ ping: 1 })),
        check('temporal', () => deps.temporal.workflowService.getSystemInfo({})),
      ]),
      schedules(deps.temporal),
      dmBudget(deps.db, deps.config.X_BRAND_USER_ID ?? 'brand'),
      ingest(deps.db).catch((e: Error) => ({ error: e.message })),
    ]);
    res.set('cache-control', 'no-store').json({ at: new Date(), health, schedules: sched, dmBudget: budget, ingest: ing, links: uiLinks(deps.config) });
  });
}
