// Temporal Schedules for the analytics jobs, created by the worker at start. Idempotent: an existing
// schedule is updated in place (interval, workflow, task queue), keeping its paused/unpaused state,
// so an operator's pause in the Temporal UI survives worker restarts and deploys.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptionsStartWorkflowAction, type ScheduleSpec } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import type { Config } from '../config';
import type { Logger } from '../log';
import { loadAnalyticsSettings } from './settings';
import {
  ANALYTICS_WORKFLOW_TYPES, analyticsScheduleId, type AnalyticsOptions, type AnalyticsWorkflow, type ScheduledJob,
} from '../workflows/analytics/contract';

export type { ScheduledJob };

export interface ScheduleDef { job: ScheduledJob; workflowType: (typeof ANALYTICS_WORKFLOW_TYPES)[ScheduledJob]; every: string; note: string }

const def = (job: ScheduledJob, every: string, note: string): ScheduleDef => ({ job, workflowType: ANALYTICS_WORKFLOW_TYPES[job], every, note });

export const ANALYTICS_SCHEDULES: readonly ScheduleDef[] = [
  def('sentiment-recompute', '1h', 'Rescore tweets scored by an older model version; refresh profile polarity'),
  def('influence', '5m', 'Influence per person, campaign and keyword'),
  def('clusters', '1h', 'Customer segments (k-means, elbow, silhouette)'),
  def('trends', '5m', 'Hourly trends, word clouds, crisis alerts to the webhook'),
  def('mood', '1h', 'Mood status and recommendations per person'),
  def('plans', '15m', 'Recompute standing budget plans when influence scores changed; record what changed'),
];

export const scheduleId = analyticsScheduleId;

export interface EnsureOptions {
  /** Overrides per job (e.g. a test's task queue is in config; intervals here). */
  every?: Partial<Record<ScheduledJob, string>>;
  /** Options passed to each job's workflow. */
  workflowArgs?: { [J in ScheduledJob]?: AnalyticsOptions[J] };
}

export interface EnsureResult { scheduleId: string; outcome: 'created' | 'updated' }

function specOf(def: ScheduleDef, o: EnsureOptions): ScheduleSpec {
  return { intervals: [{ every: (o.every?.[def.job] ?? def.every) as Duration }] };
}

function actionOf(def: ScheduleDef, config: Pick<Config, 'TASK_QUEUE'>, o: EnsureOptions): ScheduleOptionsStartWorkflowAction<AnalyticsWorkflow> {
  return {
    type: 'startWorkflow',
    workflowType: def.workflowType,
    // Temporal appends the scheduled time, so each run has its own id and child ids derive from it.
    workflowId: scheduleId(def.job),
    taskQueue: config.TASK_QUEUE,
    args: [o.workflowArgs?.[def.job] ?? {}],
  };
}

export async function ensureSchedules(client: Client, config: Pick<Config, 'TASK_QUEUE'>, o: EnsureOptions = {}): Promise<EnsureResult[]> {
  const out: EnsureResult[] = [];
  for (const def of ANALYTICS_SCHEDULES) {
    const id = scheduleId(def.job);
    const spec = specOf(def, o);
    const action = actionOf(def, config, o);
    // A run that is still going when the next is due is not doubled: the next one is skipped.
    const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '10 minutes' as const };
    try {
      await client.schedule.create({ scheduleId: id, spec, action, policies, state: { note: def.note } });
      out.push({ scheduleId: id, outcome: 'created' });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(id).update((prev) => ({ ...prev, spec, action, policies: { ...prev.policies, ...policies }, state: prev.state }));
      out.push({ scheduleId: id, outcome: 'updated' });
    }
  }
  return out;
}

/** Called by the worker at start; ANALYTICS_SCHEDULES=0 turns it off. */
export async function startAnalyticsSchedules(client: Client, config: Config, log: Logger): Promise<void> {
  if (!loadAnalyticsSettings().schedules) return;
  const r = await ensureSchedules(client, config);
  log.info({ schedules: r }, 'analytics schedules ensured');
}
