// What an agent needs beside an escalation's thread, in one read: the person (numbers and running
// sentiment), the tweets that brought them in, and the campaign's consent basis. Agents cannot read
// campaigns and operators cannot read profiles; this view gives both roles only these fields.
import { z } from 'zod';
import type { RouteContext } from '../app';
import { requireRole } from '../auth';
import { ApiError } from '../errors';
import { parse } from '../validate';
import { outreachCollections } from '../../store/conversations';
import { profiles } from '../../store/profiles';
import { tweets } from '../../store/tweets';
import { getCampaign } from '../../store/campaigns';

const EscalationId = z.string().regex(/^[A-Za-z0-9_-]{1,64}-\d{1,20}$/, 'an escalation id');
const MAX_TWEETS = 5;

export function mount({ router, deps, registry }: RouteContext): void {
  registry.registerPath({
    method: 'get', path: '/inbox/{id}/context', summary: "An escalation's person, the tweets that brought them in, and the campaign's consent basis",
    request: { params: z.object({ id: EscalationId }) }, responses: { 200: { description: '{ person, tweets, trigger, campaign }' }, 404: { description: 'unknown escalation' } },
  });
  router.get('/inbox/:id/context', requireRole('agent', 'operator'), async (req, res) => {
    const id = parse(EscalationId, req.params.id, 'params.id');
    const c = outreachCollections(deps.db);
    const esc = await c.escalations.findOne({ _id: id });
    if (!esc) throw new ApiError(404, 'not_found', `no escalation ${id}`);
    const [convo, p, campaign] = await Promise.all([
      c.conversations.findOne({ _id: esc.conversationId }, { projection: { tweet: 1, policy: 1 } }),
      profiles(deps.db).findOne({ _id: esc.xUserId }),
      getCampaign(deps.db, esc.campaignId),
    ]);
    // By _id one at a time: FerretDB answers those from its index (an $in would read the collection).
    const ids = (p?.recentTweetIds ?? []).slice(-MAX_TWEETS).reverse();
    const found = await Promise.all(ids.map((t) => tweets(deps.db).findOne({ _id: t }, { projection: { text: 1, createdAt: 1, campaigns: 1, 'sentiment.label': 1 } })));
    res.json({
      person: p ? {
        xUserId: p._id, username: p.username ?? null, name: p.name ?? null, followers: p.followers, verified: p.verified, location: p.location ?? null,
        polarity: p.polarity.mean, scoredTweets: p.polarity.n, tweetsSeen: p.tweetsSeen, firstSeen: p.firstSeen,
      } : null,
      tweets: found.filter((t) => t !== null).map((t) => ({ id: t._id, text: t.text, createdAt: t.createdAt, sentiment: t.sentiment?.label ?? null, campaigns: t.campaigns })),
      trigger: convo?.tweet ?? null,
      campaign: campaign ? { id: campaign._id, name: campaign.name, brand: campaign.brand, firstContact: campaign.conversation.firstContact, consentBasis: campaign.conversation.consentBasis ?? null } : { id: esc.campaignId },
      policy: convo?.policy ?? null,
    });
  });
}
