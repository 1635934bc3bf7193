// Analytics read API: results written by the scheduled analytics jobs (src/workflows/analytics).
import { z } from 'zod';
import type { RouteContext } from '../app';
import { requireRole } from '../auth';
import { ApiError } from '../errors';
import { XUserId, parse } from '../validate';
import { analytics, findClusterOf, type InfluenceDoc } from '../../store/analytics';

const Sentiment = z.enum(['positive', 'neutral', 'negative']);
const Keyword = z.string().trim().min(1).max(128).regex(/^[^$"()\\\u0000-\u001f]+$/u, 'a keyword or #hashtag');
const CampaignId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a campaign id');

const InfluencersQuery = z.strictObject({
  campaignId: CampaignId.optional(),
  keyword: Keyword.optional(),
  sentiment: Sentiment.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
}).refine((q) => q.campaignId || q.keyword, { message: 'give a campaignId, a keyword, or both', path: ['campaignId'] });

const TrendsQuery = z.strictObject({
  kind: z.enum(['hashtag', 'keyword']),
  key: Keyword,
  hours: z.coerce.number().int().min(1).max(24 * 30).default(48),
});
const AlertsQuery = z.strictObject({
  status: z.enum(['pending', 'delivered', 'failed', 'skipped']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const UserParams = z.strictObject({ userId: XUserId });

const json = (description: string) => ({ description, content: { 'application/json': { schema: z.object({}).passthrough() } } });
const bad = { 400: { description: 'invalid parameter' }, 401: { description: 'no or unknown API key' }, 403: { description: 'role not allowed' } };

export function mount({ router, deps, registry }: RouteContext): void {
  const a = analytics(deps.db);
  const readers = requireRole('marketer', 'operator');

  registry.registerPath({
    method: 'get', path: '/analytics/influencers', summary: 'Top influencers for a campaign and/or keyword, optionally by sentiment',
    request: { query: InfluencersQuery }, responses: { 200: json("ranked people with score, breakdown, followers, retweets, top tweet, location"), ...bad },
  });
  router.get('/analytics/influencers', readers, async (req, res) => {
    const q = parse(InfluencersQuery, req.query, 'query');
    const kw = q.keyword?.toLowerCase();
    const filter: Record<string, unknown> = kw ? { scope: 'keyword', keyword: kw } : { scope: 'campaign' };
    if (q.campaignId) filter.campaignId = q.campaignId;
    if (q.sentiment) filter.sentiment = q.sentiment;
    const docs = await a.influence.find(filter).sort({ score: -1 }).limit(kw && !q.campaignId ? q.limit * 5 : q.limit).toArray();
    // A keyword tracked by several campaigns: each person once, at their best score.
    const seen = new Set<string>();
    const people = docs.filter((d) => !seen.has(d.userId) && seen.add(d.userId)).slice(0, q.limit).map(publicInfluence);
    res.json({ campaignId: q.campaignId ?? null, keyword: kw ?? null, sentiment: q.sentiment ?? null, people });
  });

  registry.registerPath({ method: 'get', path: '/analytics/clusters', summary: 'Customer clusters: summaries, inertia curve (elbow), chosen k, silhouette', responses: { 200: json('the latest clustering'), 404: { description: 'not computed yet' }, ...bad } });
  router.get('/analytics/clusters', readers, async (_req, res) => {
    const c = await a.clusters.findOne({ _id: 'latest' });
    if (!c) throw new ApiError(404, 'not_found', 'clusters have not been computed yet');
    const { _id, runKey: _r, memberSets: _m, ...rest } = c;
    res.json(rest);
  });

  registry.registerPath({ method: 'get', path: '/analytics/clusters/people/{userId}', summary: "A person's cluster", request: { params: UserParams }, responses: { 200: json('the cluster and its summary'), 404: { description: 'unknown person' }, ...bad } });
  router.get('/analytics/clusters/people/:userId', readers, async (req, res) => {
    const { userId } = parse(UserParams, req.params, 'path');
    // The person's cluster and the summary come from the same (latest complete) run.
    const m = await findClusterOf(deps.db, userId);
    if (!m) throw new ApiError(404, 'not_found', `no cluster for user ${userId}`);
    res.json({ userId, cluster: m.cluster, computedAt: m.computedAt, summary: m.latest.clusters.find((x) => x.cluster === m.cluster) ?? null });
  });

  registry.registerPath({ method: 'get', path: '/analytics/trends', summary: 'Hourly series for a hashtag or keyword', request: { query: TrendsQuery }, responses: { 200: json('hourly points'), ...bad } });
  router.get('/analytics/trends', readers, async (req, res) => {
    const q = parse(TrendsQuery, req.query, 'query');
    const key = q.key.replace(/^#/, '').toLowerCase();
    const since = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - (q.hours - 1) * 3_600_000);
    const docs = await a.trends.find({ kind: q.kind, key, hour: { $gte: since } }).sort({ hour: 1 }).toArray();
    res.json({ kind: q.kind, key, points: docs.map((d) => ({ hour: d.hour, count: d.count, avgSentiment: d.avgSentiment, sentimentCount: d.sentimentCount })) });
  });

  registry.registerPath({ method: 'get', path: '/analytics/wordclouds', summary: 'Word clouds per sentiment', responses: { 200: json('terms per sentiment'), ...bad } });
  router.get('/analytics/wordclouds', readers, async (_req, res) => {
    const docs = await a.wordClouds.find({}).toArray();
    res.json(Object.fromEntries(docs.map((d) => [d._id, { terms: d.terms, from: d.from, to: d.to, tweets: d.tweets, computedAt: d.computedAt }])));
  });

  registry.registerPath({ method: 'get', path: '/analytics/alerts', summary: 'Crisis alerts with webhook delivery status', request: { query: AlertsQuery }, responses: { 200: json('alerts, newest first'), ...bad } });
  router.get('/analytics/alerts', readers, async (req, res) => {
    const q = parse(AlertsQuery, req.query, 'query');
    const docs = await a.alerts.find(q.status ? { 'delivery.status': q.status } : {}).sort({ createdAt: -1 }).limit(q.limit).toArray();
    res.json({ alerts: docs.map(({ _id, ...rest }) => ({ id: _id, ...rest })) });
  });

  registry.registerPath({ method: 'get', path: '/analytics/moods/{userId}', summary: "A person's mood status, happiest/saddest tweets, recommendations", request: { params: UserParams }, responses: { 200: json('mood'), 404: { description: 'unknown person' }, ...bad } });
  router.get('/analytics/moods/:userId', readers, async (req, res) => {
    const { userId } = parse(UserParams, req.params, 'path');
    const m = await a.moods.findOne({ _id: userId });
    if (!m) throw new ApiError(404, 'not_found', `no mood for user ${userId}`);
    const { _id, ...rest } = m;
    res.json({ userId: _id, ...rest });
  });
}

function publicInfluence(d: InfluenceDoc) {
  return {
    userId: d.userId, username: d.username, name: d.name, followers: d.followers, score: d.score, breakdown: d.breakdown,
    sentiment: d.sentiment, tweets: d.tweets, retweets: d.retweets, topTweet: d.topTweet, location: d.location, coordinates: d.coordinates,
  };
}
