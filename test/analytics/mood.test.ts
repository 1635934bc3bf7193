import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moodStatus, oppositeMood, personMood, recommendOppositeMood, type MoodTweet, type EmotionProbs } from '../../src/domain/analytics/mood';

const NOW = Date.parse('2024-05-10T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000).toISOString();
const e = (anger: number, joy: number, optimism: number, sadness: number): EmotionProbs => ({ anger, joy, optimism, sadness });
const many = (n: number, emotions: EmotionProbs, extra: Partial<MoodTweet> = {}): MoodTweet[] =>
  Array.from({ length: n }, (_, i) => ({ id: `t${i}`, createdAt: hoursAgo(i * 8 + 1), emotions, ...extra }));

test('quadrant mapping of valence and arousal', () => {
  assert.equal(moodStatus(0.5, 0.3), 'Cheerful');
  assert.equal(moodStatus(0.5, -0.3), 'Satisfied');
  assert.equal(moodStatus(-0.5, 0.3), 'Stressed');
  assert.equal(moodStatus(-0.5, -0.3), 'Depressed');
  assert.equal(oppositeMood('Depressed'), 'Cheerful');
  assert.equal(oppositeMood('Stressed'), 'Satisfied');
});

test('crafted emotion histories map to each mood', () => {
  assert.equal(personMood(many(20, e(0.05, 0.8, 0.1, 0.05)), { now: NOW }).status, 'Cheerful');
  assert.equal(personMood(many(20, e(0.05, 0.1, 0.8, 0.05)), { now: NOW }).status, 'Satisfied');
  assert.equal(personMood(many(20, e(0.8, 0.05, 0.05, 0.1)), { now: NOW }).status, 'Stressed');
  assert.equal(personMood(many(20, e(0.1, 0.05, 0.05, 0.8)), { now: NOW }).status, 'Depressed');
  assert.equal(personMood([], { now: NOW }).status, null);
});

test('recent tweets outweigh old ones; retweets count less than own tweets', () => {
  const oldSad: MoodTweet[] = Array.from({ length: 10 }, (_, i) => ({ id: `old${i}`, createdAt: hoursAgo(24 * 10 + i), emotions: e(0, 0.05, 0.05, 0.9) }));
  const newJoy: MoodTweet[] = Array.from({ length: 3 }, (_, i) => ({ id: `new${i}`, createdAt: hoursAgo(i + 1), emotions: e(0, 0.9, 0.05, 0.05) }));
  const r = personMood([...oldSad, ...newJoy], { now: NOW });
  assert.ok(r.valence > 0, `valence ${r.valence}`);
  assert.equal(r.happiestTweetId, 'new0');
  assert.match(r.saddestTweetId ?? '', /^old/);
  const own = many(4, e(0.8, 0.05, 0.05, 0.1));
  const rts = many(4, e(0.05, 0.05, 0.85, 0.05), { isRetweet: true }).map((t) => ({ ...t, id: 'rt' + t.id }));
  const mixed = personMood([...own, ...rts], { now: NOW, typicalTweetsPerDay: 8 / 14 }); // activity neutral
  assert.equal(mixed.status, 'Stressed');
  assert.equal(mixed.ownShare, 0.5);
  assert.equal(mixed.happiestTweetId, null); // own tweets are all negative
});

test('tweets outside the window are ignored and invalid probabilities refused', () => {
  const r = personMood([{ id: 'x', createdAt: hoursAgo(24 * 30), emotions: e(0, 1, 0, 0) }], { now: NOW });
  assert.equal(r.tweetsConsidered, 0);
  assert.throws(() => personMood([{ id: 'y', createdAt: hoursAgo(1), emotions: e(0, 2, 0, 0) }], { now: NOW }), /emotions\.joy/);
});

test('recommendations point to the opposite mood', () => {
  const rec = recommendOppositeMood(
    { id: 'me', status: 'Depressed' },
    {
      people: [
        { id: 'bigHappy', followers: 500_000, status: 'Cheerful', valence: 0.7, arousal: 0.4 },
        { id: 'bigSad', followers: 900_000, status: 'Depressed', valence: -0.7, arousal: -0.4 },
        { id: 'friend', followers: 300, status: 'Cheerful', valence: 0.9, arousal: 0.5 },
        { id: 'calm', followers: 200, status: 'Satisfied', valence: 0.5, arousal: -0.5 },
        { id: 'me', followers: 100, status: 'Cheerful', valence: 1, arousal: 1 },
      ],
      hashtags: [
        { tag: 'goodnews', count: 40, valence: 0.6, arousal: 0.3 },
        { tag: 'outage', count: 90, valence: -0.6, arousal: 0.6 },
        { tag: 'rare', count: 1, valence: 0.9, arousal: 0.9 },
      ],
    },
  );
  assert.equal(rec.wantedStatus, 'Cheerful');
  assert.deepEqual(rec.bigAccounts.map((a) => a.id), ['bigHappy']);
  assert.deepEqual(rec.people.map((a) => a.id), ['friend']);
  assert.deepEqual(rec.hashtags.map((h) => h.tag), ['goodnews']);
});

test('posting far more than usual raises arousal', () => {
  const calm = personMood(many(10, e(0.2, 0.3, 0.3, 0.2)), { now: NOW, typicalTweetsPerDay: 10 });
  const busy = personMood(many(10, e(0.2, 0.3, 0.3, 0.2)), { now: NOW, typicalTweetsPerDay: 0.1 });
  assert.ok(busy.arousal > calm.arousal);
  assert.equal(busy.valence, calm.valence);
});
