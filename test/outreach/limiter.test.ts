import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDb } from '../helpers/stack';
import { acquireDmSlot, dmWindows } from '../../src/outreach/limiter';

const limits = { perSender15m: 3, perSenderDay: 5, perAppDay: 100 };

test('limiter: concurrent workers never exceed a window; a full window says when it reopens', async () => {
  const t = await testDb('limiter');
  try {
    const now = Date.UTC(2026, 4, 1, 12, 5);
    const got = await Promise.all(Array.from({ length: 20 }, () => acquireDmSlot(t.db, 's1', limits, now)));
    assert.equal(got.filter((g) => g.ok).length, 3);
    const refused = got.find((g) => !g.ok);
    assert.deepEqual(refused, { ok: false, retryAfterMs: 10 * 60_000, window: 'sender:s1:15m' });
    // Refusals rolled back the day counters they had taken.
    const [, day, app] = dmWindows('s1', limits, now);
    const slots = t.db.collection('dm_counters');
    assert.equal(await slots.countDocuments({ window: app!.id }), 3);
    assert.equal(await slots.countDocuments({ window: day!.id }), 3);
    // Next window: two more fit the day budget, then the day is spent until midnight.
    const later = now + 15 * 60_000;
    assert.deepEqual(await acquireDmSlot(t.db, 's1', limits, later), { ok: true });
    assert.deepEqual(await acquireDmSlot(t.db, 's1', limits, later), { ok: true });
    const dayFull = await acquireDmSlot(t.db, 's1', limits, later);
    assert.equal(dayFull.ok, false);
    assert.equal(!dayFull.ok && dayFull.window, 'sender:s1:day');
    // Another sender has its own budget.
    assert.deepEqual(await acquireDmSlot(t.db, 's2', limits, later), { ok: true });
  } finally {
    await t.close();
  }
});
