// The forecast's backtest on a seeded world: the emulator's world with dynamics (some accounts
// rise, some fade, some burst), its tweets stored and scored per period by the real influence
// computation, snapshotted by the history step — then every period forecast from the ones before.
// The forecast must beat "next = now" on rank correlation and precision@k; a forecast that returned
// `current` would tie the baseline and fail.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from 'mongodb';
import { testDb } from '../helpers/stack';
import { seedInfluenceHistory, type SeededHistory } from '../../src/analytics/forecast-world';
import { historyTable } from '../../src/analytics/forecast-backtest-data';
import { backtest, type HistoryTable } from '../../src/domain/planning/forecast-backtest';
import { influenceHistory } from '../../src/store/influence-history';

let db: Db;
let closeDb: () => Promise<void>;
let seeded: SeededHistory;
let table: HistoryTable;
let periods: string[];
const PERIODS = 9;

before(async () => {
  ({ db, close: closeDb } = await testDb('forecast_backtest'));
  seeded = await seedInfluenceHistory(db, { seed: 7, people: 400, periods: PERIODS, tweetsPerPeriod: 1000 });
  ({ table, periods } = await historyTable(db));
});
after(async () => { await closeDb(); });

test('the seeded world has all four courses and one history period per simulated period', async () => {
  assert.equal(periods.length, PERIODS);
  const courses = new Set(seeded.courses.values());
  assert.deepEqual([...courses].sort(), ['bursty', 'fading', 'rising', 'steady']);
  // Risers gain audience over the run, faders lose it (the dynamics reach the stored snapshots).
  const change = (course: string) => {
    const ids = [...seeded.courses].filter(([id, c]) => c === course && table.get(id)?.has(0) && table.get(id)?.has(PERIODS - 1)).map(([id]) => id);
    return ids.map((id) => table.get(id)!.get(PERIODS - 1)!.reach - table.get(id)!.get(0)!.reach).sort((a, b) => a - b)[ids.length >> 1]!;
  };
  assert.ok(change('rising') > 0, `median reach change of risers ${change('rising')}`);
  assert.ok(change('fading') < 0, `median reach change of faders ${change('fading')}`);
  assert.ok(await influenceHistory(db).countDocuments({}) > 0);
});

test('the forecast beats next = now on Spearman and precision@50', () => {
  const r = backtest(table, periods.length, { k: 50 });
  const line = (n: string, a: number, b: number) => `${n}: forecast ${a.toFixed(3)} vs next=now ${b.toFixed(3)}`;
  process.stderr.write(`${line('Spearman', r.forecast.spearman, r.baseline.spearman)}\n${line('precision@50', r.forecast.precisionAtK, r.baseline.precisionAtK)}\ncoverage ${r.coverage.toFixed(2)}\n`);
  assert.ok(r.forecast.spearman > r.baseline.spearman, line('Spearman', r.forecast.spearman, r.baseline.spearman));
  assert.ok(r.forecast.precisionAtK > r.baseline.precisionAtK, line('precision@50', r.forecast.precisionAtK, r.baseline.precisionAtK));
  assert.ok(r.coverage > 0.6 && r.coverage < 0.95, `80 % interval covers ${r.coverage}`);
});

test('the check can fail: a forecast that returns current ties the baseline', () => {
  // Zero damping and full persistence make the forecast "next = now".
  const r = backtest(table, periods.length, { k: 50, forecast: { audienceDamping: 0, engagementDamping: 0, engagementPersistence: 1 } });
  // (Equal up to rounding: reach + (score − reach) is not always bit-identical to score.)
  assert.ok(Math.abs(r.forecast.spearman - r.baseline.spearman) < 1e-3);
  assert.ok(Math.abs(r.forecast.precisionAtK - r.baseline.precisionAtK) < 0.01);
  assert.ok(Math.abs(r.forecast.mae - r.baseline.mae) < 1e-9);
});
