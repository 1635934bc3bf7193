// Influence per person, overall and per campaign and campaign keyword. Features follow the
// influence model's inputs; "received" counts only tweets in the scope.
//
// Linear in tweets + people on any store: the plan reads the profiles once (ids, usernames, and
// what scoring needs, carried in the chunks) and the tweets once, folding each tweet into
// per-person, per-scope sums (./influence-sums.ts) spilled to the chunk of the person they belong
// to (./shuffle.ts); retweet-cascade heights follow from the references seen, what the cascades
// need of each referenced tweet known from the same scan (read by _id only when the scan did not
// see it). A chunk reads its people's sums by _id and scores them into the run's staging
// collection, which the finalize publishes whole. No step asks the store for tweets by author,
// mention or referenced tweet, or reads a collection twice.
import type { Db } from 'mongodb';
import { influenceScore, resolveLocation, type InfluenceWeights } from '../domain/analytics';
import type { ProfileDoc } from '../domain/campaign';
import { campaigns } from '../store/campaigns';
import { tweets } from '../store/tweets';
import { analytics, dropOtherInfluenceStaging, influenceStagingExists as stagingExists, insertStaged, publishInfluence, type InfluenceDoc, type Sentiment } from '../store/analytics';
import { profiles } from '../store/profiles';
import { IDS_PER_QUERY, chunkId, keepAlive, prefetched, removeChunks, sortedUniqueIds, writeIdChunks } from './chunks';
import { ChunkRouter, ChunkSpill, readSpill, type SpillDoc } from './shuffle';
import { CascadeHeights, PersonSums, TweetTable, campaignKeywords, scopesOf, type PersonSumsRecord, type Scope, type SumsTweet } from './influence-sums';
import { timeParam, type JobDefinition } from './job';

export const INFLUENCE_PROFILE_PROJECTION = { _id: 1, username: 1, name: 1, followers: 1, following: 1, listed: 1, tweetCount: 1, location: 1, polarity: 1 };
export type InfluenceProfile = Pick<ProfileDoc, '_id' | 'username' | 'name' | 'followers' | 'following' | 'listed' | 'tweetCount' | 'location' | 'polarity'>;
const TWEET_FIELDS = { text: 1, authorId: 1, createdAt: 1, campaigns: 1, referencedTweets: 1, hashtags: 1, mentions: 1, metrics: 1, 'sentiment.label': 1 };
/** What a referenced tweet's cascade needs: its author and what decides its scopes. */
const REFERENCED_FIELDS = { authorId: 1, campaigns: 1, text: 1, hashtags: 1 };

/** The author of a tweet read whose author was not planned (no profile): never a profile id's match. */
const UNPLANNED = '\u0000unplanned';

/** People whose sums are held in memory before they are spilled to their chunks. */
const PEOPLE_IN_MEMORY = 100_000;

