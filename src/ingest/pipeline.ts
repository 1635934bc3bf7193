// One batch of tweets through the product: route by rule id → campaigns → score → store tweets →
// update profiles → qualify → start outreach. Every write is idempotent, so a batch delivered twice
// (after a crash, or by a backfill overlapping the stream) stores and counts each tweet once per
// campaign; a tweet routed to several campaigns is evaluated by each of them independently.
import type { Db } from 'mongodb';
import { campaignOfTag, type IncomingTweet } from '../x';
import type { Models } from '../ml';
import { applyTweet, decideProfile, markOutreach, polarityOf, type CampaignCandidate, type ProfileDecision, type ProfileDoc, type ScoredTweet } from '../domain/campaign';
import { upsertTweets, type TweetDoc } from '../store/tweets';
import type { ProfileMark } from '../store/profiles';
import { suppressedAmong } from '../store/conversations';
import { campaigns as campaignsCol, type CampaignDoc } from '../store/campaigns';
import { compareIds } from '../domain/ids';
import type { CampaignCache } from './cache';
import type { OutreachStarter } from './outreach-port';
import { ProfileBook } from './profile-book';
import type { OptInIntake } from '../campaigns/optin';
import type { RuleRouter } from '../campaigns/rules';
import { recordPublicOptOuts } from './public-optouts';

export interface PipelineDeps {
  db: Db;
  models: Models;
  campaigns: CampaignCache;
  startOutreach: OutreachStarter;
  /** The opt-in policy's step (src/campaigns/optin.ts): keyword replies; drops the brand's own posts. */
  optIn?: OptInIntake;
  /** The clock (ms since the epoch). */
  now: () => number;
  /** Write-behind profiles of a long-running ingest; without it the batch writes its own before it returns. */
  profileBook?: ProfileBook;
  /** Rule id → campaigns (shared rules); without it only `campaign:<id>` tags route (tests). */
  rules?: RuleRouter;
}

export interface BatchResult {
  received: number;
  routed: number;
  inserted: number;
  qualified: number;
  started: number;
  /** Newest tweet id in the batch (the resume point once the batch is stored). */
  lastId?: string;
  /** Wall time per phase (ms): where a batch spends its time, for logs and the ingest benchmark. */
  phaseMs: Partial<Record<Phase, number>>;
}

export type Phase = 'route' | 'score' | 'tweets' | 'profiles' | 'qualify' | 'start';


/** Campaign ids a tweet belongs to by its matching rules' tags (`campaign:<id>`, rules of earlier versions). */
export function routeTweet(t: IncomingTweet): string[] {
  const ids = new Set<string>();
  for (const r of t.matchingRules ?? []) { const c = campaignOfTag(r.tag); if (c) ids.add(c); }
  return [...ids];
}

