// Side effects of a campaign's life: its share of the filtered-stream rules at X (shared with other
// campaigns tracking the same words, reference-counted in the store: src/campaigns/rules.ts) and the
// recent-search backfill when it starts or resumes.
import { Context } from '@temporalio/activity';
import { invalidTweetReason, type IncomingTweet } from '../x';
import { getCampaign, transitionStatus } from '../store/campaigns';
import { CampaignCache } from '../ingest/cache';
import { processBatch } from '../ingest/pipeline';
import { createOutreachStarter } from '../ingest/outreach-starter';
import { ROUTES_MAX_AGE_MS, syncCampaignRules } from '../campaigns/rules';
import { DeadLetterBox } from '../ingest/dead-letters';
import type { IngestDeps } from './ingest';
import type { BackfillInput, BackfillResult } from '../workflows/campaign/contract';


export function createCampaignActivities(deps: IngestDeps) {
  return {
    /**
     * Makes the store and X hold the rules the campaign's status calls for: its tracking's rules
     * while running, none while paused or stopped. Returns them (with ids at X).
     */
    syncCampaignRules: (campaignId: string) => syncCampaignRules(deps.db, deps.x, campaignId),

    /** Releases the campaign's rules (deleted at X when no other campaign uses them) and marks it stopped. */
    async deactivateCampaign(campaignId: string): Promise<void> {
      const c = await getCampaign(deps.db, campaignId);
      if (c && c.status !== 'stopped' && c.status !== 'stopping') {
        // A stop that reached the workflow without the store (a direct signal): record it first,
        // so the sync below releases every rule.
        await transitionStatus(deps.db, campaignId, ['running', 'paused', 'draft'], 'stopping');
      }
      await syncCampaignRules(deps.db, deps.x, campaignId);
      // 'stopped' means it hears nothing more: wait until ingest's view of the routes has caught up.
      await new Promise((r) => setTimeout(r, ROUTES_MAX_AGE_MS + 250));
      await transitionStatus(deps.db, campaignId, ['running', 'paused', 'stopping', 'draft'], 'stopped', { stoppedAt: new Date(deps.now()) });
    },

    /**
     * Recent search over the campaign's rules, through the same pipeline as the stream, for this
     * campaign only (other campaigns sharing a rule heard the stream themselves). Tweets already
     * ingested for it change nothing (per campaign and tweet), so running it twice is harmless.
     */
    async backfillCampaign(input: BackfillInput): Promise<BackfillResult> {
      const c = await getCampaign(deps.db, input.campaignId);
      if (!c || !c.rules.length) return { found: 0, inserted: 0, started: 0 };
      const ctx = Context.current();
      const models = await deps.models();
      const campaigns = new CampaignCache(deps.db, deps.now);
      const startOutreach = deps.startOutreach ?? createOutreachStarter(deps, () => ctx.client);
      const limit = input.limit ?? 1000;
      const startTime = new Date(deps.now() - (input.sinceMs ?? 6 * 3_600_000)).toISOString();
      const out = { found: 0, inserted: 0, started: 0 };
      const dead = new DeadLetterBox(deps.db, deps.now, (err) => deps.log.warn({ err }, 'could not store a dead letter'));
      let batch: IncomingTweet[] = [];
      const flush = async () => {
        if (!batch.length) return;
        const r = await processBatch({ db: deps.db, now: deps.now, models, campaigns, startOutreach, optIn: deps.optIn }, batch, { forceCampaign: input.campaignId });
        out.inserted += r.inserted;
        out.started += r.started;
        batch = [];
        ctx.heartbeat(out);
      };
      for (const rule of c.rules) {
        for await (const t of deps.x.searchRecent(rule.value, { startTime, limit })) {
          if (ctx.cancellationSignal.aborted) return out;
          const invalid = invalidTweetReason(t);
          if (invalid) { dead.add(invalid, JSON.stringify(t).slice(0, 16 * 1024)); continue; }
          batch.push({ ...t, via: 'backfill', matchingRules: [{ id: rule.id, tag: '' }] });
          out.found++;
          if (batch.length >= 200) await flush();
        }
      }
      await flush();
      await dead.flush();
      return out;
    },
  };
}
