// The demo: on the embedded defaults, one campaign runs against the emulator's synthetic audience
// so that within a minute of `npm start` there are conversations in the Temporal UI, escalations
// in the API and growing stats. Idempotent across restarts: the demo campaign has a fixed id and is
// created once; starting it again finds its workflow already running.
import type { Config } from '../config';
import { connectStore } from '../store';
import { connectClient } from '../temporal';
import { CreateCampaignSchema } from '../domain/campaign';
import { getCampaign, insertCampaign } from '../store/campaigns';
import { ensureDmPoller } from '../outreach/start';
import { ensureIngest, resumeCampaign, startCampaign, campaignWorkflowId } from './service';

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

/** Every failure is thrown to the caller (which says why the demo did not start); none is swallowed. */
export async function startDemoCampaign(config: Config, o: { dmIntake?: 'poller' | 'webhook' } = {}): Promise<void> {
  if (!config.embeddedX) return; // never message real people from a demo
  const store = await connectStore(config.mongoUri, config.MONGODB_DB);
  const client = await connectClient(config);
  try {
    const t = { client, taskQueue: config.TASK_QUEUE };
    const c = (await getCampaign(store.db, DEMO_CAMPAIGN_ID))
      ?? await insertCampaign(store.db, DEMO_SETTINGS, { id: DEMO_CAMPAIGN_ID, demo: true, createdBy: 'demo' }).catch(async (e: unknown) => {
        // Only a concurrent start that created it first is fine; anything else is a real failure.
        const existing = (e as { code?: number }).code === 11000 ? await getCampaign(store.db, DEMO_CAMPAIGN_ID) : null;
        if (!existing) throw e;
        return existing;
      });
    await ensureIngest(t);
    // Replies reach conversations through the DM poller (unless they come by webhook); start it if nothing else has.
    if ((o.dmIntake ?? process.env.DM_INTAKE) !== 'webhook') await ensureDmPoller(client, config.TASK_QUEUE, { intervalMs: 3000 });
    if (c.status === 'draft') await startCampaign(store.db, t, c._id);
    else if (c.status === 'paused') await resumeCampaign(store.db, t, c._id);
    else if (c.status === 'running') {
      // A restart with the same data: make sure its workflow runs (the dev server keeps history).
      await client.workflow.start('campaignWorkflow', {
        workflowId: campaignWorkflowId(c._id), taskQueue: config.TASK_QUEUE, args: [{ campaignId: c._id }], workflowIdConflictPolicy: 'USE_EXISTING',
      });
    }
    process.stdout.write(`Demo campaign "${c.name}" is ${c.status === 'stopped' ? 'stopped (delete it or set DEMO=0)' : 'running'}: GET /campaigns/${c._id}/stats\n`);
  } finally {
    await client.connection.close();
    await store.close();
  }
}
