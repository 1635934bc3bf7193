// Profile writes are conditional on the revision they were computed from. They go out in commands
// of a few dozen statements, so the store only says how many matched: these tests check that the
// right ids are reported lost, that nothing another writer did is overwritten, and that ingest's
// write-behind book of profiles (whose copies may be stale) still never loses an update.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from 'mongodb';
import { testDb } from '../helpers/stack';
import { loadProfiles, profiles, writeProfiles, type ProfileWrite } from '../../src/store/profiles';
import { applyTweet, CreateCampaignSchema, type ProfileDoc } from '../../src/domain/campaign';
import { ProfileBook } from '../../src/ingest/profile-book';
import { CampaignCache } from '../../src/ingest/cache';
import { processBatch } from '../../src/ingest/pipeline';
import { insertCampaign, transitionStatus } from '../../src/store/campaigns';
import { ensureAllIndexes } from '../../src/store/indexes';
import { sharedModels } from '../campaigns/harness';
import type { IncomingTweet } from '../../src/x';

const at = new Date('2026-01-01T00:00:00Z');
const profileOf = (id: string, tweetId: string): ProfileDoc =>
  applyTweet(undefined, { id: tweetId, authorId: id, createdAt: at, campaigns: ['c1'], polarity: 0.5, subjectivity: 0.5 });

describe('writeProfiles', () => {
  let t: Awaited<ReturnType<typeof testDb>>;
  let db: Db;
  before(async () => { t = await testDb('profiles_write'); db = t.db; });
  after(async () => { await t?.close(); });

  test('inserts new profiles, replaces current ones, and reports exactly the stale ones as lost', async () => {
    const ids = Array.from({ length: 95 }, (_, i) => `u${i}`); // several commands
    assert.deepEqual(await writeProfiles(db, ids.map((id) => ({ next: profileOf(id, '1'), fromRev: 0 }))), []);
    const stored = await loadProfiles(db, ids);
    assert.equal(stored.size, 95);
    assert.ok([...stored.values()].every((p) => p.rev === 1));

    // Another writer bumps every seventh profile (as outreach marks do) after we read them.
    const stale = ids.filter((_, i) => i % 7 === 3);
    await profiles(db).updateMany({ _id: { $in: stale } }, { $set: { 'campaigns.c1.lastReasons': ['other_writer'] }, $inc: { rev: 1 } });

    const writes: ProfileWrite[] = ids.map((id) => ({ next: applyTweet(stored.get(id)!, { id: '2', authorId: id, createdAt: at, campaigns: ['c1'], polarity: 1, subjectivity: 1 }), fromRev: 1 }));
    const lost = await writeProfiles(db, writes);
    assert.deepEqual([...lost].sort(), [...stale].sort());

    const after = await loadProfiles(db, ids);
    for (const id of ids) {
      const p = after.get(id)!;
      if (stale.includes(id)) {
        assert.equal(p.tweetsSeen, 1, `${id}: the losing write changed nothing`);
        assert.deepEqual(p.campaigns.c1!.lastReasons, ['other_writer'], `${id}: the other writer's change is kept`);
      } else {
        assert.equal(p.tweetsSeen, 2, `${id}: the winning write is stored`);
        assert.equal(p.rev, 2);
      }
    }
  });

  test('a profile created meanwhile by someone else is reported lost, not overwritten', async () => {
    await profiles(db).insertOne({ ...profileOf('dup', '9'), rev: 1 });
    const lost = await writeProfiles(db, [{ next: profileOf('dup', '10'), fromRev: 0 }, { next: profileOf('fresh', '10'), fromRev: 0 }]);
    assert.deepEqual(lost, ['dup']);
    assert.deepEqual((await profiles(db).findOne({ _id: 'dup' }))!.recentTweetIds, ['9']);
  });
});

