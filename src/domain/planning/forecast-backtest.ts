// Backtest of the influence forecast on stored history: at every origin period t, forecast t+1
// from periods up to t and compare with what t+1 turned out to be, against "next = now".

import { forecastInfluence, type ForecastOptions, type ForecastPoint } from './forecast';

/** Ranks (1 = smallest), ties sharing their average rank. */
export function ranks(xs: readonly number[]): number[] {
  const idx = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && xs[idx[j + 1]!] === xs[idx[i]!]) j++;
    for (let k = i; k <= j; k++) r[idx[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

/** Spearman rank correlation (Pearson on tie-averaged ranks); NaN when either side is constant. */
export function spearman(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError('spearman: lists of different lengths');
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  const ma = ra.reduce((s, x) => s + x, 0) / n;
  const mb = rb.reduce((s, x) => s + x, 0) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = ra[i]! - ma;
    const db = rb[i]! - mb;
    sab += da * db; saa += da * da; sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Indexes of the k largest values (ties broken by index, so the answer is deterministic). */
export function topK(xs: readonly number[], k: number): number[] {
  return xs.map((_, i) => i).sort((a, b) => xs[b]! - xs[a]! || a - b).slice(0, k);
}

/** Share of the predicted top k that is in the actual top k. */
export function precisionAtK(predicted: readonly number[], actual: readonly number[], k: number): number {
  const n = Math.min(k, predicted.length);
  if (!n) return NaN;
  const truth = new Set(topK(actual, n));
  return topK(predicted, n).filter((i) => truth.has(i)).length / n;
}

/** One person's history: their points by period index (gaps allowed). */
export type HistoryTable = Map<string, Map<number, ForecastPoint>>;

export interface BacktestScores { spearman: number; precisionAtK: number; mae: number }
export interface OriginResult { origin: number; people: number; forecast: BacktestScores; baseline: BacktestScores; coverage: number }
export interface BacktestResult {
  k: number;
  origins: OriginResult[];
  /** Means over origins. */
  forecast: BacktestScores;
  baseline: BacktestScores;
  /** Share of actual values inside the forecast's interval. */
  coverage: number;
}

function scores(pred: number[], actual: number[], k: number): BacktestScores {
  const mae = pred.reduce((s, p, i) => s + Math.abs(p - actual[i]!), 0) / pred.length;
  return { spearman: spearman(pred, actual), precisionAtK: precisionAtK(pred, actual, k), mae };
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const meanOf = (rs: BacktestScores[]): BacktestScores => ({
  spearman: mean(rs.map((r) => r.spearman)), precisionAtK: mean(rs.map((r) => r.precisionAtK)), mae: mean(rs.map((r) => r.mae)),
});

/**
 * Rolling-origin backtest over periods 0..periods-1. A person takes part at origin t when they
 * have t and t+1; their forecast uses their consecutive periods ending at t, at least `minHistory`.
 */
export function backtest(table: HistoryTable, periods: number, options: { k?: number; minHistory?: number; forecast?: ForecastOptions } = {}): BacktestResult {
  const k = options.k ?? 50;
  const minHistory = options.minHistory ?? 3;
  const origins: OriginResult[] = [];
  for (let t = minHistory - 1; t + 1 < periods; t++) {
    const pred: number[] = [];
    const base: number[] = [];
    const actual: number[] = [];
    let inside = 0;
    for (const points of table.values()) {
      const next = points.get(t + 1);
      if (!next || !points.has(t)) continue;
      const hist: ForecastPoint[] = [];
      for (let i = t; i >= 0 && points.has(i); i--) hist.unshift(points.get(i)!);
      if (hist.length < minHistory) continue;
      const f = forecastInfluence(hist, options.forecast);
      pred.push(f.predicted);
      base.push(f.current);
      actual.push(next.score);
      if (next.score >= f.low && next.score <= f.high) inside++;
    }
    if (actual.length < 2) continue;
    origins.push({ origin: t, people: actual.length, forecast: scores(pred, actual, k), baseline: scores(base, actual, k), coverage: inside / actual.length });
  }
  if (!origins.length) throw new RangeError(`backtest: no origin with two or more people having ${minHistory}+ periods and the next one`);
  return {
    k, origins,
    forecast: meanOf(origins.map((o) => o.forecast)), baseline: meanOf(origins.map((o) => o.baseline)),
    coverage: mean(origins.map((o) => o.coverage)),
  };
}
