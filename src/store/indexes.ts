// Every module's index set-up, run by the worker and the API at start (idempotent).
import type { Db } from 'mongodb';
import { ensureIndexes } from './index';
import { ensureCampaignIndexes } from './campaigns';
import { ensureTweetIndexes } from './tweets';
import { ensureProfileIndexes } from './profiles';
import { ensureAnalyticsIndexes } from './analytics';
import { ensureOutreachIndexes } from './conversations';
import { ensurePlanIndexes } from './plans';
import { ensureSuppressionIndexes } from './suppressions-search';

export async function ensureAllIndexes(db: Db): Promise<void> {
  await ensureIndexes(db, [ensureCampaignIndexes, ensureTweetIndexes, ensureProfileIndexes, ensureAnalyticsIndexes, ensureOutreachIndexes, ensurePlanIndexes, ensureSuppressionIndexes]);
}