describe("ingest's write-behind profile book", () => {
  let t: Awaited<ReturnType<typeof testDb>>;
  let db: Db;
  before(async () => { t = await testDb('profiles_book'); db = t.db; await ensureAllIndexes(db); });
  after(async () => { await t?.close(); });

  const tweet = (id: string, authorId: string): IncomingTweet => ({
    id, authorId, text: 'I love acme', createdAt: at.toISOString(),
    author: { id: authorId, username: authorId, name: authorId, verified: false, protected: false, publicMetrics: { followers_count: 10, following_count: 1, listed_count: 0, tweet_count: 5 } } as never,
  });

  test('tweets are held until their profile change is stored; a stale copy is replayed on the fresh one', async () => {
    const settings = CreateCampaignSchema.parse({ name: 'book', brand: 'Acme', tracking: { keywords: ['acme'] }, qualification: { minFollowers: 1_000_000_000 } });
    const c = await insertCampaign(db, settings, { id: 'book' });
    await transitionStatus(db, c._id, ['draft'], 'running');
    const flushed: string[] = [];
    const book = new ProfileBook(db, { now: Date.now, onFlushed: (ids) => flushed.push(...ids) });
    const deps = { db, models: await sharedModels(), now: Date.now, campaigns: new CampaignCache(db, Date.now), startOutreach: async () => 'started' as const, profileBook: book };

    await processBatch(deps, [tweet('100', 'a'), tweet('101', 'b'), tweet('102', 'a')], { forceCampaign: 'book' });
    assert.ok(book.holds('100') && book.holds('101') && book.holds('102'), 'held until written');
    await book.drain();
    assert.deepEqual(flushed.sort(), ['100', '101', '102']);
    assert.ok(!book.holds('100') && book.dirtyCount === 0);
    const a1 = (await profiles(db).findOne({ _id: 'a' }))!;
    assert.equal(a1.tweetsSeen, 2, "both of a's tweets in one write");
    assert.equal(a1.rev, 1);

    // Another writer changes "a" behind the book's back; the book's copy is now stale.
    await profiles(db).updateOne({ _id: 'a' }, { $set: { location: 'Lisbon' }, $inc: { rev: 1 } });
    await processBatch(deps, [tweet('103', 'a'), tweet('104', 'b')], { forceCampaign: 'book' });
    await book.drain();
    const a = (await profiles(db).findOne({ _id: 'a' }))!;
    assert.equal(a.location, 'Lisbon', "the other writer's change survives");
    assert.equal(a.tweetsSeen, 3, 'and the new tweet is applied on top');
    assert.deepEqual([...a.recentTweetIds].sort(), ['100', '102', '103']);
    assert.equal(a.rev, 3);
    assert.equal((await profiles(db).findOne({ _id: 'b' }))!.tweetsSeen, 2);
    assert.ok(!book.holds('103') && !book.holds('104'));

    // Redelivered tweets change nothing and hold nothing.
    await processBatch(deps, [tweet('103', 'a'), tweet('100', 'a')], { forceCampaign: 'book' });
    assert.equal(book.dirtyCount, 0);
    assert.ok(!book.holds('103'));
    await book.drain();
    assert.equal((await profiles(db).findOne({ _id: 'a' }))!.rev, 3);
  });

  test('changes recorded while a write is in flight are written next, none lost', async () => {
    const book = new ProfileBook(db, { now: Date.now });
    const step = (tid: string) => (p: ProfileDoc | undefined) => {
      const q = applyTweet(p, { id: tid, authorId: 'c', createdAt: at, campaigns: ['x'], polarity: 0, subjectivity: 0 });
      return { profile: q, result: q };
    };
    await book.load(['c']);
    book.update('c', step('1'), ['1']); // starts the flusher
    book.update('c', step('2'), ['2']); // lands while the first write may be in flight
    await Promise.resolve();
    book.update('c', step('3'), ['3']);
    await book.drain();
    const c = (await profiles(db).findOne({ _id: 'c' }))!;
    assert.equal(c.tweetsSeen, 3);
    assert.ok(!book.holds('1') && !book.holds('2') && !book.holds('3'));
  });

  test('memory is bounded: clean profiles beyond maxEntries are dropped, unwritten ones never', async () => {
    const book = new ProfileBook(db, { now: Date.now, maxEntries: 3 });
    await book.load(['m1', 'm2', 'm3', 'm4', 'm5']);
    assert.equal(book.size, 3);
    book.update('n1', (p) => ({ profile: applyTweet(p, { id: '7', authorId: 'n1', createdAt: at, campaigns: [], polarity: 0, subjectivity: 0 }), result: 0 }), ['7']);
    await book.drain();
    assert.ok(book.size <= 3);
    assert.ok(await profiles(db).findOne({ _id: 'n1' }));
  });
});
