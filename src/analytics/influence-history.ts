// The influence schedule's history step: after a run, each person's overall influence (scope
// 'all') is kept as the snapshot of the current period, and periods beyond the retention go.
// The schedule runs every few minutes; a period's snapshots are rewritten at most once per
// `refreshMs` (default a day), so the history costs one pass a day, not one per run, and a period
// ends holding its state from its last day.
import type { Db } from 'mongodb';
import { periodKey, periodStart, retentionCutoff } from '../domain/planning/forecast-periods';
import type { ForecastPoint } from '../domain/planning/forecast';
import { analytics } from '../store/analytics';
import { historyPeriods, markPeriod, periodDoc, pruneHistory, snapshotId, snapshotsOf, writeSnapshots, type InfluenceSnapshot } from '../store/influence-history';

export interface HistorySettings { periodDays: number; keep: number; refreshMs?: number }
export interface SnapshotResult { period: string; written: number; pruned: number; skipped?: true }

const PAGE = 1000;
const DAY = 86_400_000;

/** Snapshots every person's current overall influence into the period of `at`, then prunes. */
export async function snapshotInfluence(db: Db, at: number, s: HistorySettings, onPage: () => void = () => undefined): Promise<SnapshotResult> {
  const period = periodKey(at, s.periodDays);
  const start = new Date(periodStart(at, s.periodDays));
  const takenAt = new Date(at);
  const last = await periodDoc(db, period);
  // Also skips a run older than the last write (never replaces newer figures with older ones).
  if (last && at - last.takenAt.getTime() < (s.refreshMs ?? DAY)) return { period, written: 0, pruned: 0, skipped: true };
  const cursor = analytics(db).influence.find({ scope: 'all' }, {
    projection: { userId: 1, username: 1, score: 1, breakdown: 1, followers: 1, tweets: 1, retweets: 1 }, batchSize: PAGE,
  });
  let page: InfluenceSnapshot[] = [];
  let written = 0;
  const flush = async () => { await writeSnapshots(db, page); written += page.length; page = []; onPage(); };
  for await (const d of cursor) {
    page.push({
      _id: snapshotId(d.userId, period), userId: d.userId, period, periodStart: start, username: d.username ?? null,
      score: d.score, reach: d.breakdown?.reach ?? 0, resonance: d.breakdown?.resonance ?? 0, relevance: d.breakdown?.relevance ?? 0, depth: d.breakdown?.depth ?? 0,
      followers: d.followers ?? 0, tweets: d.tweets ?? 0, retweets: d.retweets ?? 0, takenAt,
    });
    if (page.length >= PAGE) await flush();
  }
  if (page.length) await flush();
  await markPeriod(db, { _id: period, periodStart: start, takenAt, people: written });
  const pruned = await pruneHistory(db, new Date(retentionCutoff(at, s.periodDays, s.keep)));
  return { period, written, pruned };
}

export interface PersonHistory { userId: string; username: string | null; points: ForecastPoint[] }

/**
 * The last `periods` stored periods, per person who has the latest one: their consecutive run of
 * periods ending there (a gap cuts the older part off), oldest first.
 */
export async function recentHistories(db: Db, periods: number): Promise<{ period: string | null; people: PersonHistory[] }> {
  const keys = (await historyPeriods(db)).slice(-periods);
  const latest = keys[keys.length - 1] ?? null;
  if (!latest) return { period: null, people: [] };
  const index = new Map(keys.map((k, i) => [k, i]));
  const byUser = new Map<string, InfluenceSnapshot[]>();
  for (const s of await snapshotsOf(db, keys)) (byUser.get(s.userId) ?? byUser.set(s.userId, []).get(s.userId)!).push(s);
  const people: PersonHistory[] = [];
  for (const [userId, snaps] of byUser) {
    const last = snaps[snaps.length - 1]!;
    if (last.period !== latest) continue;
    let from = snaps.length - 1;
    while (from > 0 && index.get(snaps[from - 1]!.period) === index.get(snaps[from]!.period)! - 1) from--;
    people.push({ userId, username: last.username, points: snaps.slice(from).map(toPoint) });
  }
  return { period: latest, people };
}

export const toPoint = (s: Pick<InfluenceSnapshot, 'score' | 'reach' | 'followers' | 'retweets' | 'tweets'>): ForecastPoint =>
  ({ score: s.score, reach: s.reach, followers: s.followers, retweets: s.retweets, tweets: s.tweets });
