// "Suppressed" had two definitions: ingest's qualification matched a suppression document by its
// _id or by an `xUserId` field, while the send activity's last check (isSuppressed) looked at _id
// only, so a person ingest treated as opted out could still be DMed. Both now ask one function.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from 'mongodb';
import { testDb } from '../helpers/stack';
import { isSuppressed, outreachCollections, removeSuppression, suppressedAmong } from '../../src/store/conversations';

let t: Awaited<ReturnType<typeof testDb>>;
let db: Db;
before(async () => { t = await testDb('suppressed'); db = t.db; });
after(() => t.close());

test('a person named by xUserId is suppressed for ingest and for the send check alike', async () => {
  const col = outreachCollections(db).suppressions;
  await col.insertOne({ _id: '501', reason: 'STOP', source: 'dm-poller', at: new Date() });
  await col.insertOne({ _id: 'legacy:502', xUserId: '502', reason: 'STOP', source: 'import', at: new Date() });

  const forIngest = await suppressedAmong(db, ['501', '502', '503']);
  assert.deepEqual([...forIngest].sort(), ['501', '502']);
  for (const id of ['501', '502', '503']) {
    assert.equal(await isSuppressed(db, id), forIngest.has(id), `send check and ingest disagree on ${id}`);
  }
});

test('removing a person clears every document that names them', async () => {
  assert.equal(await removeSuppression(db, '502'), true);
  assert.equal(await isSuppressed(db, '502'), false);
  assert.equal((await suppressedAmong(db, ['502'])).size, 0);
});
