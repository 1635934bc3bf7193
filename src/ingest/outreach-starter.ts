// The default OutreachStarter: the outreach feature's startOutreach (one workflow per person,
// `outreach-<xUserId>`) with the campaign's settings as they are now, so a settings update applies
// to conversations started after it.
import type { Client } from '@temporalio/client';
import type { ActivityDeps } from '../activities/deps';
import { startOutreach } from '../outreach/start';
import { conversationIdOf, stateQuery } from '../workflows/outreach/contract';
import { outreachCollections } from '../store/conversations';
import { outreachSettingsOf } from '../campaigns/settings';
import type { OutreachStarter } from './outreach-port';

export function createOutreachStarter(deps: Pick<ActivityDeps, 'config' | 'db'>, client: () => Client): OutreachStarter {
  return async ({ campaign, profile, tweet }) => {
    const r = await startOutreach(client(), {
      campaignId: campaign._id,
      tweet: { id: tweet.id, text: tweet.text },
      person: { xUserId: profile._id, username: profile.username ?? '', name: profile.name ?? profile.username ?? '' },
      settings: outreachSettingsOf(campaign),
      settingsVersion: campaign.settingsVersion,
    }, { taskQueue: deps.config.TASK_QUEUE });
    if (r.started) return 'started';
    // Already talking to them: ours (a redelivered batch after a crash) or another campaign's?
    const convo = await outreachCollections(deps.db).conversations
      .countDocuments({ _id: conversationIdOf(campaign._id, profile._id) }, { limit: 1 });
    if (convo) return 'already-this-campaign';
    const view = await client().workflow.getHandle(r.workflowId).query(stateQuery).catch(() => undefined);
    return view?.campaignId === campaign._id ? 'already-this-campaign' : 'busy';
  };
}
