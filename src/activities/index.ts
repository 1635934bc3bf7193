// createActivities(deps): the one place where every feature's activity factory is merged.
import { Context } from '@temporalio/activity';
import type { ActivityDeps } from './deps';
import { createCampaignActivities } from './campaign';
import { createIngestActivities } from './ingest';
import { createOutreachActivities } from './outreach';
import { createAnalyticsActivities } from './analytics';
import { createOptInActivities } from './optin';
import { createPlansActivities } from './plans';
import { createOptInFinder, createOptInIntake } from '../campaigns/optin';

export function createActivities(deps: ActivityDeps) {
  // The opt-in policy, wired: keyword DMs from people without a conversation, keyword replies to
  // the opt-in posts in everything ingest reads (stream and backfill), and the prompt itself.
  const optInFor = createOptInFinder({ db: deps.db, x: deps.x, log: deps.log });
  const optIn = createOptInIntake(
    { db: deps.db, log: deps.log, taskQueue: deps.config.TASK_QUEUE, brandUserId: deps.x.brandUserId ?? deps.config.X_BRAND_USER_ID },
    () => Context.current().client,
  );
  return {
    ...createOutreachActivities(deps, { optInFor }),
    ...createCampaignActivities({ ...deps, optIn }),
    ...createIngestActivities({ ...deps, optIn }),
    ...createOptInActivities(deps),
    ...createAnalyticsActivities(deps),
    ...createPlansActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ActivityDeps } from './deps';
