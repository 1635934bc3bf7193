// Fixture data in the shape ingest stores (tweets, profiles, campaigns) and stand-in models.
import type { Db } from 'mongodb';
import type { Models } from '../../src/ml';
import type { ActivityDeps } from '../../src/activities';
import { loadConfig } from '../../src/config';
import { logger } from '../../src/log';
import { createAnalyticsActivities } from '../../src/activities/analytics';

/** Deterministic models: the label follows a few words, so tests can predict every score. */
export function fakeModels(version = 'v2', delayMs = 0): Models {
  const classify = (t: string) => (/\b(hate|awful|outage)\b/i.test(t) ? 'negative' : /\b(love|great)\b/i.test(t) ? 'positive' : 'neutral');
  const probs = {
    negative: { negative: 0.8, neutral: 0.15, positive: 0.05 },
    positive: { negative: 0.05, neutral: 0.15, positive: 0.8 },
    neutral: { negative: 0.1, neutral: 0.8, positive: 0.1 },
  } as const;
  const sleep = () => { if (delayMs) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delayMs); };
  return {
    sentimentVersion: `s-${version}`,
    emotionVersion: `e-${version}`,
    sentiment: (texts) => { sleep(); return texts.map((t) => { const l = classify(t); const p = probs[l]; return { label: l, score: p.positive, probs: { ...p }, subjectivity: 1 - p.neutral }; }); },
    emotion: (texts) => texts.map((t) => {
      const l = classify(t);
      const p = l === 'negative' ? { anger: 0.2, joy: 0.05, optimism: 0.05, sadness: 0.7 } : l === 'positive' ? { anger: 0.05, joy: 0.7, optimism: 0.2, sadness: 0.05 } : { anger: 0.1, joy: 0.2, optimism: 0.5, sadness: 0.2 };
      return { label: (Object.entries(p).sort((a, b) => b[1] - a[1])[0]![0]) as 'joy', probs: p };
    }),
  };
}

export function analyticsDeps(db: Db, models: Models = fakeModels(), extra: { webhookUrl?: string | null } = {}) {
  const deps: ActivityDeps = { db, x: {} as ActivityDeps['x'], models: async () => models, config: loadConfig({}), log: logger.child({ test: 'analytics' }), now: Date.now };
  return createAnalyticsActivities({ ...deps, analytics: { webhookUrl: extra.webhookUrl ?? null, webhookSecret: 'test-secret-123' } });
}

const H = 3_600_000;
export const tweetId = (i: number) => String(1_000_000 + i);

/**
 * 12 people in campaign c1 (keyword "acme", hashtag #acmefail); 12 quiet baseline hours of
 * #acmefail and a negative spike in the current hour (a crisis); retweet chains for cascades.
 */
export async function seedFixture(db: Db, now = Date.now()): Promise<{ tweets: number; profiles: number }> {
  const hour0 = Math.floor(now / H) * H;
  const inThisHour = hour0 + Math.floor((now - hour0) / 2);
  const locations = ['London', 'Paris, France', 'somewhere', 'Berlin, Germany', undefined];
  const profiles = Array.from({ length: 12 }, (_, i) => ({
    _id: String(500 + i), username: `user${i}`, name: `User ${i}`,
    followers: [10, 100, 1000, 50_000, 5, 300, 20, 7_000, 150, 60, 2_000, 40][i]!, following: 100 + i, listed: i * 3, tweetCount: 100 * (i + 1),
    verified: false, protected: false, location: locations[i % locations.length],
    polarity: { n: 0, mean: 0 }, subjectivity: { n: 0, mean: 0 }, tweetsSeen: 0, campaignIds: ['c1'], campaigns: {},
    firstSeen: new Date(now - 20 * H), lastSeen: new Date(now), recentTweetIds: [], rev: 1,
  }));
  await db.collection('profiles').insertMany(profiles as never[]);
  await db.collection('campaigns').insertOne({ _id: 'c1', name: 'Acme', status: 'running', tracking: { keywords: ['acme'], hashtags: ['acmefail'], mentions: [], languages: ['en'] } } as never);
  const docs: Record<string, unknown>[] = [];
  const old = fakeModels('v1');
  let n = 0;
  const add = (author: number, text: string, at: number, extra: Record<string, unknown> = {}) => {
    const id = tweetId(n++);
    const hashtags = [...text.matchAll(/#(\w+)/g)].map((m) => m[1]!.toLowerCase());
    const mentions = [...text.matchAll(/@(\w+)/g)].map((m) => m[1]!);
    docs.push({
      _id: id, text, authorId: String(500 + author), createdAt: new Date(at), lang: 'en', campaigns: ['c1'], ruleIds: [],
      hashtags, mentions, metrics: { retweet_count: 0, reply_count: 0, like_count: author, quote_count: 0 },
      // Labelled as the stand-in model would (so trends need no recompute first), by the old version.
      sentiment: { label: old.sentiment([text])[0]!.label, score: 0.5, subjectivity: 0.2, polarity: 0, probs: { negative: 0.1, neutral: 0.8, positive: 0.1 } },
      emotion: { label: 'optimism', probs: { anger: 0.1, joy: 0.2, optimism: 0.5, sadness: 0.2 } },
      sentimentVersion: 's-v1', emotionVersion: 'e-v1', ingestedAt: new Date(at), ...extra,
    });
    return id;
  };
  // Baseline: two calm #acmefail tweets an hour for 12 hours.
  for (let h = 12; h >= 1; h--) for (let j = 0; j < 2; j++) add((h + j) % 12, `acme is great, love the update #acmefail ${h}-${j}`, hour0 - h * H + j * 60_000);
  // The crisis: 30 negative tweets this hour.
  for (let j = 0; j < 30; j++) add(j % 12, `awful outage, I hate acme today #acmefail @user3 ${j}`, inThisHour);
  // A cascade: user3's tweet retweeted by 4, retweeted again by 5 and 6 (depth 2).
  const root = add(3, 'acme launches something great', hour0 - 3 * H, { metrics: { retweet_count: 40, reply_count: 2, like_count: 90, quote_count: 1 } });
  const rt1 = add(4, 'RT acme launches something great', hour0 - 3 * H + 60_000, { referencedTweets: [{ type: 'retweeted', id: root }] });
  add(5, 'RT RT acme launches (5)', hour0 - 3 * H + 120_000, { referencedTweets: [{ type: 'retweeted', id: rt1 }] });
  add(6, 'RT RT acme launches (6)', hour0 - 3 * H + 180_000, { referencedTweets: [{ type: 'retweeted', id: rt1 }] });
  // Off-keyword chatter.
  for (let j = 0; j < 10; j++) add(j, `thinking about lunch ${j}`, hour0 - 5 * H);
  await db.collection('tweets').insertMany(docs as never[]);
  return { tweets: docs.length, profiles: profiles.length };
}
