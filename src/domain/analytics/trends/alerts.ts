/**
 * Crisis alerts: the last hour against a rolling baseline of the previous hours (12 by default).
 *
 * Volume spike: count ≥ minVolume, ratio to the baseline mean ≥ volumeRatio and z ≥ volumeZ, where
 * the baseline sd is floored at √mean (Poisson noise) and 1 so that a flat baseline does not turn
 * every small wobble into an infinite z-score.
 * Sentiment drop: the hour has ≥ minSentimentVolume scored tweets, its mean sentiment is at least
 * sentimentDrop below the baseline mean (tweet-weighted over the baseline hours) and the drop is
 * ≥ sentimentZ standard errors, using the baseline's per-tweet sd (floored at 0.1).
 */
import type { HourlyPoint, TrendKind } from './hourly';

export interface HourlySeriesInput {
  kind: TrendKind;
  key: string;
  /** Consecutive hours, oldest first (see hourlySeries). */
  points: readonly HourlyPoint[];
}

export interface AlertOptions {
  baselineHours: number;
  minVolume: number;
  volumeRatio: number;
  volumeZ: number;
  minSentimentVolume: number;
  sentimentDrop: number;
  sentimentZ: number;
  /** Check every hour that has a full baseline (backtests), not only the last. */
  allHours: boolean;
}

export const DEFAULT_ALERT_OPTIONS: AlertOptions = {
  baselineHours: 12,
  minVolume: 20,
  volumeRatio: 2,
  volumeZ: 3,
  minSentimentVolume: 15,
  sentimentDrop: 0.25,
  sentimentZ: 3,
  allHours: false,
};

export interface Alert {
  kind: TrendKind;
  key: string;
  hour: string;
  type: 'volume_spike' | 'sentiment_drop';
  observed: number;
  baseline: number;
  zScore: number;
  /** Human-readable reasons, e.g. "212 tweets vs 31.5/h baseline (6.7×, z = 30.1)". */
  reasons: string[];
}

export function detectAlerts(series: HourlySeriesInput | readonly HourlySeriesInput[], options: Partial<AlertOptions> = {}): Alert[] {
  const opts = { ...DEFAULT_ALERT_OPTIONS, ...options };
  const list = Array.isArray(series) ? (series as readonly HourlySeriesInput[]) : [series as HourlySeriesInput];
  const alerts: Alert[] = [];
  for (const s of list) {
    const last = s.points.length - 1;
    const first = opts.allHours ? opts.baselineHours : last;
    for (let i = Math.max(first, opts.baselineHours); i <= last; i++) {
      alerts.push(...checkHour(s, i, opts));
    }
  }
  return alerts;
}

function checkHour(s: HourlySeriesInput, i: number, o: AlertOptions): Alert[] {
  const cur = s.points[i];
  const base = s.points.slice(i - o.baselineHours, i);
  const out: Alert[] = [];
  const mean = base.reduce((a, p) => a + p.count, 0) / base.length;
  const variance = base.reduce((a, p) => a + (p.count - mean) ** 2, 0) / base.length;
  const sd = Math.max(Math.sqrt(variance), Math.sqrt(mean), 1);
  const z = (cur.count - mean) / sd;
  const ratio = cur.count / Math.max(mean, 1);
  if (cur.count >= o.minVolume && ratio >= o.volumeRatio && z >= o.volumeZ) {
    out.push({
      kind: s.kind,
      key: s.key,
      hour: cur.hour,
      type: 'volume_spike',
      observed: cur.count,
      baseline: mean,
      zScore: z,
      reasons: [
        `${cur.count} tweets vs ${mean.toFixed(1)}/h over the previous ${o.baselineHours} h (${ratio.toFixed(1)}×, z = ${z.toFixed(1)})`,
      ],
    });
  }
  const scored = base.filter((p) => p.avgSentiment !== null && p.sentimentCount > 0);
  const n = scored.reduce((a, p) => a + p.sentimentCount, 0);
  if (cur.avgSentiment !== null && cur.sentimentCount >= o.minSentimentVolume && n >= o.minSentimentVolume) {
    const bMean = scored.reduce((a, p) => a + (p.avgSentiment as number) * p.sentimentCount, 0) / n;
    // Per-tweet spread estimated from the spread of hourly means (×√count), floored.
    const hourVar = scored.reduce((a, p) => a + p.sentimentCount * ((p.avgSentiment as number) - bMean) ** 2, 0) / n;
    const perTweetSd = Math.max(Math.sqrt(hourVar), 0.1);
    const drop = bMean - cur.avgSentiment;
    const z = drop / (perTweetSd / Math.sqrt(cur.sentimentCount));
    if (drop >= o.sentimentDrop && z >= o.sentimentZ) {
      out.push({
        kind: s.kind,
        key: s.key,
        hour: cur.hour,
        type: 'sentiment_drop',
        observed: cur.avgSentiment,
        baseline: bMean,
        zScore: z,
        reasons: [
          `average sentiment ${cur.avgSentiment.toFixed(2)} over ${cur.sentimentCount} tweets vs ${bMean.toFixed(2)} over the previous ${o.baselineHours} h (drop ${drop.toFixed(2)}, z = ${z.toFixed(1)})`,
        ],
      });
    }
  }
  return out;
}
