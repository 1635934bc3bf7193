// Next-period influence from a person's history. The score splits into audience (reach: followers,
// listed…, which move slowly and keep their direction) and engagement (resonance + cascade depth +
// relevance: retweets and mentions received, which come in bursts and fall back). The audience
// carries its robust trend (Theil–Sen slope over the last few periods) forward, damped; engagement
// is pulled halfway back to its robust level, so one burst is neither carried over whole nor sets
// a trend. The interval comes from the method's own one-step errors on the person's history.

/** One period of a person's history (the influence job's outputs for that period). */
export interface ForecastPoint {
  score: number;
  /** The score's audience part (breakdown.reach). */
  reach: number;
  followers?: number;
  retweets?: number;
  tweets?: number;
}

export type Trend = 'rising' | 'steady' | 'fading';

export interface Forecast {
  current: number;
  predicted: number;
  low: number;
  high: number;
  trend: Trend;
}

export interface ForecastOptions {
  /** Periods ahead (1 = next period). */
  horizon?: number;
  /** Periods the trends look back over, the current one included. */
  window?: number;
  /** Weight of the last engagement value against its trend line (the rest reverts to the line). */
  engagementPersistence?: number;
  /** Share of each trend assumed to continue per period ahead. */
  audienceDamping?: number;
  engagementDamping?: number;
  /** Spread of one-step errors assumed before a person has history of their own (score units). */
  priorSigma?: number;
  /** Central coverage of the interval (0.8 = 10th to 90th percentile). */
  coverage?: number;
}

export const FORECAST_DEFAULTS = {
  // engagementDamping 0: on the seeded world (bench:forecast) carrying the engagement trend
  // forward lowered every backtest figure — per-period engagement is mostly noise around a level.
  horizon: 1, window: 6, engagementPersistence: 0.5, audienceDamping: 0.8, engagementDamping: 0, priorSigma: 0.5, coverage: 0.8,
} as const satisfies Required<ForecastOptions>;

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Theil–Sen line through (i, ys[i]): slope = median of pairwise slopes; its value at the last i. */
export function robustLine(ys: readonly number[]): { slope: number; last: number } {
  if (ys.length < 2) return { slope: 0, last: ys[0] ?? 0 };
  const slopes: number[] = [];
  for (let i = 0; i < ys.length; i++) for (let j = i + 1; j < ys.length; j++) slopes.push((ys[j]! - ys[i]!) / (j - i));
  const slope = median(slopes);
  const intercept = median(ys.map((y, i) => y - slope * i));
  return { slope, last: intercept + slope * (ys.length - 1) };
}

/** Point forecast only (no interval): what the interval's one-step errors are measured on. */
export function pointForecast(history: readonly ForecastPoint[], options: ForecastOptions = {}): number {
  if (!history.length) throw new RangeError('a forecast needs at least one period of history');
  const o = { ...FORECAST_DEFAULTS, ...options };
  const recent = history.slice(-o.window);
  const last = recent[recent.length - 1]!;
  if (recent.length < 2) return last.score;
  const h = o.horizon;
  const audience = recent.map((p) => p.reach);
  const engagement = recent.map((p) => p.score - p.reach);
  const a = robustLine(audience);
  const e = robustLine(engagement);
  // Damped trend: sum of damping^1..h of the slope.
  const carry = (damping: number) => { let s = 0; for (let k = 1, d = damping; k <= h; k++, d *= damping) s += d; return s; };
  const audienceNext = last.reach + a.slope * carry(o.audienceDamping);
  const eLast = engagement[engagement.length - 1]!;
  const engagementNext = o.engagementPersistence * eLast + (1 - o.engagementPersistence) * e.last + e.slope * carry(o.engagementDamping);
  return audienceNext + engagementNext;
}

/** z for a central interval of the given coverage (normal approximation). */
export function zFor(coverage: number): number {
  if (!(coverage > 0 && coverage < 1)) throw new RangeError(`coverage must be in (0, 1), got ${coverage}`);
  // Abramowitz & Stegun 26.2.23 (absolute error < 4.5e-4).
  const p = 0.5 + coverage / 2;
  const t = Math.sqrt(-2 * Math.log(1 - p));
  return t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
}

/** One-step errors of the point forecast over the person's own history (actual − predicted). */
export function oneStepErrors(history: readonly ForecastPoint[], options: ForecastOptions = {}): number[] {
  const out: number[] = [];
  for (let t = 1; t < history.length; t++) out.push(history[t]!.score - pointForecast(history.slice(0, t), { ...options, horizon: 1 }));
  return out;
}

/** Forecast with interval and trend. The spread shrinks from `priorSigma` toward the person's own. */
export function forecastInfluence(history: readonly ForecastPoint[], options: ForecastOptions = {}): Forecast {
  const o = { ...FORECAST_DEFAULTS, ...options };
  if (!(Number.isInteger(o.horizon) && o.horizon >= 1)) throw new RangeError(`horizon must be a whole number >= 1, got ${o.horizon}`);
  const predicted = pointForecast(history, o);
  const current = history[history.length - 1]!.score;
  const errs = oneStepErrors(history.slice(-(o.window + 3)), o);
  const prior = 2; // pseudo-observations of priorSigma
  const sigma1 = Math.sqrt((errs.reduce((s, x) => s + x * x, 0) + prior * o.priorSigma ** 2) / (errs.length + prior));
  const half = zFor(o.coverage) * sigma1 * Math.sqrt(o.horizon);
  const gain = predicted - current;
  // A change counts as a trend when it stands out from the person's own noise.
  const threshold = Math.max(0.05, 0.25 * sigma1);
  const trend: Trend = gain > threshold ? 'rising' : gain < -threshold ? 'fading' : 'steady';
  return { current, predicted, low: predicted - half, high: predicted + half, trend };
}
