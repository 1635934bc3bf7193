// Campaign operations shared by the API, the CLI and the demo. The store holds settings and status;
// the campaign workflow performs what a status change implies at X (rules, backfill).
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Db } from 'mongodb';
import { aggregateStats, summarizeConversation, type CampaignInput, type CampaignStats, type CampaignStatus, type CampaignUpdate } from '../domain/campaign';
import {
  getCampaign, insertCampaign, transitionStatus, updateCampaignSettings, type CampaignDoc,
} from '../store/campaigns';
import { tweets } from '../store/tweets';
import { profiles } from '../store/profiles';
import { outreachCollections } from '../store/conversations';
import {
  CAMPAIGN_SIGNALS, CAMPAIGN_WORKFLOW_TYPE, campaignWorkflowId, type CampaignSignalName, type CampaignWorkflow, type CampaignWorkflowInput,
} from '../workflows/campaign/contract';
import type { AccessLevel } from '../domain/campaign';
import { ruleCapacityFor } from './rules';
import {
  INGEST_WORKFLOW_TYPE, ingestWorkflowId, type IngestWorkflow, type IngestWorkflowInput,
} from '../workflows/ingest/contract';

// Re-exported: the API, the demo and tests have always found them here.
export { campaignWorkflowId, ingestWorkflowId };
export { INGEST_WORKFLOW_ID } from '../workflows/ingest/contract';

export class CampaignStateError extends Error {
  /** not_found → 404, conflict → 409, rule_limit → 400 (X's caps on the app's rules). */
  constructor(readonly code: 'not_found' | 'conflict' | 'rule_limit', message: string) { super(message); }
}

export interface TemporalCtx {
  client: Client;
  taskQueue: string;
  ingest?: IngestWorkflowInput;
  /** The app's X access level, whose caps on stream rules a campaign must fit (default pro). */
  access?: AccessLevel;
}

/** Refuses (before any change) a campaign whose rules would not fit X's caps. */
async function assertRulesFit(db: Db, t: TemporalCtx, c: Pick<CampaignDoc, '_id' | 'tracking'>): Promise<void> {
  const problem = await ruleCapacityFor(db, c, t.access ?? 'pro');
  if (problem) throw new CampaignStateError('rule_limit', `tracking: ${problem}`);
}

export async function createCampaign(db: Db, input: CampaignInput, by?: string): Promise<CampaignDoc> {
  return insertCampaign(db, input, by ? { createdBy: by } : {});
}

async function mustGet(db: Db, id: string): Promise<CampaignDoc> {
  const c = await getCampaign(db, id);
  if (!c) throw new CampaignStateError('not_found', `no campaign ${id}`);
  return c;
}

function conflict(c: CampaignDoc, action: string, allowed: CampaignStatus[]): CampaignStateError {
  return new CampaignStateError('conflict', `cannot ${action} a campaign that is ${c.status} (only when ${allowed.join(' or ')})`);
}

