// Regression: under sustained load from the emulator's generator (not tweets injected one by one)
// ingest keeps storing tweets. It used to fall behind without bound: every 100 ms tick chained one
// more small batch with no backpressure, and batches of redelivered tweets became one bulk update
// command with hundreds of statements, which FerretDB did not finish.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { campaignTag } from '../../src/x';
import { runIngestLoop } from '../../src/ingest/loop';
import { insertCampaign, setCampaignRules, transitionStatus } from '../../src/store/campaigns';
import { CreateCampaignSchema, buildRules } from '../../src/domain/campaign';
import { ensureAllIndexes } from '../../src/store/indexes';
import { COLLECTIONS } from '../../src/store';
import { logger } from '../../src/log';
import { testDb } from '../helpers/stack';
import { makeX, sharedModels, waitFor } from './harness';
import type { Db } from 'mongodb';

let emu: RunningEmulator;
let db: Db;
let closeDb: () => Promise<void>;
before(async () => {
  emu = await startEmulator({ port: 0, seed: 11, rate: 0, keepAliveMs: 1000 });
  ({ db, close: closeDb } = await testDb('camp_sustained'));
  await ensureAllIndexes(db);
});
after(async () => { await emu?.close(); await closeDb?.(); });

test('a continuous generator stream is stored in full, each tweet once', { timeout: 90_000 }, async () => {
  const x = makeX(emu.url);
  const settings = CreateCampaignSchema.parse({ name: 'load', brand: 'Acme', tracking: { keywords: ['acme'], includeRetweets: true }, qualification: { minFollowers: 1_000_000_000 } });
  const c = await insertCampaign(db, settings, { id: 'load' });
  const added = await x.addRules(buildRules(settings.tracking).map((value) => ({ value, tag: campaignTag(c._id) })));
  await setCampaignRules(db, c._id, added.map((r) => ({ id: r.id, value: r.value })));
  await transitionStatus(db, c._id, ['draft'], 'running');

  const stop = new AbortController();
  let batches = 0;
  let biggest = 0;
  const loop = runIngestLoop({
    db, log: logger.child({ test: 'sustained' }), now: Date.now, models: await sharedModels(), startOutreach: async () => 'started',
    onBatch: (_r, t) => { batches++; biggest = Math.max(biggest, t.length); },
    stream: (o) => x.stream(o), heartbeat: () => undefined, cancel: stop.signal,
  }, { batchSize: 500, batchMs: 100 });
  try {
    await waitFor('stream connected', async () => emu.core.hub.conns.size === 1);
    emu.core.setRate(250);
    await new Promise((r) => setTimeout(r, 4000));
    emu.core.setRate(0);
    const ruleIds = new Set(added.map((r) => r.id));
    const emitted = emu.core.emitted.filter((e) => e.ruleIds.some((r) => ruleIds.has(r))).map((e) => e.id);
    assert.ok(emitted.length >= 400, `the generator emitted a sustained stream (${emitted.length})`);
    const tweets = db.collection<{ _id: string }>(COLLECTIONS.tweets);
    await waitFor('every emitted tweet stored', async () => (await tweets.countDocuments({ campaigns: 'load' })) >= emitted.length, 45_000);
    const stored = (await tweets.find({ campaigns: 'load' }, { projection: { _id: 1 } }).toArray()).map((t) => t._id);
    assert.deepEqual(stored.sort(), [...emitted].sort());
    // Tweets are grouped (about 100 ms worth per batch at this rate, more when a batch falls
    // behind) and no batch exceeds the configured size.
    assert.ok(batches > 0 && batches * 3 < emitted.length, `tweets were batched (${batches} batches for ${emitted.length} tweets)`);
    assert.ok(biggest <= 500, `no batch above batchSize (biggest ${biggest})`);
  } finally {
    stop.abort();
    await loop.catch(() => undefined);
  }
});
