// Candidates for a plan, read from what the analytics jobs and ingest stored: influence (score,
// followers, geocoded location), profile polarity, each person's tweets (engagement per post,
// sentiment), their retweeters (the retweet cascades), suppressions and open conversations.
import type { Db } from 'mongodb';
import { STAGES, isTerminal } from '../domain/conversation';
import type { Candidate } from '../domain/planning';
import { analytics } from '../store/analytics';
import { outreachCollections, suppressedAmong } from '../store/conversations';
import { profiles } from '../store/profiles';
import { tweets } from '../store/tweets';

/** The planner looks at this many people at most: the most influential by the learned score. */
export const MAX_CANDIDATES = 5_000;
const SLICE = 500;
const OPEN_STAGES = STAGES.filter((s) => !isTerminal(s));

async function inSlices<T>(ids: string[], fn: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += SLICE) out.push(...(await fn(ids.slice(i, i + SLICE))));
  return out;
}

export async function loadCandidates(db: Db, limit = MAX_CANDIDATES): Promise<Candidate[]> {
  const inf = await analytics(db).influence
    .find({ scope: 'all' }, { projection: { userId: 1, username: 1, followers: 1, score: 1, coordinates: 1 } })
    .sort({ score: -1, userId: 1 }).limit(limit).toArray();
  const ids = inf.map((d) => d.userId);
  if (!ids.length) return [];
  const polarity = new Map<string, number | null>();
  for (const p of await inSlices(ids, (part) => profiles(db).find({ _id: { $in: part } }, { projection: { polarity: 1 } }).toArray())) {
    polarity.set(p._id, typeof p.polarity?.mean === 'number' && (p.polarity.n ?? 1) > 0 ? p.polarity.mean : null);
  }
  // The one definition of suppressed (either shape), by index: not a read of the whole list.
  const suppressed = await suppressedAmong(db, ids);
  const open = new Set(
    (await outreachCollections(db).conversations.find({ stage: { $in: [...OPEN_STAGES] } }, { projection: { xUserId: 1 } }).toArray()).map((c) => c.xUserId),
  );
  const own = await inSlices(ids, (part) => tweets(db).find({ authorId: { $in: part } }, { projection: { authorId: 1, referencedTweets: 1, metrics: 1, 'sentiment.label': 1 } }).toArray());
  const stats = new Map<string, { eng: number[]; pos: number; n: number; rts: Set<string> }>();
  const st = (id: string) => stats.get(id) ?? stats.set(id, { eng: [], pos: 0, n: 0, rts: new Set() }).get(id)!;
  const authorOf = new Map<string, string>();
  for (const t of own) {
    const s = st(t.authorId);
    s.n++;
    if (t.sentiment?.label === 'positive') s.pos++;
    if ((t.referencedTweets ?? []).some((r) => r.type === 'retweeted')) continue;
    authorOf.set(t._id, t.authorId);
    s.eng.push((t.metrics?.retweet_count ?? 0) + (t.metrics?.like_count ?? 0) + (t.metrics?.quote_count ?? 0));
  }
  // Retweets (and quotes) of their original tweets: who re-broadcasts them, i.e. their audience.
  const retweets = await inSlices([...authorOf.keys()], (part) => tweets(db).find({ 'referencedTweets.id': { $in: part } }, { projection: { authorId: 1, referencedTweets: 1 } }).toArray());
  for (const r of retweets) {
    for (const ref of r.referencedTweets ?? []) {
      const author = (ref.type === 'retweeted' || ref.type === 'quoted') ? authorOf.get(ref.id) : undefined;
      if (author && author !== r.authorId) st(author).rts.add(r.authorId);
    }
  }
  return inf.map((d) => {
    const s = stats.get(d.userId);
    return {
      xUserId: d.userId, username: d.username ?? null, followers: d.followers ?? 0, score: d.score ?? 0,
      country: d.coordinates?.country ?? null, coordinates: d.coordinates ? { lat: d.coordinates.lat, lon: d.coordinates.lon } : null,
      polarity: polarity.get(d.userId) ?? null, postEngagements: s?.eng ?? [], positiveTweets: s?.pos ?? 0, tweets: s?.n ?? 0,
      retweeters: [...(s?.rts ?? [])].sort(), suppressed: suppressed.has(d.userId), inConversation: open.has(d.userId),
    };
  });
}
