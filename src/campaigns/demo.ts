// The demo: on the embedded defaults, one campaign runs against the emulator's synthetic audience
// so that within a minute of `npm start` there are conversations in the Temporal UI, escalations
// in the API and growing stats. Idempotent across restarts: the demo campaign has a fixed id and is
// created once; starting it again finds its workflow already running.
import type { Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import type { Config } from '../config';
import { connectStore } from '../store';
import { connectClient } from '../temporal';
import { CreateCampaignSchema } from '../domain/campaign';
import { getCampaign, insertCampaign, type CampaignDoc } from '../store/campaigns';
import { ensureDmPoller } from '../outreach/start';
import { ensureIngest, resumeCampaign, startCampaign } from './service';
import { CAMPAIGN_WORKFLOW_TYPE, campaignWorkflowId, type CampaignWorkflow } from '../workflows/campaign/contract';

export const DEMO_CAMPAIGN_ID = 'demo';

export const DEMO_SETTINGS = CreateCampaignSchema.parse({
  name: 'Demo: Acme fans (synthetic audience)',
  brand: 'Acme',
  tracking: { keywords: ['acme'], mentions: ['Acme'], languages: ['en'] },
  qualification: { minFollowers: 50, minPositivity: 0.6, cooldownMs: 7 * 86_400_000 },
  conversation: { firstContact: 'auto', consentBasis: 'demo: synthetic audience' },
  templates: {
    greeting: [
      'Hi {name}! Thanks for the love for {brand}. Want an invite to our early-access community? Reply YES, HELP or STOP.',
      'Hey {name}, {brand} here. We saw your post and would love you in our community. Reply YES, HELP or STOP.',
    ],
  },
  replyTimeoutMs: 45_000,
  maxReminders: 1,
});

/**
 * The opt-in policy on the same audience: the emulator's Spanish, French and German fans get a
 * public prompt and answer it (Sí / Oui / Ja, "no", or nothing), so keyword opt-ins happen too.
 */
export const DEMO_OPT_IN_ID = 'demo-opt-in';
export const DEMO_OPT_IN_SETTINGS = CreateCampaignSchema.parse({
  name: 'Demo: Acme fans abroad, opt-in (synthetic audience)',
  brand: 'Acme',
  tracking: { keywords: ['acme'], languages: ['es', 'fr', 'de'] },
  qualification: { minFollowers: 50, minPositivity: 0.4, cooldownMs: 7 * 86_400_000 },
  conversation: { firstContact: 'opt-in', reviewExpiryMs: 600_000 },
  templates: {
    greeting: 'Hi {name}, thanks for opting in! {brand} would love you in our community. Reply YES, HELP or STOP.',
    optInPrompt: 'Hi {name}! {brand} here. Want to hear from us by DM? Reply {keyword} (Sí / Oui / Ja) to opt in; otherwise we will not message you.',
  },
  replyTimeoutMs: 45_000,
  maxReminders: 1,
});

/** Every failure is thrown to the caller (which says why the demo did not start); none is swallowed. */
export async function startDemoCampaign(config: Config, o: { dmIntake?: 'poller' | 'webhook' } = {}): Promise<void> {
  if (!config.embeddedX) return; // never message real people from a demo
  const store = await connectStore(config.mongoUri, config.MONGODB_DB);
  const client = await connectClient(config);
  try {
    const t = { client, taskQueue: config.TASK_QUEUE };
    const demos = [
      await demoCampaign(store.db, DEMO_CAMPAIGN_ID, DEMO_SETTINGS),
      await demoCampaign(store.db, DEMO_OPT_IN_ID, DEMO_OPT_IN_SETTINGS),
    ];
    await ensureIngest(t);
    // Replies reach conversations through the DM poller (unless they come by webhook); start it if nothing else has.
    if ((o.dmIntake ?? config.DM_INTAKE) !== 'webhook') await ensureDmPoller(client, config.TASK_QUEUE, { intervalMs: 3000 });
    for (const c of demos) await runDemo(store.db, t, c);
  } finally {
    await client.connection.close();
    await store.close();
  }
}

/** The demo campaign `id`, created on the first start. */
async function demoCampaign(db: Db, id: string, settings: typeof DEMO_SETTINGS): Promise<CampaignDoc> {
  return (await getCampaign(db, id))
    ?? await insertCampaign(db, settings, { id, demo: true, createdBy: 'demo' }).catch(async (e: unknown) => {
      // Only a concurrent start that created it first is fine; anything else is a real failure.
      const existing = (e as { code?: number }).code === 11000 ? await getCampaign(db, id) : null;
      if (!existing) throw e;
      return existing;
    });
}

/** Starts (or resumes, or keeps running) one demo campaign. */
async function runDemo(db: Db, t: { client: Client; taskQueue: string }, c: CampaignDoc): Promise<void> {
  if (c.status === 'draft') await startCampaign(db, t, c._id);
  else if (c.status === 'paused') await resumeCampaign(db, t, c._id);
  else if (c.status === 'running') {
    // A restart with the same data: make sure its workflow runs (the dev server keeps history).
    await t.client.workflow.start<CampaignWorkflow>(CAMPAIGN_WORKFLOW_TYPE, {
      workflowId: campaignWorkflowId(c._id), taskQueue: t.taskQueue, args: [{ campaignId: c._id }], workflowIdConflictPolicy: 'USE_EXISTING',
    });
  }
  process.stdout.write(`Demo campaign "${c.name}" is ${c.status === 'stopped' ? 'stopped (delete it or set DEMO=0)' : 'running'}: GET /campaigns/${c._id}/stats\n`);
}
