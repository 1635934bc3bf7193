// The ingest activity (runIngest) as Temporal runs it: MockActivityEnvironment supplies heartbeats,
// cancellation and the heartbeat details of a previous attempt. Real emulator stream, real models,
// real FerretDB; only starting conversations goes through the activity's injection point (a recorder).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Db } from 'mongodb';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { campaignTag } from '../../src/x';
import { loadConfig } from '../../src/config';
import { createIngestActivities } from '../../src/activities/ingest';
import { insertCampaign, setCampaignRules, transitionStatus } from '../../src/store/campaigns';
import { CreateCampaignSchema, buildRules } from '../../src/domain/campaign';
import { ensureAllIndexes } from '../../src/store/indexes';
import { COLLECTIONS } from '../../src/store';
import { logger } from '../../src/log';
import type { StartRequest } from '../../src/ingest/outreach-port';
import type { IngestCheckpoint, IngestInput } from '../../src/workflows/ingest/contract';
import { testDb } from '../helpers/stack';
import { makeX, sharedModels, waitFor } from '../campaigns/harness';

let emu: RunningEmulator;
let db: Db;
let closeDb: () => Promise<void>;
const starts: StartRequest[] = [];
let runIngest: (i: IngestInput) => Promise<IngestCheckpoint>;
let n = 0;

before(async () => {
  emu = await startEmulator({ port: 0, seed: 13, rate: 0, keepAliveMs: 1000 });
  ({ db, close: closeDb } = await testDb('act_ingest'));
  await ensureAllIndexes(db);
  const x = makeX(emu.url);
  const settings = CreateCampaignSchema.parse({ name: 'ingest', brand: 'Acme', tracking: { keywords: ['acme'] }, qualification: { minFollowers: 0 } });
  const c = await insertCampaign(db, settings, { id: 'ingest' });
  const added = await x.addRules(buildRules(settings.tracking).map((value) => ({ value, tag: campaignTag(c._id) })));
  await setCampaignRules(db, c._id, added.map((r) => ({ id: r.id, value: r.value })));
  await transitionStatus(db, c._id, ['draft'], 'running');
  const acts = createIngestActivities({
    db, x, config: loadConfig({}), log: logger.child({ test: 'act_ingest' }), models: sharedModels, now: Date.now,
    startOutreach: async (req) => { starts.push(req); return 'started'; },
  });
  runIngest = acts.runIngest;
});
after(async () => { await emu?.close(); await closeDb?.(); });

function mockEnv(info: { heartbeatDetails?: IngestCheckpoint } = {}) {
  const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 3000, ...info });
  const beats: IngestCheckpoint[] = [];
  env.on('heartbeat', (d: IngestCheckpoint) => beats.push(d));
  const run = (i: IngestInput) => env.run(runIngest, i) as Promise<IngestCheckpoint>;
  return { env, beats, run };
}
const authors: string[] = [];
function tweet(text: string): string {
  const author = String(3_100_000_000 + ++n);
  authors.push(author);
  return emu.core.inject({ text, author: { id: author, username: `fan${n}` }, lang: 'en' }).tweet.id;
}
const stored = (ids: string[]) => db.collection<{ _id: string }>(COLLECTIONS.tweets).countDocuments({ _id: { $in: ids } });
const connected = () => waitFor('stream connected', async () => emu.core.hub.conns.size === 1);
const checkpoint = async () => (await db.collection<{ _id: string; lastId?: string }>(COLLECTIONS.meta).findOne({ _id: 'ingest-checkpoint' }))?.lastId;

test('runIngest stores matching tweets and their authors, hands them to outreach, heartbeats its resume point and returns it', { timeout: 60_000 }, async () => {
  const { beats, run } = mockEnv();
  const done = run({ maxRunMs: 6000, batchMs: 100 });
  await connected();
  const ids = [tweet('loving my new acme boots'), tweet('acme support was great today'), tweet('acme, again, brilliant')];
  await waitFor('tweets stored', async () => (await stored(ids)) === 3);
  const cp = await done;
  assert.equal(cp.lastId, ids[2]);
  assert.ok(cp.processed >= 3, `processed ${cp.processed}`);
  assert.ok(beats.some((b) => b.lastId === ids[2]), 'the resume point was heartbeated');
  const profiles = db.collection<{ _id: string }>(COLLECTIONS.profiles);
  await waitFor('authors profiled', async () => (await profiles.countDocuments({ _id: { $in: authors.slice(-3) } })) === 3);
  assert.deepEqual(starts.map((s) => s.tweet.id).filter((id) => ids.includes(id)).sort(), [...ids].sort(), 'each qualifying tweet went to outreach');
  assert.equal(await checkpoint(), ids[2], 'the resume point is also stored for the next run');
});

test('runIngest stops on cancellation with CancelledFailure; a retry resumes from the heartbeat details, without storing anything twice', { timeout: 60_000 }, async () => {
  const first = mockEnv();
  const running = first.run({ maxRunMs: 60_000, batchMs: 100 });
  await connected();
  const id = tweet('acme rocks');
  await waitFor('tweet stored', async () => (await stored([id])) === 1);
  await waitFor('its resume point heartbeated', async () => first.beats.some((b) => b.lastId === id));
  first.env.cancel();
  await assert.rejects(running, (e) => e instanceof CancelledFailure);
  await waitFor('stream closed', async () => emu.core.hub.conns.size === 0);
  const last = first.beats.at(-1)!;
  assert.equal(last.lastId, id);
  // The retry gets the last heartbeat: it resumes from there and keeps counting.
  const retry = mockEnv({ heartbeatDetails: last });
  const cp = await retry.run({ maxRunMs: 2000, batchMs: 100 });
  assert.equal(cp.lastId, id);
  assert.ok(cp.processed >= last.processed, `processed carried over (${cp.processed} >= ${last.processed})`);
  assert.equal(await stored([id]), 1);
});
