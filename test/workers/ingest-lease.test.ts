// One worker ingests at a time even when the old one is not dead: a worker cut off from Temporal
// keeps its ingest attempt running after Temporal has started a newer one elsewhere. The newer
// attempt takes the stream's lease in MongoDB; the old one sees it at its next check and stops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runIngestLoop } from '../../src/ingest/loop';
import { holdsIngestLease, takeIngestLease } from '../../src/store/ingest-lease';
import { logger } from '../../src/log';
import { testDb } from '../helpers/stack';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('an ingest attempt whose lease a newer attempt took stops within seconds; the holder keeps going', { timeout: 60_000 }, async () => {
  const { db, close } = await testDb('ingest_lease');
  const cancel = new AbortController();
  try {
    const key = 'ingest@tq-lease';
    // A stream that delivers nothing and ends only when the loop stops it.
    const idle = (o: { signal?: AbortSignal }) => new Promise<void>((r) => o.signal?.addEventListener('abort', () => r(), { once: true }));
    const attempt = (owner: string) => runIngestLoop({
      db, log: logger.child({ test: 'lease', owner }), now: Date.now, models: {} as never, startOutreach: async () => 'started',
      stream: idle, heartbeat: () => undefined, heartbeatTimeoutMs: 600, cancel: cancel.signal,
      stillHolder: () => holdsIngestLease(db, key, owner),
    }, { maxRunMs: 50_000 });

    await takeIngestLease(db, key, 'attempt-1');
    let oldDone = false;
    const old = attempt('attempt-1');
    old.then(() => { oldDone = true; }, () => { oldDone = true; });
    await sleep(3000);
    assert.equal(oldDone, false, 'the holder keeps ingesting');

    await takeIngestLease(db, key, 'attempt-2');
    const tookOver = Date.now();
    const current = attempt('attempt-2');
    await assert.rejects(old, /newer attempt/);
    assert.ok(Date.now() - tookOver < 15_000, `the old attempt stopped ${Date.now() - tookOver} ms after the takeover`);
    await sleep(3000);
    cancel.abort(); // the current attempt was still running: it ends only on cancellation
    await assert.rejects(current, /cancelled/);
  } finally {
    cancel.abort();
    await close();
  }
});