/** The plan: chunks of profile ids, each with its people's sums spilled beside it. */
export async function planInfluence(db: Db, o: { runKey: string; planKey: string; chunkSize: number; peopleInMemory?: number }, progress: Record<string, unknown> = {}) {
  const inMemory = o.peopleInMemory ?? PEOPLE_IN_MEMORY;
  // Profiles: ids (the chunks), usernames (whose mentions count for whom, case-insensitively) and
  // what scoring needs, carried in the chunks (a second read of the profiles by the walk cost as
  // much on FerretDB as this one).
  progress.planning = 'profiles';
  const ids: string[] = [];
  const byName = new Map<string, string>();
  const people = new Map<string, InfluenceProfile>();
  for await (const batch of prefetched(profiles(db).find({}, { projection: INFLUENCE_PROFILE_PROJECTION, batchSize: 10_000 }))) {
    for (const p of batch) {
      ids.push(p._id);
      people.set(p._id, p);
      if (p.username) byName.set(p.username.toLowerCase(), p._id);
    }
  }
  const router = new ChunkRouter(sortedUniqueIds(ids), o.chunkSize);
  const keywordsOf = new Map<string, string[]>();
  for (const c of await campaigns(db).find({}, { projection: { tracking: 1 } }).toArray()) keywordsOf.set(c._id, campaignKeywords(c));

  // One pass over the tweets: each into its author's sums (per scope) and the sums of the people it
  // mentions; its references are kept for the cascades, whose heights are known only at the end.
  progress.planning = 'tweets';
  // One array per distinct set of scopes (there are few), not one per tweet: the sums and the
  // table of tweets read refer to it.
  const scopeSets: Scope[][] = [];
  const scopeSetIndex = new Map<string, number>();
  const intern = (scopes: Scope[]) => {
    const k = scopes.length === 1 ? scopes[0]!.key : scopes.map((x) => x.key).join('\n');
    let i = scopeSetIndex.get(k);
    if (i === undefined) { i = scopeSets.push(scopes) - 1; scopeSetIndex.set(k, i); }
    return i;
  };
  let read: TweetTable | null = new TweetTable();
  const heights = new CascadeHeights();
  const spill = new ChunkSpill<PersonSumsRecord>(db, o.runKey, o.planKey, router.chunks, inMemory);
  let held = new Map<string, PersonSums>();
  const sumsOf = (id: string) => held.get(id) ?? held.set(id, new PersonSums(id)).get(id)!;
  const spillHeld = async () => {
    for (const s of held.values()) await spill.add(router.chunkOf(s.id), s.toRecord());
    await spill.flush();
    held = new Map();
  };
  let seen = 0;
  // Batches of 1,000 (with the next one prefetched), so a batch's documents can die young: a scan
  // of 100,000 tweets ended at 207-210 MB of RSS, 225-286 MB with batches of 5,000; same speed.
  for await (const batch of prefetched(tweets(db).find({}, { projection: TWEET_FIELDS, batchSize: 1000 }))) {
    for (const doc of batch) {
      progress.seen = ++seen;
      const t = doc as SumsTweet;
      if (t.referencedTweets?.length) heights.addReferences(t._id, t.referencedTweets);
      const set = intern(scopesOf(t, keywordsOf));
      const scopes = scopeSets[set]!;
      const author = router.indexOf(t.authorId);
      read.set(t._id, author, set);
      if (author >= 0) sumsOf(t.authorId).addOwn(t, scopes);
      const mentioned = new Set<string>();
      for (const u of t.mentions ?? []) {
        const id = byName.get(u.toLowerCase());
        if (id !== undefined && id !== t.authorId) mentioned.add(id);
      }
      for (const id of mentioned) sumsOf(id).addMention(scopes);
      if (held.size >= inMemory) await spillHeld();
    }
  }
  await spillHeld();

  // Cascades: which referenced tweets are stored (with their authors and scopes, from the scan), the
  // height below each, added to its author's sums in its scopes (sums merge by max).
  progress.planning = 'cascades';
  const referenced = new Map<string, { authorId: string; scopes: Scope[] }>();
  await heights.resolve(async (refIds) => {
    const found: { _id: string; authorId: string }[] = [];
    // Referenced tweets the scan read are known from it; only the others are asked of the store
    // (not stored, or stored since the scan).
    const unseen: string[] = [];
    for (const id of refIds) {
      const r = read!.get(id);
      if (!r) { unseen.push(id); continue; }
      const authorId = r[0] >= 0 ? router.ids[r[0]]! : UNPLANNED;
      found.push({ _id: id, authorId });
      if (r[0] >= 0) referenced.set(id, { authorId, scopes: scopeSets[r[1]]! });
    }
    read = null;
    for (let i = 0; i < unseen.length; i += IDS_PER_QUERY) {
      for (const r of await tweets(db).find({ _id: { $in: unseen.slice(i, i + IDS_PER_QUERY) } }, { projection: REFERENCED_FIELDS }).toArray()) {
        found.push(r);
        if (router.chunkOf(r.authorId) >= 0) referenced.set(r._id, { authorId: r.authorId, scopes: scopeSets[intern(scopesOf(r, keywordsOf))]! });
      }
    }
    return found;
  }, (authorId) => authorId !== UNPLANNED && router.chunkOf(authorId) >= 0);
  for (const [id, height] of heights.raised()) {
    const r = referenced.get(id);
    if (r) sumsOf(r.authorId).addHeight(r.scopes, height, heights.amplifiesKnown(id));
    if (held.size >= inMemory) await spillHeld();
  }
  await spillHeld();
  progress.planning = 'write';
  return writeIdChunks(db, o.runKey, o.planKey, router.ids, o.chunkSize, spill.parts, (id) => people.get(id)!);
}

