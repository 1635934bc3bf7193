import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateHourly, hourlySeries, mergeHourly, type TrendTweet, type HourlyPoint } from '../../src/domain/analytics/trends/hourly';
import { detectAlerts } from '../../src/domain/analytics/trends/alerts';
import { countTerms, wordCloud, wordCloudsBySentiment } from '../../src/domain/analytics/trends/wordcloud';
import { extractHashtags, mentionsKeyword, tokenize } from '../../src/domain/analytics/trends/text';

const tweets: TrendTweet[] = [
  { id: '1', text: 'Loving the new #Acme phone', createdAt: '2024-05-01T10:05:00Z', sentiment: 0.8 },
  { id: '2', text: 'acme support is slow #fail #acme', createdAt: '2024-05-01T10:40:00Z', sentiment: -0.6 },
  { id: '3', text: 'Acme!! again', createdAt: '2024-05-01T11:01:00Z' },
  { id: '4', text: 'acmegadget is not the keyword', createdAt: '2024-05-01T11:30:00Z', sentiment: 0 },
];

test('hourly aggregates per hashtag and keyword, merge equals one pass', () => {
  const all = aggregateHourly(tweets, ['acme']);
  const kw10 = all.find((a) => a.kind === 'keyword' && a.key === 'acme' && a.hour === '2024-05-01T10:00:00.000Z');
  assert.ok(kw10);
  assert.equal(kw10.count, 2);
  assert.ok(Math.abs(kw10.sentimentSum / kw10.sentimentCount - 0.1) < 1e-12);
  const kw11 = all.find((a) => a.kind === 'keyword' && a.hour === '2024-05-01T11:00:00.000Z');
  assert.equal(kw11?.count, 1); // "acmegadget" is not a whole-word match
  assert.equal(kw11?.sentimentCount, 0);
  const tag = all.filter((a) => a.kind === 'hashtag' && a.key === 'acme');
  assert.equal(tag.length, 1);
  assert.equal(tag[0].count, 2); // "#acme" twice in tweet 2 counts once
  const merged = mergeHourly(aggregateHourly(tweets.slice(0, 2), ['acme']), aggregateHourly(tweets.slice(2), ['acme']));
  assert.deepEqual(merged, all);
  const series = hourlySeries(all, 'keyword', 'acme', '2024-05-01T09:00:00Z', '2024-05-01T12:00:00Z');
  assert.deepEqual(series.map((p) => p.count), [0, 2, 1, 0]);
  assert.equal(series[2].avgSentiment, null);
});

function series(counts: number[], sentiments: number[]): HourlyPoint[] {
  return counts.map((c, i) => ({
    hour: new Date(Date.UTC(2024, 4, 1, i)).toISOString(),
    count: c,
    avgSentiment: sentiments[i],
    sentimentCount: c,
  }));
}

test('volume spike against the previous 12 hours raises an alert with reasons', () => {
  const base = [30, 28, 35, 31, 29, 33, 27, 32, 30, 34, 26, 31];
  const s = series([...base, 140], Array(13).fill(0.2));
  const alerts = detectAlerts({ kind: 'keyword', key: 'acme', points: s });
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0].type, 'volume_spike');
  assert.equal(alerts[0].hour, s[12].hour);
  assert.match(alerts[0].reasons[0], /140 tweets vs 30\.5\/h/);
  // Ordinary fluctuation and tiny volumes do not alert.
  assert.equal(detectAlerts({ kind: 'keyword', key: 'acme', points: series([...base, 45], Array(13).fill(0.2)) }).length, 0);
  assert.equal(detectAlerts({ kind: 'keyword', key: 'x', points: series([...Array(12).fill(1), 12], Array(13).fill(0)) }).length, 0);
});

test('sentiment drop raises an alert; a small dip does not', () => {
  const base = Array(12).fill(40);
  const sent = [0.3, 0.25, 0.35, 0.3, 0.28, 0.32, 0.3, 0.27, 0.33, 0.3, 0.29, 0.31];
  const drop = detectAlerts({ kind: 'hashtag', key: 'acme', points: series([...base, 40], [...sent, -0.4]) });
  assert.deepEqual(drop.map((a) => a.type), ['sentiment_drop']);
  assert.ok(drop[0].baseline > 0.29 && drop[0].baseline < 0.31);
  assert.match(drop[0].reasons[0], /drop 0\.70/);
  assert.equal(detectAlerts({ kind: 'hashtag', key: 'acme', points: series([...base, 40], [...sent, 0.2]) }).length, 0);
  // Too few scored tweets in the hour: no alert even for a large drop.
  assert.equal(detectAlerts({ kind: 'hashtag', key: 'acme', points: series([...base, 5], [...sent, -0.9]) }).length, 0);
});

test('allHours scans every hour with a full baseline', () => {
  const counts = [...Array(12).fill(30), 150, ...Array(5).fill(30)];
  const alerts = detectAlerts({ kind: 'keyword', key: 'k', points: series(counts, Array(18).fill(0)) }, { allHours: true });
  assert.deepEqual(alerts.map((a) => a.hour), [series(counts, [])[12].hour]);
});

test('tokenizer drops URLs, handles, stop-words; hashtags and keywords are matched as words', () => {
  assert.deepEqual(tokenize('RT @acme_help: The battery is DEAD again https://t.co/xyz &amp; #fail'), ['battery', 'dead', 'fail']);
  assert.deepEqual(extractHashtags('#Acme rocks #acme #fail_whale and&#39;'), ['acme', 'fail_whale']);
  assert.ok(mentionsKeyword('I love Acme.', 'acme'));
  assert.ok(mentionsKeyword('new #acme drop', 'acme'));
  assert.ok(!mentionsKeyword('acmecorp', 'acme'));
});

test('word clouds weight terms characteristic of each sentiment and exclude stop-words and handles', () => {
  const neg = Array.from({ length: 30 }, (_, i) => ({ text: `@support the battery died again ${i % 3 ? 'refund' : 'broken'} https://x.co/a`, sentiment: 'negative' as const }));
  const pos = Array.from({ length: 30 }, () => ({ text: 'love the camera, the battery is great @acme', sentiment: 'positive' as const }));
  const clouds = wordCloudsBySentiment([...neg, ...pos]);
  const negTerms = clouds.negative.map((t) => t.term);
  const posTerms = clouds.positive.map((t) => t.term);
  assert.ok(negTerms.includes('died') && negTerms.includes('refund'));
  assert.ok(posTerms.includes('love') && posTerms.includes('camera'));
  for (const banned of ['the', 'is', 'support', 'acme', 'https', 'co']) {
    assert.ok(!negTerms.includes(banned) && !posTerms.includes(banned), banned);
  }
  // "battery" is in both: it must not outrank the distinctive words.
  const bat = clouds.negative.find((t) => t.term === 'battery');
  assert.ok(!bat || bat.weight < (clouds.negative.find((t) => t.term === 'died')?.weight ?? 0));
  assert.equal(clouds.neutral.length, 0);
  assert.deepEqual(wordCloud({}, countTerms(['a b c'])), []);
});
