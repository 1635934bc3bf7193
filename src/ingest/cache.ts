// Campaign documents as ingest sees them: re-read every few seconds, so a pause or a settings
// change reaches ingest quickly without a query per tweet.
import type { Db } from 'mongodb';
import { campaigns, type CampaignDoc } from '../store/campaigns';

export class CampaignCache {
  private byId = new Map<string, CampaignDoc>();
  private loadedAt = 0;
  private loading?: Promise<void>;

  constructor(private readonly db: Db, private readonly now: () => number, private readonly ttlMs = 2000) {}

  async get(ids: Iterable<string>): Promise<Map<string, CampaignDoc>> {
    const want = [...new Set(ids)];
    const age = this.now() - this.loadedAt;
    // A campaign started a moment ago may be missing; look again, but not on every batch.
    if (age > this.ttlMs || (age > 250 && want.some((id) => !this.byId.has(id)))) await this.refresh();
    const out = new Map<string, CampaignDoc>();
    for (const id of want) { const c = this.byId.get(id); if (c) out.set(id, c); }
    return out;
  }

  refresh(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const docs = await campaigns(this.db).find({ status: { $in: ['running', 'paused', 'stopping'] } }).toArray();
        this.byId = new Map(docs.map((d) => [d._id, d]));
        this.loadedAt = this.now();
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }
}