function majority(tweets: number, n: Record<Sentiment, number>, fallback: Sentiment): Sentiment {
  if (!tweets) return fallback;
  if (n.positive > n.negative && n.positive > n.neutral) return 'positive';
  if (n.negative > n.positive && n.negative > n.neutral) return 'negative';
  return 'neutral';
}

/** Scores a chunk of people from their spilled sums; one document per person and scope into the run's staging collection. */
export async function influenceChunk(db: Db, weights: InfluenceWeights, people: InfluenceProfile[], sums: Map<string, PersonSums>, runKey: string, now: Date): Promise<number> {
  const docs: InfluenceDoc[] = [];
  for (const p of people) {
    const s = sums.get(p._id) ?? new PersonSums(p._id);
    const all = s.scopes.get('all');
    const mine = all?.tweets ?? 0;
    const scoped = s.scopes.size ? [...s.scopes.values()] : [PersonSums.emptyScope({ key: 'all', scope: 'all', campaignId: null, keyword: null })];
    const loc = p.location ? resolveLocation(p.location) : null;
    const fallback: Sentiment = p.polarity?.mean > 0.05 ? 'positive' : p.polarity?.mean < -0.05 ? 'negative' : 'neutral';
    for (const e of scoped) {
      const sc: Scope = e.scope;
      const result = influenceScore({
        follower_count: p.followers ?? 0, following_count: p.following ?? 0, listed_count: p.listed ?? 0, posts: p.tweetCount ?? 0,
        mentions_received: s.mentions.get(sc.key) ?? 0, retweets_received: e.retweets,
        mentions_sent: e.mentionsSent, retweets_sent: e.retweetsSent,
        ...(sc.scope === 'all' ? {} : { relevance: mine ? e.tweets / mine : 0 }),
        cascade_depth: Math.max(e.height, s.amplifiedHeight),
      }, weights);
      const top = e.top;
      const doc: InfluenceDoc & { runKey: string } = {
        _id: `${sc.key}|${p._id}`, scope: sc.scope, campaignId: sc.campaignId, keyword: sc.keyword, userId: p._id,
        username: p.username ?? null, name: p.name ?? null, followers: p.followers ?? 0,
        score: result.score, breakdown: result.breakdown, sentiment: majority(e.tweets, e.labels, fallback), tweets: e.tweets, retweets: e.retweets,
        topTweet: top ? { id: top.id, text: top.text, createdAt: top.createdAt === null ? null : new Date(top.createdAt), retweets: top.retweets, likes: top.likes } : null,
        location: p.location ?? null,
        coordinates: loc ? { lat: loc.lat, lon: loc.lon, name: loc.name, country: loc.country } : null,
        computedAt: now, runKey,
      };
      docs.push(doc);
    }
  }
  await insertStaged(db, runKey, docs);
  return people.length;
}

/**
 * Carries over what a run does not recompute: documents of earlier runs whose person has no
 * profile (any more). Everyone with a profile was scored by this run, so their other documents
 * (scopes they left) are not carried. One pass over the influence collection.
 */
