// A seeded synthetic market of candidates for tests and bench:plans: heavy-tailed followers,
// audiences drawn from shared communities (so overlap is real), countries across regions.
import { gaussian, seededRng } from '../domain/analytics/random';
import type { Candidate } from '../domain/planning';

const COUNTRIES: { code: string; lat: number; lon: number }[] = [
  { code: 'US', lat: 40.7, lon: -74 }, { code: 'US', lat: 34.05, lon: -118.2 }, { code: 'CA', lat: 43.7, lon: -79.4 },
  { code: 'GB', lat: 51.5, lon: -0.13 }, { code: 'DE', lat: 52.5, lon: 13.4 }, { code: 'FR', lat: 48.86, lon: 2.35 },
  { code: 'ES', lat: 40.4, lon: -3.7 }, { code: 'BR', lat: -23.5, lon: -46.6 }, { code: 'MX', lat: 19.4, lon: -99.1 },
  { code: 'IN', lat: 19.1, lon: 72.9 }, { code: 'JP', lat: 35.7, lon: 139.7 }, { code: 'AU', lat: -33.9, lon: 151.2 },
  { code: 'NG', lat: 6.5, lon: 3.4 }, { code: 'ZA', lat: -26.2, lon: 28.05 },
];

export interface WorldOptions { candidates: number; communities?: number; seed?: number; suppressedShare?: number; conversationShare?: number }

export function syntheticCandidates(o: WorldOptions): Candidate[] {
  const rng = seededRng(o.seed ?? 7);
  const communities = o.communities ?? Math.max(4, Math.round(o.candidates / 15));
  const communitySize = 400;
  const out: Candidate[] = [];
  for (let i = 0; i < o.candidates; i++) {
    const followers = Math.round(Math.exp(7 + 1.8 * Math.abs(gaussian(rng)) + rng()));
    const home = Math.floor(rng() * communities);
    const mine = rng() < 0.3 ? [home, Math.floor(rng() * communities)] : [home];
    const seen = Math.min(communitySize, Math.round(3 + 4 * Math.log10(followers) + rng() * 10));
    const retweeters = new Set<string>();
    for (let k = 0; k < seen; k++) {
      const c = mine[Math.floor(rng() * mine.length)]!;
      // Within a community the big names share the core; a tail of one-off retweeters is their own.
      retweeters.add(rng() < 0.7 ? `c${c}-${Math.floor(Math.pow(rng(), 2) * communitySize)}` : `own${i}-${k}`);
    }
    const where = rng() < 0.1 ? null : COUNTRIES[Math.floor(rng() * COUNTRIES.length)]!;
    const posts = 1 + Math.floor(rng() * 12);
    const rate = 0.002 + 0.02 * rng();
    const postEngagements = Array.from({ length: posts }, () => Math.max(0, Math.round(followers * rate * (0.5 + rng()))));
    const polarity = Math.max(-1, Math.min(1, 0.2 + 0.4 * gaussian(rng)));
    const positiveTweets = Math.round(posts * Math.max(0, Math.min(1, (polarity + 1) / 2)));
    out.push({
      xUserId: String(1_000_000 + i), username: `creator${i}`, followers,
      score: Math.log10(followers) / 7 + 0.3 * rng(), country: where?.code ?? null,
      coordinates: where ? { lat: where.lat + gaussian(rng), lon: where.lon + gaussian(rng) } : null,
      polarity, postEngagements, positiveTweets, tweets: posts, retweeters: [...retweeters],
      suppressed: rng() < (o.suppressedShare ?? 0.03), inConversation: rng() < (o.conversationShare ?? 0.05),
    });
  }
  return out;
}
