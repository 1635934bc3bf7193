// How ingest starts a conversation: the outreach feature's start helper behind a narrow port, so
// the pipeline can be tested with a fake and the outreach module can change independently.
import type { ProfileDoc } from '../domain/campaign';
import type { CampaignDoc } from '../store/campaigns';

export interface StartRequest {
  campaign: CampaignDoc;
  profile: ProfileDoc;
  tweet: { id: string; text: string; positivity: number };
}

/**
 * 'started': a new conversation; 'already-this-campaign': one for this campaign was already
 * running (a redelivered batch); 'busy': the person is in another campaign's conversation.
 */
export type StartOutcome = 'started' | 'already-this-campaign' | 'busy';
export type OutreachStarter = (req: StartRequest) => Promise<StartOutcome>;
