// decideProfile: the verdict each tweet's author gets per campaign, recorded on the profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyTweet, decideProfile, type CampaignCandidate, type ProfileDoc } from '../../src/domain/campaign';

const rules = { minFollowers: 100, minPositivity: 0.7, requireVerified: false, cooldownMs: 86_400_000 };
const now = Date.UTC(2026, 10, 22);
const profile = (followers: number, extra: Partial<ProfileDoc> = {}): ProfileDoc => ({
  ...applyTweet(undefined, { id: '1', authorId: 'u1', createdAt: new Date(now - 1000), campaigns: ['a', 'b'], polarity: 0.5, subjectivity: 0.5, author: { publicMetrics: { followers_count: followers, following_count: 1, listed_count: 0, tweet_count: 5 } } }),
  ...extra,
});
const cand = (campaignId: string, positivity: number, running = true): CampaignCandidate => ({ campaignId, running, rules, positivity });

test('a qualifying author is marked qualified with no reasons and returned for a start', () => {
  const p = profile(500);
  const d = decideProfile(p, [cand('a', 0.9)], { now, suppressed: false });
  assert.deepEqual(d.start.map((c) => c.campaignId), ['a']);
  assert.equal(d.profile.campaigns.a!.qualifiedAt!.getTime(), now);
  assert.deepEqual(d.profile.campaigns.a!.lastReasons, []);
  assert.equal(p.campaigns.a!.qualifiedAt, undefined, 'the input profile is not mutated');
});

test('every reason not to contact is recorded; unchanged reasons leave the profile as it was', () => {
  const d = decideProfile(profile(10), [cand('a', 0.2)], { now, suppressed: true });
  assert.deepEqual(d.start, []);
  assert.deepEqual(d.profile.campaigns.a!.lastReasons, ['suppressed', 'followers', 'positivity']);
  const again = decideProfile(d.profile, [cand('a', 0.2)], { now, suppressed: true });
  assert.equal(again.profile, d.profile, 'same object: nothing to write');
});

test('someone already in outreach, a paused campaign or a campaign they did not tweet into is not decided', () => {
  const started = profile(500);
  started.campaigns.a = { ...started.campaigns.a!, outreachStartedAt: new Date(now - 10) };
  const d = decideProfile(started, [cand('a', 0.9), cand('b', 0.9, false), cand('zzz', 0.9)], { now, suppressed: false });
  assert.deepEqual(d.start, []);
  assert.equal(d.profile, started);
});

test('a recent contact by the brand puts the person in cooldown for every campaign', () => {
  const p = profile(500, { lastContactAt: new Date(now - 3_600_000) });
  const d = decideProfile(p, [cand('a', 0.9), cand('b', 0.95)], { now, suppressed: false });
  assert.deepEqual(d.start, []);
  assert.deepEqual(d.profile.campaigns.b!.lastReasons, ['cooldown']);
});
