/**
 * Synthetic customer profiles with known segments, for tests and benchmarks: each segment has a
 * typical follower/following/listed/tweet count (log-normal around it) and a sentiment profile.
 */
import { gaussian, seededRng } from '../random';
import type { CustomerProfile } from './customers';

export interface SyntheticProfiles {
  profiles: CustomerProfile[];
  labels: Int32Array;
}

const SEGMENTS = [
  { followers: 80, following: 300, listed: 0.5, tweets: 200, polarity: 0.4, subjectivity: 0.6, tags: ['coffee', 'morning'] },
  { followers: 250_000, following: 400, listed: 2_000, tweets: 30_000, polarity: 0.1, subjectivity: 0.3, tags: ['news', 'breaking'] },
  { followers: 3_000, following: 2_500, listed: 40, tweets: 8_000, polarity: -0.5, subjectivity: 0.8, tags: ['fail', 'support'] },
  { followers: 15, following: 40, listed: 0, tweets: 10, polarity: 0, subjectivity: 0.1, tags: ['giveaway'] },
  { followers: 20_000, following: 900, listed: 300, tweets: 60_000, polarity: 0.6, subjectivity: 0.9, tags: ['launch', 'love'] },
  { followers: 600, following: 5_000, listed: 2, tweets: 1_500, polarity: -0.2, subjectivity: 0.4, tags: ['deal'] },
  { followers: 1_000_000, following: 50, listed: 20_000, tweets: 3_000, polarity: 0.3, subjectivity: 0.2, tags: ['music'] },
  { followers: 40, following: 1_000, listed: 0, tweets: 50_000, polarity: -0.7, subjectivity: 0.5, tags: ['spam'] },
];

/** `k` ≤ 8 segments; `spread` is the log-space standard deviation (small = well separated). */
export function syntheticProfiles(n: number, k: number, seed = 1, spread = 0.25): SyntheticProfiles {
  if (k < 1 || k > SEGMENTS.length) throw new RangeError(`k must be 1..${SEGMENTS.length}`);
  const rng = seededRng(seed);
  const profiles: CustomerProfile[] = new Array(n);
  const labels = new Int32Array(n);
  const ln = (typical: number) => Math.max(0, Math.round(Math.expm1(Math.log1p(typical) + spread * gaussian(rng)) * 100) / 100);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    const s = SEGMENTS[c];
    labels[i] = c;
    profiles[i] = {
      id: `u${i}`,
      followers: ln(s.followers),
      following: ln(s.following),
      listed: ln(s.listed),
      tweets: ln(s.tweets),
      polarity: Math.max(-1, Math.min(1, s.polarity + 0.15 * spread * gaussian(rng))),
      subjectivity: Math.max(0, Math.min(1, s.subjectivity + 0.15 * spread * gaussian(rng))),
      hashtags: s.tags,
    };
  }
  return { profiles, labels };
}
