// Hourly trends, word clouds and crisis alerts over a recent window of tweets. Each chunk writes a
// partial (hourly sums and term counts) keyed by the chunk, so chunks are idempotent and a resumed
// run simply overwrites; the final step merges the partials and writes trends, clouds and alerts.
import type { AnyBulkWriteOperation, Db } from 'mongodb';
import {
  aggregateHourly, countTerms, detectAlerts, hourStart, hourlySeries, mergeHourly, mergeTermCounts, wordCloud,
  type AlertOptions, type HourlyAggregate, type TermCounts,
} from '../domain/analytics';
import { campaigns } from '../store/campaigns';
import type { TweetDoc } from '../store/tweets';
import { analytics, type AlertDoc, type Sentiment, type TrendDoc, partialsOf } from '../store/analytics';
import { campaignKeywords } from './influence-job';
import { bulkWriteSliced } from '../store/bulk';

export const TREND_TWEET_PROJECTION = { text: 1, createdAt: 1, hashtags: 1, 'sentiment.label': 1, 'sentiment.polarity': 1 };
type T = Pick<TweetDoc, '_id' | 'text' | 'createdAt' | 'hashtags' | 'sentiment'>;
const LABELS: Sentiment[] = ['positive', 'neutral', 'negative'];
/** Terms kept per label per chunk: bounds partial size; rare terms never reach a cloud anyway. */
const TERMS_PER_CHUNK = 3000;

interface TrendPartial { _id: string; runKey: string; rows: HourlyAggregate[]; terms: Record<Sentiment, TermCounts>; tweets: number }

export async function trackedKeywords(db: Db): Promise<string[]> {
  const list = await campaigns(db).find({}, { projection: { tracking: 1 } }).toArray();
  return [...new Set(list.flatMap((c) => campaignKeywords(c).filter((k) => !k.startsWith('#'))))];
}

function topTerms(c: TermCounts, n: number): TermCounts {
  const e = Object.entries(c);
  if (e.length <= n) return c;
  return Object.fromEntries(e.sort((a, b) => b[1] - a[1]).slice(0, n));
}

/** `chunk` (the chunk's number in the run's plan) keys the partial, so a redone chunk overwrites it. */
export async function trendsChunk(db: Db, baseKey: string, chunk: number, docs: T[], keywords: string[]): Promise<number> {
  if (!docs.length) return 0;
  const rows = aggregateHourly(docs.filter((t) => t.createdAt).map((t) => ({
    id: t._id, text: t.text ?? '', createdAt: new Date(t.createdAt).getTime(),
    ...(typeof t.sentiment?.polarity === 'number' ? { sentiment: t.sentiment.polarity } : {}),
    ...(t.hashtags ? { hashtags: t.hashtags } : {}),
  })), keywords);
  const terms = {} as Record<Sentiment, TermCounts>;
  for (const l of LABELS) terms[l] = topTerms(countTerms(docs.filter((t) => t.sentiment?.label === l).map((t) => t.text ?? '')), TERMS_PER_CHUNK);
  const partial: TrendPartial = { _id: `${baseKey}|${chunk}`, runKey: baseKey, rows, terms, tweets: docs.length };
  await partialsOf<TrendPartial>(db).replaceOne({ _id: partial._id }, partial, { upsert: true });
  return docs.length;
}

export interface TrendsResult { trends: number; alerts: string[]; tweets: number }

/** Merges the run's partials; writes hourly trends, word clouds and new alerts. Returns alerts to deliver. */
export async function finalizeTrends(db: Db, baseKey: string, window: { from: Date; to: Date }, alertOptions: Partial<AlertOptions> = {}): Promise<TrendsResult> {
  const a = analytics(db);
  const parts = await partialsOf<TrendPartial>(db).find({ runKey: baseKey }).toArray();
  const aggs = mergeHourly(...parts.map((p) => p.rows));
  const now = new Date();
  const trendOps: AnyBulkWriteOperation<TrendDoc>[] = aggs.map((g) => {
    const doc: TrendDoc = {
      _id: `${g.kind}|${g.key}|${g.hour}`, kind: g.kind, key: g.key, hour: new Date(g.hour), count: g.count,
      sentimentSum: g.sentimentSum, sentimentSumSq: g.sentimentSumSq, sentimentCount: g.sentimentCount,
      avgSentiment: g.sentimentCount ? g.sentimentSum / g.sentimentCount : null, computedAt: now,
    };
    const { _id, ...replacement } = doc;
    return { replaceOne: { filter: { _id }, replacement, upsert: true } };
  });
  await bulkWriteSliced(a.trends, trendOps);

  const byLabel = {} as Record<Sentiment, TermCounts>;
  for (const l of LABELS) byLabel[l] = mergeTermCounts(...parts.map((p) => p.terms[l] ?? {}));
  const background = mergeTermCounts(...LABELS.map((l) => byLabel[l]));
  const tweetsTotal = parts.reduce((s, p) => s + p.tweets, 0);
  for (const l of LABELS) {
    await a.wordClouds.replaceOne({ _id: l }, { sentiment: l, terms: wordCloud(byLabel[l], background), from: window.from, to: window.to, tweets: tweetsTotal, computedAt: now }, { upsert: true });
  }

  const from = hourStart(window.from.getTime());
  const to = hourStart(window.to.getTime());
  const keys = new Map<string, { kind: HourlyAggregate['kind']; key: string }>();
  for (const g of aggs) keys.set(`${g.kind}|${g.key}`, { kind: g.kind, key: g.key });
  const series = [...keys.values()].map((k) => ({ ...k, points: hourlySeries(aggs, k.kind, k.key, from, to) }));
  const found = detectAlerts(series, alertOptions);
  for (const al of found) {
    const _id = `${al.kind}|${al.key}|${al.hour}|${al.type}`;
    const doc: Omit<AlertDoc, '_id' | 'delivery'> = {
      kind: al.kind, key: al.key, hour: new Date(al.hour), type: al.type, observed: al.observed, baseline: al.baseline,
      zScore: al.zScore, reasons: al.reasons, createdAt: now,
    };
    // $setOnInsert: a crisis seen again in the next run is the same alert, delivered once.
    await a.alerts.updateOne({ _id }, { $setOnInsert: { ...doc, delivery: { status: 'pending', attempts: 0, updatedAt: now } } }, { upsert: true });
  }
  const pending = await a.alerts.find({ 'delivery.status': 'pending' }, { projection: { _id: 1 } }).sort({ createdAt: 1 }).limit(100).toArray();
  return { trends: aggs.length, alerts: pending.map((p) => p._id), tweets: tweetsTotal };
}