async function carryUnprofiled(db: Db, runKey: string): Promise<number> {
  const col = analytics(db).influence;
  const all: { _id: string; userId: string }[] = [];
  for await (const d of col.find({ runKey: { $ne: runKey } }, { projection: { userId: 1 }, batchSize: 10_000 })) all.push(d);
  let carried = 0;
  for (let i = 0; i < all.length; i += IDS_PER_QUERY) {
    const part = all.slice(i, i + IDS_PER_QUERY);
    const known = new Set((await profiles(db).find({ _id: { $in: [...new Set(part.map((d) => d.userId))] } }, { projection: { _id: 1 } }).toArray()).map((p) => p._id));
    const ids = part.filter((d) => !known.has(d.userId)).map((d) => d._id);
    if (!ids.length) continue;
    const docs = await col.find({ _id: { $in: ids } }).toArray();
    await insertStaged(db, runKey, docs);
    carried += docs.length;
  }
  return carried;
}

/**
 * A run's last step: carries over the unprofiled people's documents, then makes the run's staged
 * documents the influence collection (idempotent: a retry after the swap finds nothing to do) and
 * drops what failed runs left staged.
 */
export async function publishRun(db: Db, runKey: string): Promise<{ carried: number; published: boolean }> {
  let carried = 0;
  let published = false;
  if (await stagingExists(db, runKey)) {
    carried = await carryUnprofiled(db, runKey);
    published = await publishInfluence(db, runKey);
  }
  await dropOtherInfluenceStaging(db, runKey);
  return { carried, published };
}

/**
 * Scores everyone outside a workflow (seeded worlds, tools): the job's plan, every chunk and its
 * finalize in one call, then its chunks and partials removed. `runKey` tags the documents written.
 */
export async function scoreEveryone(db: Db, weights: InfluenceWeights, runKey: string, now: Date, chunkSize = 500, peopleInMemory = PEOPLE_IN_MEMORY): Promise<number> {
  const planKey = `${runKey}/direct`;
  const plan = await planInfluence(db, { runKey, planKey, chunkSize, peopleInMemory });
  let scored = 0;
  for (let n = 0; n < plan.chunks; n++) {
    const chunk = await analytics(db).chunks.findOne({ _id: chunkId(planKey, n) });
    if (!chunk) throw new Error(`chunk ${chunkId(planKey, n)} is missing`);
    const people = JSON.parse(chunk.packed ?? '[]') as InfluenceProfile[];
    scored += await influenceChunk(db, weights, people, PersonSums.merged(await readSpill<PersonSumsRecord>(db, planKey, n, chunk.parts ?? 0)), runKey, now);
  }
  await publishRun(db, runKey);
  await removeChunks(db, runKey, plan, false);
  await analytics(db).partials.deleteMany({ runKey });
  return scored;
}

/** Influence of every known person (chunks of profiles, each with its people's spilled sums). */
export const influenceJob: JobDefinition<ProfileDoc, SpillDoc> = {
  name: 'influence',
  walk: ({ db }) => ({ collection: profiles(db), projection: INFLUENCE_PROFILE_PROJECTION }),
  plan: ({ db }, req) => {
    const progress = { planning: 'start' };
    return keepAlive(() => progress, () => planInfluence(db, { runKey: req.baseKey, planKey: req.planKey, chunkSize: req.chunkSize }, progress));
  },
  async chunk({ db, influenceWeights }, { params }) {
    const w = influenceWeights();
    const now = new Date(timeParam(params, 'now', 'influence'));
    return async (docs, at) => influenceChunk(db, w, docs, PersonSums.merged(await readSpill<PersonSumsRecord>(db, at.planKey, at.chunk, at.parts)), at.baseKey, now);
  },
  finalize: async ({ db }, { baseKey }) => {
    // Heartbeats while it reads the previous run (hundreds of thousands of documents at 100k people).
    await keepAlive(() => ({ publishing: baseKey }), () => publishRun(db, baseKey));
    return {};
  },
};

