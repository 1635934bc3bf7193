/**
 * Per-hour aggregates per hashtag and per keyword: tweet count and sentiment sums. Aggregates of
 * disjoint chunks (e.g. one activity run per batch of tweets) merge by addition.
 */
import { extractHashtags, mentionsKeyword } from './text';

export interface TrendTweet {
  id: string;
  text: string;
  /** ISO timestamp or epoch milliseconds. */
  createdAt: string | number;
  /** Sentiment score in [−1, 1] (e.g. P(positive) − P(negative)); omitted if not scored. */
  sentiment?: number;
  /** Hashtags if already extracted; otherwise taken from the text. */
  hashtags?: readonly string[];
}

export type TrendKind = 'hashtag' | 'keyword';

export interface HourlyAggregate {
  kind: TrendKind;
  key: string;
  /** Start of the hour, ISO 8601 UTC ("2024-05-01T13:00:00.000Z"). */
  hour: string;
  count: number;
  sentimentSum: number;
  sentimentSumSq: number;
  /** Tweets that carried a sentiment score (averages divide by this, not by count). */
  sentimentCount: number;
}

export interface HourlyPoint {
  hour: string;
  count: number;
  /** Mean sentiment, null when no tweet in the hour was scored. */
  avgSentiment: number | null;
  sentimentCount: number;
}

export function hourStart(createdAt: string | number): string {
  const t = typeof createdAt === 'number' ? createdAt : Date.parse(createdAt);
  if (!Number.isFinite(t)) throw new RangeError(`invalid timestamp: ${String(createdAt)}`);
  return new Date(Math.floor(t / 3_600_000) * 3_600_000).toISOString();
}

const keyOf = (a: Pick<HourlyAggregate, 'kind' | 'key' | 'hour'>) => `${a.kind}\u0000${a.key}\u0000${a.hour}`;

export function aggregateHourly(tweets: readonly TrendTweet[], keywords: readonly string[] = []): HourlyAggregate[] {
  const map = new Map<string, HourlyAggregate>();
  const add = (kind: TrendKind, key: string, hour: string, s: number | undefined) => {
    const probe = { kind, key, hour };
    const id = keyOf(probe);
    let a = map.get(id);
    if (!a) {
      a = { kind, key, hour, count: 0, sentimentSum: 0, sentimentSumSq: 0, sentimentCount: 0 };
      map.set(id, a);
    }
    a.count++;
    if (s !== undefined && Number.isFinite(s)) {
      a.sentimentSum += s;
      a.sentimentSumSq += s * s;
      a.sentimentCount++;
    }
  };
  for (const t of tweets) {
    const hour = hourStart(t.createdAt);
    const tags = t.hashtags ? [...new Set(t.hashtags.map((h) => h.replace(/^#/, '').toLowerCase()))] : extractHashtags(t.text);
    for (const tag of tags) add('hashtag', tag, hour, t.sentiment);
    for (const k of keywords) if (mentionsKeyword(t.text, k)) add('keyword', k.toLowerCase(), hour, t.sentiment);
  }
  return sortAggregates([...map.values()]);
}

function sortAggregates(a: HourlyAggregate[]): HourlyAggregate[] {
  return a.sort((x, y) => (keyOf(x) < keyOf(y) ? -1 : keyOf(x) > keyOf(y) ? 1 : 0));
}

export function mergeHourly(...parts: readonly (readonly HourlyAggregate[])[]): HourlyAggregate[] {
  const map = new Map<string, HourlyAggregate>();
  for (const part of parts) {
    for (const a of part) {
      const id = keyOf(a);
      const m = map.get(id);
      if (!m) map.set(id, { ...a });
      else {
        m.count += a.count;
        m.sentimentSum += a.sentimentSum;
        m.sentimentSumSq += a.sentimentSumSq;
        m.sentimentCount += a.sentimentCount;
      }
    }
  }
  return sortAggregates([...map.values()]);
}

/** Dense hourly series for one key from `fromHour` to `toHour` inclusive; silent hours are 0. */
export function hourlySeries(aggs: readonly HourlyAggregate[], kind: TrendKind, key: string, fromHour: string, toHour: string): HourlyPoint[] {
  const byHour = new Map<string, HourlyAggregate>();
  for (const a of aggs) if (a.kind === kind && a.key === key) byHour.set(a.hour, a);
  const out: HourlyPoint[] = [];
  for (let t = Date.parse(hourStart(fromHour)); t <= Date.parse(toHour); t += 3_600_000) {
    const hour = new Date(t).toISOString();
    const a = byHour.get(hour);
    out.push({
      hour,
      count: a?.count ?? 0,
      avgSentiment: a && a.sentimentCount ? a.sentimentSum / a.sentimentCount : null,
      sentimentCount: a?.sentimentCount ?? 0,
    });
  }
  return out;
}
