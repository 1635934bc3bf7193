import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateCampaignSchema, UpdateCampaignSchema, applyTweet, buildRules, qualifies, updateMean, aggregateStats,
  summarizeConversation, RuleBuildError, type ScoredTweet,
} from '../../src/domain/campaign';
import { pickVariant } from '../../src/domain/conversation/templates';

const rules = { minFollowers: 100, minPositivity: 0.6, requireVerified: false, cooldownMs: 1000 };

test('rules: keywords, @mentions, #hashtags, language, retweets excluded by default', () => {
  assert.deepEqual(buildRules({ keywords: ['acme', 'acme widgets'], mentions: ['@Acme'], hashtags: ['acmelove'], languages: ['en'] }),
    ['(acme OR "acme widgets" OR @Acme OR #acmelove) lang:en -is:retweet']);
  assert.deepEqual(buildRules({ keywords: ['acme'], includeRetweets: true }), ['acme']);
  assert.deepEqual(buildRules({ hashtags: ['#x'], languages: ['en', 'es'] }), ['#x (lang:en OR lang:es) -is:retweet']);
});

test('rules: terms are packed into rules of at most 512 characters, and refused past the per-campaign cap', () => {
  const keywords = Array.from({ length: 100 }, (_, i) => `keyword${String(i).padStart(3, '0')}`);
  const built = buildRules({ keywords });
  assert.ok(built.length > 1);
  for (const r of built) assert.ok(r.length <= 512, `${r.length}`);
  const terms = built.join(' ').match(/keyword\d{3}/g)!;
  assert.equal(terms.length, 100);
  assert.throws(() => buildRules({ keywords: Array.from({ length: 100 }, (_, i) => `${'k'.repeat(120)}${i}`) }), RuleBuildError);
  assert.equal(buildRules({ keywords: keywords, access: 'pro' }).length < built.length, true);
});

test('rules: one term longer than X allows is refused with its field', () => {
  const r = CreateCampaignSchema.safeParse({ name: 'n', brand: 'b', tracking: { keywords: ['a'.repeat(600)] } });
  assert.equal(r.success, false);
  const long = 'word '.repeat(110).trim(); // 549 characters as a phrase
  assert.throws(() => buildRules({ keywords: [long] }), (e: RuleBuildError) => e.path.join('.') === 'keywords.0' && /512/.test(e.message));
  assert.throws(() => buildRules({}), /at least one/);
});

test('schema: unknown fields, operators in strings and auto without consent basis are refused', () => {
  const base = { name: 'n', brand: 'b', tracking: { keywords: ['acme'] } };
  assert.equal(CreateCampaignSchema.safeParse(base).success, true);
  assert.equal(CreateCampaignSchema.safeParse({ ...base, extra: 1 }).success, false);
  assert.equal(CreateCampaignSchema.safeParse({ ...base, tracking: { keywords: ['a) OR (b'] } }).success, false);
  assert.equal(CreateCampaignSchema.safeParse({ ...base, conversation: { firstContact: 'auto' } }).success, false);
  assert.equal(CreateCampaignSchema.safeParse({ ...base, conversation: { firstContact: 'auto', consentBasis: 'opted in on site' } }).success, true);
  assert.equal(UpdateCampaignSchema.safeParse({}).success, false);
  assert.equal(UpdateCampaignSchema.safeParse({ maxReminders: 2 }).success, true);
});

test('qualifies lists every reason, and passes a good prospect', () => {
  const ctx = { now: 10_000, suppressed: false };
  assert.deepEqual(qualifies({ followers: 500, verified: false }, 0.9, rules, ctx), { qualified: true, reasons: [] });
  assert.deepEqual(qualifies({ followers: 5, verified: false }, 0.1, { ...rules, requireVerified: true }, { ...ctx, suppressed: true, lastContactAt: 9_500 }).reasons,
    ['suppressed', 'cooldown', 'followers', 'positivity', 'not_verified']);
  assert.equal(qualifies({ followers: 500, verified: false }, 0.9, rules, { ...ctx, lastContactAt: 8_000 }).qualified, true);
  assert.deepEqual(qualifies({ followers: 500, verified: true, protected: true }, 0.9, rules, ctx).reasons, ['protected']);
  assert.equal(qualifies({ followers: 500, verified: true }, Number.NaN, rules, ctx).qualified, false);
});

