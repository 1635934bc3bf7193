// Stored influence history as the backtest's table: person → period index → point.
import type { Db } from 'mongodb';
import type { HistoryTable } from '../domain/planning/forecast-backtest';
import { historyPeriods, snapshotsOf } from '../store/influence-history';
import { toPoint } from './influence-history';

export async function historyTable(db: Db): Promise<{ table: HistoryTable; periods: string[] }> {
  const periods = await historyPeriods(db);
  const index = new Map(periods.map((p, i) => [p, i]));
  const table: HistoryTable = new Map();
  for (const s of await snapshotsOf(db, periods)) {
    (table.get(s.userId) ?? table.set(s.userId, new Map()).get(s.userId)!).set(index.get(s.period)!, toPoint(s));
  }
  return { table, periods };
}
