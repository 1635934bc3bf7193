// A seeded multi-period influence history for tests and bench:forecast. The emulator's world runs
// with dynamics (people rise, fade, burst); each period its tweets are stored the way ingest stores
// them, the real influence computation (influence-job.ts, the committed model) scores everyone seen
// so far, and the history step snapshots the period. Nothing here knows the forecast's formula.
import type { Db } from 'mongodb';
import { World } from '../emulator/world';
import { TweetGenerator } from '../emulator/generator';
import { WorldDynamics, type Course, type DynamicsOptions } from '../emulator/dynamics';
import type { EmuTweet, EmuUser } from '../emulator/model';
import { periodStart } from '../domain/planning/forecast-periods';
import type { ProfileDoc } from '../domain/campaign';
import type { TweetDoc } from '../store/tweets';
import { tweets } from '../store/tweets';
import { profiles } from '../store/profiles';
import { bulkWriteSliced } from '../store/bulk';
import { INFLUENCE_PROFILE_PROJECTION, influenceChunk, type InfluenceProfile } from './influence-job';
import { loadInfluenceWeights } from './influence-weights';
import { snapshotInfluence } from './influence-history';

export interface SeededHistoryOptions {
  seed: number;
  /** People in the emulator's audience. */
  people: number;
  periods: number;
  tweetsPerPeriod: number;
  periodDays?: number;
  /** Periods of tweets the influence computation sees (older tweets are removed, as by a retention). */
  windowPeriods?: number;
  /** Start of the first period (epoch ms). */
  start?: number;
  dynamics?: DynamicsOptions;
  /** Called after each period (progress). */
  onPeriod?: (period: number, seconds: number) => void;
}

/** `courses`: each person's course as drawn at the start (see WorldDynamics.startedAs). */
export interface SeededHistory { periodStarts: number[]; courses: Map<string, Course>; tweets: number }

const DAY = 86_400_000;

function tweetDoc(t: EmuTweet, ingestedAt: Date): TweetDoc {
  const label = t.tone === 'positive' || t.tone === 'negative' ? t.tone : 'neutral';
  const polarity = label === 'positive' ? 0.6 : label === 'negative' ? -0.6 : 0;
  return {
    _id: t.id, text: t.text, authorId: t.author_id, createdAt: new Date(t.created_at), lang: t.lang, campaigns: [], ruleIds: [],
    ...(t.referenced_tweets?.length ? { referencedTweets: t.referenced_tweets } : {}),
    ...(t.entities?.hashtags?.length ? { hashtags: t.entities.hashtags.map((h) => h.tag) } : {}),
    ...(t.entities?.mentions?.length ? { mentions: t.entities.mentions.map((m) => m.username) } : {}),
    metrics: { retweet_count: t.public_metrics.retweet_count, reply_count: t.public_metrics.reply_count, like_count: t.public_metrics.like_count, quote_count: t.public_metrics.quote_count },
    sentiment: { label, score: 0.5 + polarity / 2, subjectivity: label === 'neutral' ? 0.2 : 0.8, polarity, probs: {} },
    sentimentVersion: 'seeded-world', ingestedAt,
  };
}

function profileDoc(u: EmuUser, seen: Date): Omit<ProfileDoc, '_id'> {
  const m = u.public_metrics;
  return {
    username: u.username, name: u.name, followers: m.followers_count, following: m.following_count, listed: m.listed_count, tweetCount: m.tweet_count,
    verified: u.verified, protected: u.protected, ...(u.location ? { location: u.location } : {}),
    polarity: { n: 0, mean: 0 }, subjectivity: { n: 0, mean: 0 }, tweetsSeen: 0, campaignIds: [], campaigns: {},
    firstSeen: seen, lastSeen: seen, recentTweetIds: [], rev: 1,
  };
}

/** Scores everyone with a profile, chunk by chunk, as the influence job's slices do. */
async function scoreEveryone(db: Db, runKey: string, now: Date): Promise<void> {
  const weights = loadInfluenceWeights();
  const people = (await profiles(db).find({}, { projection: INFLUENCE_PROFILE_PROJECTION }).sort({ _id: 1 }).toArray()) as InfluenceProfile[];
  for (let i = 0; i < people.length; i += 500) await influenceChunk(db, weights, people.slice(i, i + 500), runKey, now);
}

/** Writes `periods` periods of history into `db` (which should be empty); deterministic for a seed. */
export async function seedInfluenceHistory(db: Db, o: SeededHistoryOptions): Promise<SeededHistory> {
  const days = o.periodDays ?? 7;
  const window = o.windowPeriods ?? 1;
  const first = periodStart(o.start ?? Date.UTC(2026, 0, 5), days);
  const world = new World(o.seed, 'Acme', o.people, Math.max(500_000, o.tweetsPerPeriod * (window + 1)));
  const dynamics = new WorldDynamics(world, o.seed, o.dynamics);
  const gen = new TweetGenerator(world, o.seed, { dynamics });
  const seen = new Set<string>();
  const periodStarts: number[] = [];
  let count = 0;
  for (let p = 0; p < o.periods; p++) {
    const t0 = Date.now();
    if (p > 0) dynamics.advance();
    const from = first + p * days * DAY;
    periodStarts.push(from);
    const batch: EmuTweet[] = [];
    for (let i = 0; i < o.tweetsPerPeriod; i++) {
      const t = gen.next(from + Math.floor(((i + 0.5) / o.tweetsPerPeriod) * days * DAY));
      world.addTweet(t);
      batch.push(t);
      seen.add(t.author_id);
    }
    count += batch.length;
    // The period's tweets as ingest stores them, with the engagement they gathered in the period.
    await tweets(db).deleteMany({ createdAt: { $lt: new Date(from - (window - 1) * days * DAY) } });
    const ingestedAt = new Date(from + days * DAY - 1);
    for (let i = 0; i < batch.length; i += 1000) await tweets(db).insertMany(batch.slice(i, i + 1000).map((t) => tweetDoc(t, ingestedAt)));
    await bulkWriteSliced(profiles(db), [...seen].filter((id) => id !== world.brand.id).map((id) => {
      const u = world.users.get(id)!;
      return { replaceOne: { filter: { _id: id }, replacement: profileDoc(u, ingestedAt) as ProfileDoc, upsert: true } };
    }));
    const at = from + days * DAY - 60_000;
    await scoreEveryone(db, `seeded-${o.seed}-${p}`, new Date(at));
    await snapshotInfluence(db, at, { periodDays: days, keep: o.periods + 1 });
    o.onPeriod?.(p, (Date.now() - t0) / 1000);
  }
  const courses = new Map<string, Course>();
  for (const id of seen) courses.set(id, dynamics.startedAs(id));
  return { periodStarts, courses, tweets: count };
}
