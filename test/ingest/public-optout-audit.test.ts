// A public opt-out writes two things: the suppression (which protects the person) and its audit
// line. A crash between them used to lose the line for good: the redelivered tweet found its author
// already suppressed and skipped them. The suppression now carries `auditPending` until the line is
// written, and the redelivered tweet finishes the job, once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from 'mongodb';
import { testDb } from '../helpers/stack';
import { addSuppression, outreachCollections } from '../../src/store/conversations';
import { auditCollection } from '../../src/store/audit';
import { PUBLIC_OPT_OUT_REASON, recordPublicOptOuts } from '../../src/ingest/public-optouts';
import { listSuppressions } from '../../src/store/suppressions-search';
import type { IncomingTweet } from '../../src/x';

let t: Awaited<ReturnType<typeof testDb>>;
let db: Db;
before(async () => { t = await testDb('public-optout-audit'); db = t.db; });
after(() => t.close());

const tweet = (id: string, authorId: string, text: string) =>
  ({ id, authorId, text, createdAt: new Date().toISOString() }) satisfies IncomingTweet;
const auditLines = (tweetId: string) => auditCollection(db).countDocuments({ action: 'tweet.opt-out', tweetId });

test('an opt-out tweet suppresses its author and writes one audit line, also when delivered again', async () => {
  const batch = [tweet('9001', '701', '@Acme do not DM me ever again'), tweet('9002', '702', 'love @Acme coffee')];
  assert.equal(await recordPublicOptOuts(db, batch), 1);
  assert.equal(await recordPublicOptOuts(db, batch), 0);
  assert.equal(await auditLines('9001'), 1);
  assert.equal(await auditLines('9002'), 0);
  const doc = await outreachCollections(db).suppressions.findOne({ _id: '701' });
  assert.equal(doc?.tweetId, '9001');
  assert.equal(doc?.auditPending, undefined, 'the flag is cleared once the line is written');
});

test('a crash between the suppression and its audit line is finished by the redelivered tweet', async () => {
  // The state a crash leaves: the suppression written (with its flag), no audit line.
  await addSuppression(db, { _id: '703', reason: PUBLIC_OPT_OUT_REASON, source: 'public-tweet', tweetId: '9003', auditPending: true });
  const batch = [tweet('9003', '703', '@Acme stop messaging me, I mean it')];
  assert.equal(await recordPublicOptOuts(db, batch), 0, 'the person was already suppressed');
  assert.equal(await auditLines('9003'), 1);
  assert.equal((await outreachCollections(db).suppressions.findOne({ _id: '703' }))?.auditPending, undefined);
  await recordPublicOptOuts(db, batch);
  assert.equal(await auditLines('9003'), 1, 'written once');
});

test('another opt-out tweet by someone already suppressed writes nothing', async () => {
  await addSuppression(db, { _id: '704', reason: 'person replied STOP', source: 'dm-poller' });
  assert.equal(await recordPublicOptOuts(db, [tweet('9004', '704', '@Acme never text me again')]), 0);
  assert.equal(await auditLines('9004'), 0);
});

test('the author of a public opt-out is found by handle, with no profile stored', async () => {
  const t = { ...tweet('9005', '705', '@Acme take me off your mailing list'), author: { id: '705', username: 'QuietRiver', name: 'Q', verified: false, protected: false, publicMetrics: { followers_count: 1, following_count: 1, listed_count: 0, tweet_count: 1 } } } satisfies IncomingTweet;
  assert.equal(await recordPublicOptOuts(db, [t]), 1);
  const page = await listSuppressions(db, { limit: 10, handle: { text: 'quietr', exact: false } });
  assert.deepEqual(page.items.map((i) => [i._id, i.handle]), [['705', 'QuietRiver']]);
});
