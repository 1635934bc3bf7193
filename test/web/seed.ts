// Analytics results for the dashboard's browser test, in the shapes the scheduled jobs write.
// The jobs themselves are tested in test/analytics*; here their outputs only need to exist. Where
// a pure function of ours makes a piece (offline geocoding, word clouds), it is used rather than
// hand-written values.
import type { Db } from 'mongodb';
import { analytics, type InfluenceDoc, type Sentiment, type TrendDoc } from '../../src/store/analytics';
import { resolveLocation, wordCloudsBySentiment } from '../../src/domain/analytics';

const PEOPLE: [string, number, Sentiment, string][] = [
  ['ada_rides', 182_000, 'positive', 'London, England'],
  ['bea.codes', 64_500, 'positive', 'Austin, TX'],
  ['carlos_m', 41_200, 'negative', 'São Paulo, Brazil'],
  ['dmitri', 22_900, 'neutral', 'Berlin, Germany'],
  ['emi_tokyo', 18_300, 'positive', 'Tokyo, Japan'],
  ['fatou', 9_800, 'negative', 'Dakar, Senegal'],
  ['gus_au', 7_100, 'neutral', 'Sydney, Australia'],
  ['hana', 3_400, 'positive', 'Toronto, Canada'],
];

const TEXTS: { text: string; sentiment: Sentiment }[] = [
  ...['love the new acme rocket boots, amazing grip', 'acme support was wonderful and fast', 'best purchase this year #acme #rocket', 'acme rocket boots are brilliant, thank you']
    .map((text) => ({ text, sentiment: 'positive' as const })),
  ...['acme store opens at nine', 'new acme catalogue is out #acme', 'acme boots come in three colours', 'anyone tried the acme rocket yet']
    .map((text) => ({ text, sentiment: 'neutral' as const })),
  ...['acme delivery late again, terrible', 'my acme boots broke after a week #fail', 'acme refund still missing, awful service', 'worst customer service, acme ignores me #fail']
    .map((text) => ({ text, sentiment: 'negative' as const })),
];

export async function seedAnalytics(db: Db, now = new Date()): Promise<{ people: string[] }> {
  const a = analytics(db);
  const influence: InfluenceDoc[] = PEOPLE.map(([username, followers, sentiment, place], i) => ({
    _id: `keyword:acme:${sentiment}:${9000 + i}`, scope: 'keyword', campaignId: null, keyword: 'acme', userId: String(9000 + i),
    username, name: username.replace(/[._]/g, ' '), followers, score: Number((0.95 - i * 0.1).toFixed(2)),
    breakdown: { reach: 0.6 - i * 0.05, resonance: 0.3, relevance: 0.5, depth: 0.1 } as InfluenceDoc['breakdown'],
    sentiment, tweets: 12 - i, retweets: 300 - i * 30,
    topTweet: { id: String(1_900_000_000_000_000_000n + BigInt(i)), text: TEXTS.filter((t) => t.sentiment === sentiment)[i % 4]!.text, createdAt: now, retweets: 40 - i, likes: 100 - i },
    location: place, coordinates: resolveLocation(place), computedAt: now,
  }));
  await a.influence.insertMany(influence);

  const clouds = wordCloudsBySentiment(TEXTS, { minCount: 1 });
  for (const s of ['positive', 'neutral', 'negative'] as const) {
    await a.wordClouds.insertOne({ _id: s, sentiment: s, terms: clouds[s], from: new Date(now.getTime() - 86_400_000), to: now, tweets: 4, computedAt: now });
  }

  const hour0 = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
  const trends: TrendDoc[] = [];
  for (let h = 23; h >= 0; h--) {
    const count = 20 + ((h * 7) % 13) + (h === 1 ? 60 : 0);
    const avg = h === 1 ? -0.45 : 0.2 + ((h % 5) - 2) / 20;
    for (const key of ['acme', 'fail']) {
      const c = key === 'acme' ? count : Math.round(count / 4);
      trends.push({
        _id: `hashtag:${key}:${hour0 - h * 3_600_000}`, kind: 'hashtag', key, hour: new Date(hour0 - h * 3_600_000), count: c,
        sentimentSum: avg * c, sentimentSumSq: avg * avg * c, sentimentCount: c, avgSentiment: avg, computedAt: now,
      } as TrendDoc);
    }
  }
  await a.trends.insertMany(trends);

  await a.alerts.insertOne({
    _id: `hashtag:acme:${hour0 - 3_600_000}:sentiment_drop`, kind: 'hashtag', key: 'acme', hour: new Date(hour0 - 3_600_000), type: 'sentiment_drop',
    observed: -0.45, baseline: 0.21, zScore: -4.2, reasons: ['average sentiment fell from 0.21 to -0.45'], createdAt: now,
    delivery: { status: 'skipped', attempts: 0, updatedAt: now },
  } as never);

  const centroid = (f: number, p: number) => ({ followers: f, following: f / 3, listed: f / 200, tweets: 2000 + f / 10, polarity: p, subjectivity: 0.5 });
  await a.clusters.insertOne({
    _id: 'latest', k: 4, kneeK: 4, silhouetteBestK: 4, silhouette: 0.61, profiles: 1240, runKey: 'seed', computedAt: now,
    inertiaCurve: [2, 3, 4, 5, 6].map((k) => ({ k, inertia: 1000 / k, silhouette: 0.5 })) as never,
    clusters: [
      { cluster: 0, size: 610, centroid: centroid(220, 0.4), sentimentMix: { positive: 378, neutral: 183, negative: 49 }, topHashtags: [{ tag: 'acme', count: 300 }], exampleIds: ['9000'] },
      { cluster: 1, size: 340, centroid: centroid(1800, -0.3), sentimentMix: { positive: 0.1, neutral: 0.3, negative: 0.6 }, topHashtags: [{ tag: 'fail', count: 90 }], exampleIds: ['9002'] },
      { cluster: 2, size: 230, centroid: centroid(15000, 0.1), sentimentMix: { positive: 0.4, neutral: 0.5, negative: 0.1 }, topHashtags: [{ tag: 'rocket', count: 40 }], exampleIds: ['9003'] },
      { cluster: 3, size: 60, centroid: centroid(180000, 0.5), sentimentMix: { positive: 0.7, neutral: 0.25, negative: 0.05 }, topHashtags: [{ tag: 'acme', count: 30 }], exampleIds: ['9001'] },
    ] as never,
  });

  await a.moods.insertOne({
    _id: '9000', status: 'Cheerful', valence: 0.72, arousal: 0.61, emotions: { anger: 0.04, joy: 0.71, optimism: 0.2, sadness: 0.05 }, tweetsConsidered: 12,
    happiest: { id: '1', text: TEXTS[0]!.text, createdAt: now, retweets: 3, likes: 9 }, saddest: null,
    recommendations: { targetStatus: 'Cheerful', wantedStatus: 'Satisfied', bigAccounts: [], hashtags: [{ tag: 'rocket', reason: 'popular with cheerful people' }], people: [] },
    computedAt: now,
  } as never);
  return { people: influence.map((p) => p.userId) };
}
