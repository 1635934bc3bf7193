// The forecast and backtest as pure functions: trends carry on, bursts fall back, the interval
// follows the person's own noise, and the backtest's metrics are the textbook ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forecastInfluence, median, pointForecast, robustLine, zFor, type ForecastPoint } from '../../src/domain/planning/forecast';
import { backtest, precisionAtK, ranks, spearman, topK, type HistoryTable } from '../../src/domain/planning/forecast-backtest';
import { periodKey, periodStart, retentionCutoff } from '../../src/domain/planning/forecast-periods';

const pt = (reach: number, engagement: number): ForecastPoint => ({ score: reach + engagement, reach });
const series = (f: (i: number) => [number, number], n: number) => Array.from({ length: n }, (_, i) => pt(...f(i)));

test('a flat history forecasts itself, steady', () => {
  const f = forecastInfluence(series(() => [3, 1], 6));
  assert.ok(Math.abs(f.predicted - 4) < 1e-9);
  assert.equal(f.current, 4);
  assert.equal(f.trend, 'steady');
  assert.ok(f.low < f.predicted && f.predicted < f.high);
});

test('a steady rise in audience and engagement carries on (damped): rising, above now', () => {
  const f = forecastInfluence(series((i) => [2 + 0.3 * i, 0.5 + 0.2 * i], 6));
  assert.ok(f.predicted > f.current, `${f.predicted} > ${f.current}`);
  assert.ok(f.predicted < f.current + 0.5 + 1e-9, 'no more than the full trend');
  assert.equal(f.trend, 'rising');
});

test('a fading audience forecasts below now', () => {
  const f = forecastInfluence(series((i) => [5 - 0.4 * i, 1], 6));
  assert.ok(f.predicted < f.current);
  assert.equal(f.trend, 'fading');
});

test('a one-period burst of engagement is not carried over whole', () => {
  const h = series((i) => [3, i === 5 ? 3 : 0.5], 6);
  const f = forecastInfluence(h);
  assert.ok(f.predicted < f.current - 0.5, `${f.predicted} well below the burst ${f.current}`);
  assert.ok(f.predicted > 3.5 - 1e-9, 'still at least the usual level');
});

test('one period of history: the forecast is now, with the prior interval', () => {
  const f = forecastInfluence([pt(2, 1)], { priorSigma: 0.5 });
  assert.equal(f.predicted, 3);
  assert.ok(Math.abs((f.high - f.low) / 2 - zFor(0.8) * 0.5) < 1e-9);
});

test('the interval widens with the person\'s own noise and with the horizon', () => {
  const calm = forecastInfluence(series((i) => [3, 1 + 0.01 * (i % 2)], 8));
  const noisy = forecastInfluence(series((i) => [3, 1 + 1.5 * (i % 2)], 8));
  assert.ok(noisy.high - noisy.low > calm.high - calm.low);
  const h1 = forecastInfluence(series((i) => [3, 1 + 0.5 * (i % 2)], 8));
  const h3 = forecastInfluence(series((i) => [3, 1 + 0.5 * (i % 2)], 8), { horizon: 3 });
  assert.ok(h3.high - h3.low > h1.high - h1.low);
});

test('bad input is refused with a reason', () => {
  assert.throws(() => pointForecast([]), /at least one period/);
  assert.throws(() => forecastInfluence([pt(1, 1)], { horizon: 0 }), /horizon/);
  assert.throws(() => zFor(1), /coverage/);
});

test('helpers: median, Theil–Sen line, z', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 2, 3]), 2.5);
  const l = robustLine([1, 2, 30, 4, 5]);
  assert.equal(l.slope, 1);
  assert.equal(l.last, 5);
  assert.ok(Math.abs(zFor(0.8) - 1.2816) < 1e-3);
  assert.ok(Math.abs(zFor(0.95) - 1.96) < 1e-3);
});

test('ranks average ties; Spearman is 1 / -1 for monotone relations and handles ties', () => {
  assert.deepEqual(ranks([10, 20, 20, 5]), [2, 3.5, 3.5, 1]);
  assert.equal(spearman([1, 2, 3, 4], [10, 100, 1000, 10_000]), 1);
  assert.equal(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  // Textbook example: d² sum = 2 over n = 5 without ties → 1 − 6·2 / (5·24) = 0.9.
  assert.ok(Math.abs(spearman([1, 2, 3, 4, 5], [2, 1, 3, 4, 5]) - 0.9) < 1e-12);
});

test('precision@k: share of the predicted top k that is really in the top k', () => {
  assert.deepEqual(topK([5, 9, 1, 7], 2), [1, 3]);
  assert.equal(precisionAtK([5, 9, 1, 7], [5, 9, 1, 7], 2), 1);
  assert.equal(precisionAtK([5, 9, 1, 7], [9, 1, 7, 8], 2), 0.5);
  assert.equal(precisionAtK([1, 2, 3, 4], [4, 3, 2, 1], 2), 0);
});

test('backtest: rolling origins, only people with the history and the next period, against next = now', () => {
  // Two people rise steadily, two stay flat; the risers overtake the flat ones at the last period.
  const table: HistoryTable = new Map();
  const add = (id: string, f: (i: number) => number, periods = 6) => table.set(id, new Map(Array.from({ length: periods }, (_, i) => [i, pt(f(i), 0)])));
  add('a', (i) => 1 + i);
  add('b', (i) => 0.5 + i);
  add('c', () => 5.2);
  add('d', () => 5.1);
  add('short', (i) => i, 2); // too little history: never takes part
  const r = backtest(table, 6, { k: 2, minHistory: 3 });
  assert.deepEqual(r.origins.map((o) => o.origin), [2, 3, 4]);
  assert.ok(r.origins.every((o) => o.people === 4));
  assert.ok(r.forecast.mae < r.baseline.mae);
  // At origin 4 now = (5, 4.5, 5.2, 5.1): the baseline ranks the flat ones first; actual = (6, 5.5, 5.2, 5.1).
  const last = r.origins.at(-1)!;
  assert.equal(last.baseline.precisionAtK, 0);
  assert.equal(last.forecast.precisionAtK, 1);
  assert.throws(() => backtest(table, 6, { minHistory: 7 }), /no origin/);
});

test('periods: Monday-aligned weeks, keys sort in time order, retention cutoff', () => {
  const wed = Date.UTC(2026, 10, 25, 15); // Wednesday 25 Nov 2026
  assert.equal(periodKey(wed, 7), '2026-11-23');
  assert.equal(periodStart(Date.UTC(2026, 10, 23), 7), Date.UTC(2026, 10, 23));
  assert.equal(periodKey(wed, 1), '2026-11-25');
  assert.equal(retentionCutoff(wed, 7, 3), Date.UTC(2026, 10, 9));
  assert.throws(() => periodStart(wed, 0), /whole number of days/);
  assert.throws(() => retentionCutoff(wed, 7, 0), /keep/);
});
