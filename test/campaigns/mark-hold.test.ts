// The "already contacted" mark is held like the tweet that led to it: until the mark is stored,
// ingest's resume point stays below the tweet, so a crash in that window redelivers the tweet and
// the mark is made again, instead of the person looking uncontacted (and being contacted again
// within the cooldown). Real store (FerretDB), real models, the pipeline with ingest's profile book.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDb } from '../helpers/stack';
import { profiles } from '../../src/store/profiles';
import { CreateCampaignSchema } from '../../src/domain/campaign';
import { ProfileBook } from '../../src/ingest/profile-book';
import { CampaignCache } from '../../src/ingest/cache';
import { processBatch } from '../../src/ingest/pipeline';
import { insertCampaign, transitionStatus } from '../../src/store/campaigns';
import { ensureAllIndexes } from '../../src/store/indexes';
import { sharedModels } from './harness';
import type { IncomingTweet } from '../../src/x';

let t: Awaited<ReturnType<typeof testDb>>;
before(async () => { t = await testDb('mark_hold'); await ensureAllIndexes(t.db); });
after(async () => { await t?.close(); });

const tweet = (id: string, authorId: string): IncomingTweet => ({
  id, authorId, text: 'I love acme, it is wonderful and amazing', createdAt: new Date().toISOString(),
  author: { id: authorId, username: `u${authorId}`, name: 'Fan', verified: false, protected: false, publicMetrics: { followers_count: 5000, following_count: 1, listed_count: 0, tweet_count: 5 } },
});

test('a tweet that started outreach stays held until its outreach mark is stored', async () => {
  const db = t.db;
  const settings = CreateCampaignSchema.parse({ name: 'hold', brand: 'Acme', tracking: { keywords: ['acme'] }, qualification: { minFollowers: 0, minPositivity: 0 } });
  await insertCampaign(db, settings, { id: 'hold' });
  await transitionStatus(db, 'hold', ['draft'], 'running');
  const book = new ProfileBook(db, { now: Date.now, flushAfterMs: 60_000 }); // written by drain() only
  let starts = 0;
  // Starting a conversation takes a moment (a Temporal round trip): long enough for the profile
  // book to write the verdict the batch made before the start.
  const startOutreach = async () => { starts++; await book.drain(); return 'started' as const; };
  const deps = { db, models: await sharedModels(), now: Date.now, campaigns: new CampaignCache(db, Date.now), startOutreach, profileBook: book };

  await processBatch(deps, [tweet('500', '9001')], { forceCampaign: 'hold' });
  assert.equal(starts, 1);
  const stored = (await profiles(db).findOne({ _id: '9001' }))!;
  assert.ok(stored.campaigns.hold?.qualifiedAt, 'the verdict is stored');
  assert.equal(stored.campaigns.hold?.outreachStartedAt, undefined, 'the mark is not yet');
  assert.ok(book.holds('500'), 'so the tweet is still held: a crash now redelivers it');

  await book.drain();
  assert.ok(!book.holds('500'));
  const marked = (await profiles(db).findOne({ _id: '9001' }))!;
  assert.ok(marked.campaigns.hold?.outreachStartedAt && marked.lastContactAt, 'mark stored, tweet released');
});
