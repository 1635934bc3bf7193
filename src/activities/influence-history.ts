// The influence schedule's history step (src/analytics/influence-history.ts), as an activity.
import { Context } from '@temporalio/activity';
import type { ActivityDeps } from './deps';
import { snapshotInfluence, type SnapshotResult } from '../analytics/influence-history';
import { refreshRising } from '../analytics/rising';

export interface SnapshotInput {
  /** Workflow time of the run (epoch ms): it picks the period, so a retry writes the same one. */
  now: number;
}

export function createInfluenceHistoryActivities(deps: Pick<ActivityDeps, 'db' | 'config'>) {
  return {
    async influenceHistorySnapshot(input: SnapshotInput): Promise<SnapshotResult> {
      const settings = { periodDays: deps.config.INFLUENCE_HISTORY_PERIOD_DAYS, keep: deps.config.INFLUENCE_HISTORY_KEEP };
      const beat = () => { try { Context.current().heartbeat(); } catch { /* not in an activity */ } };
      const r = await snapshotInfluence(deps.db, input.now, settings, beat);
      // The rising list follows the history: recomputed whenever a period was (re)written.
      if (!r.skipped) await refreshRising(deps.db, new Date(input.now));
      return r;
    },
  };
}

export type InfluenceHistoryActivities = ReturnType<typeof createInfluenceHistoryActivities>;
