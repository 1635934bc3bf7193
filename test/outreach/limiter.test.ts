import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MongoClient } from 'mongodb';
import { testDb } from '../helpers/stack';
import { acquireDmSlot, ticketWait } from '../../src/outreach/limiter';
import { Rng } from '../../src/emulator/rng';

const limits = { perSender15m: 3, perSenderDay: 5, perAppDay: 100 };
const MIN = 60_000;

test('limiter: concurrent workers never exceed a window; a full window says when it has room again', async () => {
  const t = await testDb('limiter');
  try {
    const now = Date.UTC(2026, 4, 1, 12, 5);
    const got = await Promise.all(Array.from({ length: 20 }, () => acquireDmSlot(t.db, 's1', limits, now)));
    assert.equal(got.filter((g) => g.ok).length, 3);
    // Rolling: the 12:05 sends count until 12:20 (a fixed window would have reopened at 12:15).
    const refused = got.find((g) => !g.ok);
    assert.deepEqual(refused, { ok: false, retryAfterMs: 15 * MIN, window: 'sender:s1:15m' });
    assert.equal((await acquireDmSlot(t.db, 's1', limits, Date.UTC(2026, 4, 1, 12, 15))).ok, false);
    const later = Date.UTC(2026, 4, 1, 12, 20);
    assert.deepEqual(await acquireDmSlot(t.db, 's1', limits, later), { ok: true });
    assert.deepEqual(await acquireDmSlot(t.db, 's1', limits, later), { ok: true });
    const dayFull = await acquireDmSlot(t.db, 's1', limits, later);
    assert.equal(dayFull.ok, false);
    assert.equal(!dayFull.ok && dayFull.window, 'sender:s1:day');
    assert.equal(!dayFull.ok && dayFull.retryAfterMs, Date.UTC(2026, 4, 2, 12, 5) - later);
    // Another sender has its own budget; the app budget is shared.
    assert.deepEqual(await acquireDmSlot(t.db, 's2', limits, later), { ok: true });
  } finally {
    await t.close();
  }
});

test('limiter: old tickets are deleted as new ones are taken, so documents never pile up', async () => {
  const t = await testDb('limiter_gc');
  try {
    const l = { perSender15m: 2, perSenderDay: 1e6, perAppDay: 1e6 };
    const t0 = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 300; i++) assert.deepEqual(await acquireDmSlot(t.db, 's', l, t0 + i * 8 * MIN), { ok: true });
    const n15 = await t.db.collection('dm_counters').countDocuments({ _id: { $regex: /^sender:s:15m#/ } as never });
    assert.ok(n15 <= 2 + 64 + 1, `15-minute tickets kept: ${n15}`);
    assert.equal(ticketWait(undefined, 15 * MIN, t0), 0);
    assert.equal(ticketWait(t0, 15 * MIN, t0 + MIN), 14 * MIN);
  } finally {
    await t.close();
  }
});

test('limiter (property): many workers acquiring at once never exceed any rolling window', { timeout: 120_000 }, async () => {
  const t = await testDb('limiter_prop');
  // Separate connections stand in for separate worker processes.
  const clients = await Promise.all(Array.from({ length: 4 }, () => new MongoClient(t.uri).connect()));
  try {
    const l = { perSender15m: 7, perSenderDay: 20, perAppDay: 30 };
    const rng = new Rng(1234);
    const granted: { at: number; sender: string }[] = [];
    let now = Date.UTC(2026, 5, 1, 9, 0);
    for (let round = 0; round < 60; round++) {
      now += Math.floor(rng.next() * 90 * MIN);
      const at = now;
      const tries = Array.from({ length: 1 + Math.floor(rng.next() * 10) }, (_, i) => {
        const sender = rng.next() < 0.7 ? 'a' : 'b';
        const db = clients[i % clients.length]!.db(t.db.databaseName);
        return acquireDmSlot(db, sender, l, at).then((r) => { if (r.ok) granted.push({ at, sender }); return r; });
      });
      const results = await Promise.all(tries);
      // Delays, never drops: a refusal always says when to come back, and that time has room.
      for (const r of results) if (!r.ok) assert.ok(r.retryAfterMs >= 1000 && r.retryAfterMs <= 25 * 3600_000);
    }
    assert.ok(granted.length > 40, `granted ${granted.length}`);
    const within = (from: number, win: number, f: (g: { sender: string }) => boolean) =>
      granted.filter((g) => g.at >= from && g.at < from + win && f(g)).length;
    for (const g of granted) {
      for (const s of ['a', 'b']) {
        assert.ok(within(g.at, 15 * MIN, (x) => x.sender === s) <= l.perSender15m, `15 min window from ${new Date(g.at).toISOString()} (${s})`);
        assert.ok(within(g.at, 24 * 60 * MIN, (x) => x.sender === s) <= l.perSenderDay, `24 h window from ${new Date(g.at).toISOString()} (${s})`);
      }
      assert.ok(within(g.at, 24 * 60 * MIN, () => true) <= l.perAppDay, `app 24 h window from ${new Date(g.at).toISOString()}: ${within(g.at, 24 * 60 * MIN, () => true)} ${JSON.stringify(granted.map((x) => [new Date(x.at).toISOString().slice(5, 16), x.sender]))}`);
    }
  } finally {
    for (const c of clients) await c.close();
    await t.close();
  }
});
