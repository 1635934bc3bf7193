// createActivities(deps): the one place where every feature's activity factory is merged.
import type { ActivityDeps } from './deps';
import { createCampaignActivities } from './campaign';
import { createIngestActivities } from './ingest';
import { createOutreachActivities } from './outreach';
import { createAnalyticsActivities } from './analytics';

export function createActivities(deps: ActivityDeps) {
  return {
    ...createOutreachActivities(deps),
    ...createCampaignActivities(deps),
    ...createIngestActivities(deps),
    ...createAnalyticsActivities(deps),
    async echo(message: string): Promise<string> {
      deps.log.debug({ message }, 'echo');
      return `pong: ${message}`;
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ActivityDeps } from './deps';
