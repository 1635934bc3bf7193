// Side effects of a campaign's life: owning its filtered-stream rules at X (reconciled by tag, so
// every call is idempotent) and the recent-search backfill when it starts.
import { Context } from '@temporalio/activity';
import { buildRules } from '../domain/campaign';
import { campaignTag, type IncomingTweet } from '../x';
import { getCampaign, setCampaignRules, transitionStatus } from '../store/campaigns';
import { CampaignCache } from '../campaigns/cache';
import { processBatch } from '../campaigns/pipeline';
import { createOutreachStarter } from '../campaigns/outreach';
import type { IngestDeps } from './ingest';

export interface BackfillInput { campaignId: string; limit?: number; sinceMs?: number }

export function createCampaignActivities(deps: IngestDeps) {
  /** Makes X hold exactly the campaign's current rules (tagged campaign:<id>); returns them. */
  async function syncCampaignRules(campaignId: string): Promise<{ id: string; value: string }[]> {
    const c = await getCampaign(deps.db, campaignId);
    if (!c) throw new Error(`campaign ${campaignId} not found`);
    const tag = campaignTag(campaignId);
    const want = c.status === 'stopped' || c.status === 'stopping' ? [] : buildRules(c.tracking);
    const have = (await deps.x.listRules()).filter((r) => r.tag === tag);
    const stale = have.filter((r) => !want.includes(r.value));
    const missing = want.filter((v) => !have.some((r) => r.value === v));
    if (stale.length) await deps.x.deleteRules(stale.map((r) => r.id));
    const added = missing.length ? await deps.x.addRules(missing.map((value) => ({ value, tag }))) : [];
    const rules = [...have.filter((r) => want.includes(r.value)), ...added].map((r) => ({ id: r.id, value: r.value }));
    await setCampaignRules(deps.db, campaignId, rules);
    return rules;
  }

  return {
    syncCampaignRules,

    /** Removes the campaign's rules and marks it stopped. */
    async deactivateCampaign(campaignId: string): Promise<void> {
      const tag = campaignTag(campaignId);
      const have = (await deps.x.listRules()).filter((r) => r.tag === tag);
      if (have.length) await deps.x.deleteRules(have.map((r) => r.id));
      await setCampaignRules(deps.db, campaignId, []);
      await transitionStatus(deps.db, campaignId, ['running', 'paused', 'stopping', 'draft'], 'stopped', { stoppedAt: new Date() });
    },

    /**
     * Recent search over the campaign's rules, through the same pipeline as the stream. Tweets
     * already ingested are upserts that change nothing, so running it twice is harmless.
     */
    async backfillCampaign(input: BackfillInput): Promise<{ found: number; inserted: number; started: number }> {
      const c = await getCampaign(deps.db, input.campaignId);
      if (!c || !c.rules.length) return { found: 0, inserted: 0, started: 0 };
      const ctx = Context.current();
      const models = await deps.models();
      const campaigns = new CampaignCache(deps.db);
      const startOutreach = deps.startOutreach ?? createOutreachStarter(deps, () => ctx.client);
      const limit = input.limit ?? 1000;
      const startTime = new Date(Date.now() - (input.sinceMs ?? 6 * 3_600_000)).toISOString();
      const tag = campaignTag(input.campaignId);
      const out = { found: 0, inserted: 0, started: 0 };
      let batch: IncomingTweet[] = [];
      const flush = async () => {
        if (!batch.length) return;
        const r = await processBatch({ db: deps.db, models, campaigns, startOutreach, optIn: deps.optIn }, batch);
        out.inserted += r.inserted;
        out.started += r.started;
        batch = [];
        ctx.heartbeat(out);
      };
      for (const rule of c.rules) {
        for await (const t of deps.x.searchRecent(rule.value, { startTime, limit })) {
          if (ctx.cancellationSignal.aborted) return out;
          batch.push({ ...t, via: 'backfill', matchingRules: [{ id: rule.id, tag }] });
          out.found++;
          if (batch.length >= 200) await flush();
        }
      }
      await flush();
      return out;
    },
  };
}