/** Starts the single ingest workflow if it is not running (every campaign start calls this). */
export async function ensureIngest(t: TemporalCtx, input: IngestWorkflowInput = {}): Promise<void> {
  await t.client.workflow.start<IngestWorkflow>(INGEST_WORKFLOW_TYPE, {
    workflowId: ingestWorkflowId(t.taskQueue), taskQueue: t.taskQueue, args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}

export async function startCampaign(db: Db, t: TemporalCtx, id: string, opts: { backfill?: CampaignWorkflowInput['backfill']; ingest?: IngestWorkflowInput } = {}): Promise<CampaignDoc> {
  const before = await mustGet(db, id);
  if (before.status === 'draft') await assertRulesFit(db, t, before);
  const c = await transitionStatus(db, id, ['draft'], 'running', { startedAt: new Date() });
  if (!c) throw conflict(before, 'start', ['draft']);
  try {
    await ensureIngest(t, opts.ingest ?? t.ingest);
    const input: CampaignWorkflowInput = { campaignId: id, ...(opts.backfill !== undefined ? { backfill: opts.backfill } : {}) };
    await t.client.workflow.start<CampaignWorkflow>(CAMPAIGN_WORKFLOW_TYPE, {
      workflowId: campaignWorkflowId(id), taskQueue: t.taskQueue, args: [input], workflowIdConflictPolicy: 'USE_EXISTING',
    });
  } catch (e) {
    await transitionStatus(db, id, ['running'], 'draft');
    throw e;
  }
  return c;
}

async function signal(t: TemporalCtx, id: string, name: CampaignSignalName): Promise<boolean> {
  try {
    await t.client.workflow.getHandle<CampaignWorkflow>(campaignWorkflowId(id)).signal(CAMPAIGN_SIGNALS[name]);
    return true;
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) return false;
    throw e;
  }
}

export async function pauseCampaign(db: Db, t: TemporalCtx, id: string): Promise<CampaignDoc> {
  const before = await mustGet(db, id);
  const c = await transitionStatus(db, id, ['running'], 'paused', { pausedAt: new Date() });
  if (!c) throw conflict(before, 'pause', ['running']);
  await signal(t, id, 'pause');
  return c;
}

export async function resumeCampaign(db: Db, t: TemporalCtx, id: string): Promise<CampaignDoc> {
  const before = await mustGet(db, id);
  if (before.status === 'paused') await assertRulesFit(db, t, before);
  const c = await transitionStatus(db, id, ['paused'], 'running');
  if (!c) throw conflict(before, 'resume', ['paused']);
  await ensureIngest(t, t.ingest);
  await signal(t, id, 'resume');
  return c;
}

export async function stopCampaign(db: Db, t: TemporalCtx, id: string): Promise<CampaignDoc> {
  const before = await mustGet(db, id);
  if (before.status === 'draft') {
    const c = await transitionStatus(db, id, ['draft'], 'stopped', { stoppedAt: new Date() });
    if (c) return c;
  }
  const c = await transitionStatus(db, id, ['running', 'paused'], 'stopping');
  if (!c) throw conflict(before, 'stop', ['draft', 'running', 'paused']);
  // Without its workflow there are no rules to remove; record the stop directly.
  if (!(await signal(t, id, 'stop'))) return (await transitionStatus(db, id, ['stopping'], 'stopped', { stoppedAt: new Date() }))!;
  return c;
}

/** Settings changes apply to conversations started afterwards; tracking changes re-sync rules. */
export async function updateCampaign(db: Db, t: TemporalCtx, id: string, update: CampaignUpdate): Promise<CampaignDoc> {
  const before = await mustGet(db, id);
  if (update.tracking && before.status === 'running') await assertRulesFit(db, t, { _id: id, tracking: update.tracking });
  const c = await updateCampaignSettings(db, id, update);
  if (!c) throw conflict(before, 'update', ['draft', 'running', 'paused']);
  if (update.tracking && (c.status === 'running' || c.status === 'paused')) await signal(t, id, 'update');
  return c;
}

export async function campaignStats(db: Db, id: string): Promise<CampaignStats & { campaignId: string; status: CampaignStatus }> {
  const c = await mustGet(db, id);
  const [tweetCount, qualified] = await Promise.all([
    tweets(db).countDocuments({ campaigns: id }),
    profiles(db).countDocuments({ [`campaigns.${id}.qualifiedAt`]: { $exists: true } }),
  ]);
  const reasons = new Map<string, string>();
  for await (const e of outreachCollections(db).escalations
    .find({ campaignId: id }, { projection: { conversationId: 1, reason: 1 } })) reasons.set(e.conversationId, e.reason);
  const convos = outreachCollections(db).conversations
    .find({ campaignId: id }, { projection: { stage: 1, escalationId: 1, transcript: 1 } });
  const summaries = [];
  for await (const cv of convos) summaries.push(summarizeConversation(cv, reasons.get(cv._id)));
  return { campaignId: id, status: c.status, ...aggregateStats({ tweets: tweetCount, qualified }, summaries) };
}