test('running means match the batch mean', () => {
  const xs = [0.2, -0.5, 0.9, 0.1, 0.4];
  let m;
  for (const x of xs) m = updateMean(m, x);
  assert.equal(m!.n, 5);
  assert.ok(Math.abs(m!.mean - xs.reduce((a, b) => a + b) / 5) < 1e-12);
});

test('a profile counts a tweet once, even when it is delivered again', () => {
  const t = (id: string, polarity: number, at: string, followers = 10): ScoredTweet => ({
    id, authorId: '7', createdAt: new Date(at), campaigns: ['c1'], polarity, subjectivity: 0.5,
    author: { username: 'u', name: 'U', verified: false, protected: false, publicMetrics: { followers_count: followers, following_count: 1, listed_count: 0, tweet_count: 3 } },
  });
  let p = applyTweet(undefined, t('100', 0.8, '2026-01-01T00:00:00Z', 10));
  p = applyTweet(p, t('101', 0.2, '2026-01-02T00:00:00Z', 20));
  const again = applyTweet(p, t('101', 0.2, '2026-01-02T00:00:00Z', 20));
  assert.equal(again, p);
  assert.equal(p.tweetsSeen, 2);
  assert.equal(p.campaigns.c1!.tweets, 2);
  assert.ok(Math.abs(p.polarity.mean - 0.5) < 1e-9);
  assert.equal(p.followers, 20);
  // An older tweet arriving late (a backfill) counts but does not overwrite newer X numbers.
  p = applyTweet(p, t('99', 0.5, '2025-12-31T00:00:00Z', 1));
  assert.equal(p.followers, 20);
  assert.equal(p.firstSeen.toISOString(), '2025-12-31T00:00:00.000Z');
  assert.equal(p.tweetsSeen, 3);
});

// The conversation's pickVariant is the one chooser (campaign/variant.ts, used only here, is gone).
test('variants are chosen per person, stable, and spread over the options', () => {
  const v = ['A {name}', 'B {name}'];
  assert.deepEqual(pickVariant(v, '42', 'greeting'), pickVariant(v, '42', 'greeting'));
  const counts = [0, 0];
  for (let i = 0; i < 1000; i++) counts[pickVariant(v, String(1000 + i), 'greeting').variant]!++;
  assert.ok(counts[0]! > 400 && counts[1]! > 400, counts.join());
  assert.equal(pickVariant('only', '1', 'greeting').variant, 0);
});

test('stats fold conversations by variant', () => {
  const s = aggregateStats({ tweets: 10, qualified: 3 }, [
    summarizeConversation({ stage: 'escalated', escalationId: 'e1', transcript: [{ from: 'bot', template: 'greeting', variant: 0 }, { from: 'person', intent: 'yes' }] }, 'yes'),
    summarizeConversation({ stage: 'stopped', transcript: [{ from: 'bot', template: 'greeting', variant: 1 }, { from: 'person', intent: 'stop' }] }),
    summarizeConversation({ stage: 'no-response', transcript: [{ from: 'bot', template: 'greeting', variant: 1 }, { from: 'bot', template: 'reminder' }] }),
    summarizeConversation({ stage: 'pending-review', transcript: [] }),
  ]);
  assert.equal(s.conversations, 4);
  assert.equal(s.contacted, 3);
  assert.equal(s.replies, 2);
  assert.equal(s.yes, 1);
  assert.equal(s.stop, 1);
  assert.equal(s.noResponse, 1);
  assert.equal(s.escalations, 1);
  assert.equal(s.byVariant['greeting#1']!.contacted, 2);
  assert.equal(s.byVariant['greeting#0']!.yes, 1);
  assert.equal(s.outcomes['pending-review'], 1);
});
