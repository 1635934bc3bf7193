// Influence history periods: fixed-length windows aligned to Monday 1970-01-05 00:00 UTC, so weekly
// periods start on Mondays and every process agrees on a period's key without coordination.

const DAY = 86_400_000;
const ORIGIN = Date.UTC(1970, 0, 5);

/** Start (epoch ms) of the period of length `days` that contains `at`. */
export function periodStart(at: number, days: number): number {
  if (!(Number.isInteger(days) && days >= 1)) throw new RangeError(`period length must be a whole number of days >= 1, got ${days}`);
  const len = days * DAY;
  return ORIGIN + Math.floor((at - ORIGIN) / len) * len;
}

/** The period's key: the UTC date it starts on (YYYY-MM-DD); keys sort in time order. */
export function periodKey(at: number, days: number): string {
  return new Date(periodStart(at, days)).toISOString().slice(0, 10);
}

/** Start of the oldest period kept when `keep` periods (the current one included) are retained. */
export function retentionCutoff(at: number, days: number, keep: number): number {
  if (!(Number.isInteger(keep) && keep >= 1)) throw new RangeError(`periods to keep must be a whole number >= 1, got ${keep}`);
  return periodStart(at, days) - (keep - 1) * days * DAY;
}
