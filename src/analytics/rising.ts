// Rising influencers: every person's next-period forecast from the stored history, ranked by the
// predicted gain. Computed once after each history write (the history step) and stored, because
// reading the history scans it; GET /influencers/rising and `chirpflow influencers rising` read
// the stored list (computed live only before the first one exists).
import type { Db } from 'mongodb';
import { FORECAST_DEFAULTS, forecastInfluence, oneStepErrors, type Trend } from '../domain/planning/forecast';
import { recentHistories, type PersonHistory } from './influence-history';
import { risingDocs } from '../store/influence-history';

export interface RisingItem { xUserId: string; username: string | null; current: number; predicted: number; low: number; high: number; trend: Trend }
export interface RisingResult { period: string | null; items: RisingItem[] }

/** Periods read per person: the forecast's window plus a few more for its one-step errors. */
const PERIODS_READ = FORECAST_DEFAULTS.window + 4;

/**
 * Spread of everyone's latest one-step error (root mean square): the interval a person starts from
 * before their own history says otherwise. Falls back to the default with too few people.
 */
export function pooledSigma(people: PersonHistory[]): number {
  const last = people.filter((p) => p.points.length >= 3).map((p) => oneStepErrors(p.points.slice(-(FORECAST_DEFAULTS.window + 1))).at(-1)!);
  if (last.length < 10) return FORECAST_DEFAULTS.priorSigma;
  return Math.sqrt(last.reduce((s, e) => s + e * e, 0) / last.length);
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** The most items any caller may ask for (the API's and the CLI's limit). */
export const RISING_MAX = 500;

/** Computes the list from the history and stores it; returns how many people have a forecast. */
export async function refreshRising(db: Db, now: Date): Promise<number> {
  const r = await computeRising(db, RISING_MAX);
  await risingDocs<RisingItem>(db).replaceOne({ _id: 'latest' }, { period: r.period, items: r.items, computedAt: now }, { upsert: true });
  return r.items.length;
}

export async function risingInfluencers(db: Db, limit: number): Promise<RisingResult> {
  const stored = await risingDocs<RisingItem>(db).findOne({ _id: 'latest' });
  if (!stored) return computeRising(db, limit);
  return { period: stored.period, items: stored.items.slice(0, limit) };
}

export async function computeRising(db: Db, limit: number): Promise<RisingResult> {
  const { period, people } = await recentHistories(db, PERIODS_READ);
  // Someone seen in one period only has no trend to speak of.
  const withTrend = people.filter((p) => p.points.length >= 2);
  const priorSigma = pooledSigma(withTrend);
  const items = withTrend.map((p) => {
    const f = forecastInfluence(p.points, { priorSigma });
    return { xUserId: p.userId, username: p.username, current: round(f.current), predicted: round(f.predicted), low: round(f.low), high: round(f.high), trend: f.trend };
  });
  items.sort((a, b) => (b.predicted - b.current) - (a.predicted - a.current) || b.predicted - a.predicted || (a.xUserId < b.xUserId ? -1 : 1));
  return { period, items: items.slice(0, limit) };
}