export async function processBatch(deps: PipelineDeps, batch: IncomingTweet[], opts: { forceCampaign?: string } = {}): Promise<BatchResult> {
  const now = deps.now;
  const result: BatchResult = { received: batch.length, routed: 0, inserted: 0, qualified: 0, started: 0, phaseMs: {} };
  let mark = performance.now();
  const phase = (p: Phase) => { const t = performance.now(); result.phaseMs[p] = (result.phaseMs[p] ?? 0) + (t - mark); mark = t; };
  for (const t of batch) if (!result.lastId || compareIds(t.id, result.lastId) > 0) result.lastId = t.id;
  if (deps.optIn) batch = await deps.optIn(batch);
  // Before anyone is qualified: "@Acme stop DMing me" must not start the conversation it refuses.
  await recordPublicOptOuts(deps.db, batch);
  const routes = opts.forceCampaign ? batch.map(() => [opts.forceCampaign!])
    : deps.rules ? await deps.rules.route(batch) : batch.map(routeTweet);
  const known = await deps.campaigns.get(routes.flat());
  const items: { t: IncomingTweet; campaigns: string[] }[] = [];
  batch.forEach((t, i) => {
    const cs = routes[i]!.filter((c) => known.has(c));
    if (cs.length) items.push({ t, campaigns: cs });
  });
  result.routed = items.length;
  phase('route');
  if (!items.length) return result;

  // --- score -------------------------------------------------------------------------------------
  const texts = items.map((x) => x.t.text);
  const sentiment = deps.models.sentiment(texts);
  const emotion = deps.models.emotion(texts);
  const ingestedAt = new Date(now());
  const docs: TweetDoc[] = items.map(({ t, campaigns }, i) => {
    const s = sentiment[i]!;
    const e = emotion[i]!;
    return {
      _id: t.id, text: t.text, authorId: t.authorId, createdAt: new Date(t.createdAt), campaigns,
      ruleIds: (t.matchingRules ?? []).map((r) => r.id),
      ...(t.lang ? { lang: t.lang } : {}), ...(t.via ? { via: t.via } : {}),
      ...(t.referencedTweets?.length ? { referencedTweets: t.referencedTweets } : {}),
      ...(t.entities?.hashtags?.length ? { hashtags: t.entities.hashtags } : {}),
      ...(t.entities?.mentions?.length ? { mentions: t.entities.mentions } : {}),
      ...(t.publicMetrics ? { metrics: t.publicMetrics } : {}),
      sentiment: { label: s.label, score: s.score, subjectivity: s.subjectivity, polarity: round(polarityOf(s.probs)), probs: s.probs },
      emotion: { label: e.label, probs: e.probs },
      sentimentVersion: deps.models.sentimentVersion, emotionVersion: deps.models.emotionVersion,
      ingestedAt,
    };
  });

  phase('score');

  // --- store tweets ------------------------------------------------------------------------------
  result.inserted = (await upsertTweets(deps.db, docs)).size;
  phase('tweets');

  // --- profiles and verdicts: one conditional write per person (retried on a lost race) ----------
  const scored: ScoredTweet[] = items.map(({ t, campaigns }, i) => ({
    id: t.id, authorId: t.authorId, createdAt: new Date(t.createdAt), campaigns,
    polarity: docs[i]!.sentiment.polarity, subjectivity: docs[i]!.sentiment.subjectivity,
    ...(t.author ? { author: t.author } : {}),
  })).sort((a, b) => compareIds(a.id, b.id));
  // Per person and campaign, the newest tweet in the batch: it is the one that brought them in now.
  const candidates = new Map<string, Map<string, Candidate>>();
  for (let i = items.length - 1; i >= 0; i--) {
    const { t, campaigns } = items[i]!;
    const mine = candidates.get(t.authorId) ?? candidates.set(t.authorId, new Map()).get(t.authorId)!;
    for (const cid of campaigns) {
      if (mine.has(cid)) continue;
      const campaign = known.get(cid)!;
      mine.set(cid, { campaignId: cid, campaign, running: campaign.status === 'running', rules: campaign.qualification, positivity: sentiment[i]!.score, tweet: { id: t.id, text: t.text, positivity: sentiment[i]!.score } });
    }
  }
  const suppressed = await suppressedAmong(deps.db, [...candidates.keys()]);
  const decide = (p: ProfileDoc) => decideProfile(p, [...(candidates.get(p._id)?.values() ?? [])], { now: now(), suppressed: suppressed.has(p._id) });
  // One profile path: ingest's long-lived book, or one for this batch alone, drained before returning.
  const book = deps.profileBook ?? new ProfileBook(deps.db, { now, flushAfterMs: 0 });
  const decided = await settleInBook(book, scored, decide);
  phase('profiles');

  // --- start -------------------------------------------------------------------------------------
  const toStart: { campaign: CampaignDoc; profile: ProfileDoc; tweet: { id: string; text: string; positivity: number } }[] = [];
  for (const d of decided.values()) {
    result.qualified += d.start.length;
    for (const c of d.start) toStart.push({ campaign: c.campaign, profile: d.profile, tweet: c.tweet });
  }
  phase('qualify');
  // The cache may be a moment old: a pause must stop starts at once, so re-read the status.
  if (toStart.length) {
    const ids = [...new Set(toStart.map((x) => x.campaign._id))];
    const live = new Set((await campaignsCol(deps.db).find({ _id: { $in: ids }, status: 'running' }, { projection: { _id: 1 } }).toArray()).map((c) => c._id));
    for (let i = toStart.length - 1; i >= 0; i--) if (!live.has(toStart[i]!.campaign._id)) toStart.splice(i, 1);
  }
  // One conversation per person: never start two for the same author in one batch.
  const byAuthor = new Map<string, (typeof toStart)[number]>();
  for (const s of toStart) if (!byAuthor.has(s.profile._id)) byAuthor.set(s.profile._id, s);
  const startMarks: (ProfileMark & { tweetId: string })[] = [];
  await mapLimit([...byAuthor.values()], 8, async (s) => {
    const outcome = await deps.startOutreach(s);
    if (outcome === 'started' || outcome === 'already-this-campaign') {
      if (outcome === 'started') result.started++;
      startMarks.push({ id: s.profile._id, campaignId: s.campaign._id, outreachStartedAt: new Date(now()), tweetId: s.tweet.id });
    } else {
      startMarks.push({ id: s.profile._id, campaignId: s.campaign._id, reasons: ['in_conversation'], tweetId: s.tweet.id });
    }
  });
  // The mark holds the tweet like its profile change does: until the mark is stored, ingest's
  // resume point stays below the tweet, so a crash redelivers it and the mark is made again
  // (the start finds the conversation) instead of the person being contacted again in the cooldown.
  for (const m of startMarks) book.update(m.id, (p) => ({ profile: p && markOutreach(p, m.campaignId, m), result: undefined }), [m.tweetId]);
  if (!deps.profileBook) await book.drain();
  phase('start');
  return result;
}

type Candidate = CampaignCandidate & { campaign: CampaignDoc; tweet: { id: string; text: string; positivity: number } };

/**
 * Applies the batch's tweets to each author's profile and lets `decide` record verdicts: each
 * author's tweets and verdict become one change to the profile held in the book, which writes it
 * (conditional on the stored revision) and replays it should someone else have written first.
 */
async function settleInBook(book: ProfileBook, tweets: ScoredTweet[], decide: (p: ProfileDoc) => ProfileDecision<Candidate>): Promise<Map<string, ProfileDecision<Candidate>>> {
  const byAuthor = new Map<string, ScoredTweet[]>();
  for (const t of tweets) (byAuthor.get(t.authorId) ?? byAuthor.set(t.authorId, []).get(t.authorId)!).push(t);
  await book.load([...byAuthor.keys()]);
  const out = new Map<string, ProfileDecision<Candidate>>();
  for (const [id, mine] of byAuthor) {
    out.set(id, book.update(id, (p) => {
      let q = p;
      for (const t of mine) q = applyTweet(q, t);
      const d = decide(q!);
      return { profile: d.profile, result: d };
    }, mine.map((t) => t.id)));
  }
  return out;
}

async function mapLimit<T>(items: T[], limit: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => { while (next < items.length) await fn(items[next++]!); };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

export type { CampaignDoc };
