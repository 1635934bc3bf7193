// The audience-overlap model. Each candidate's audience (its followers) is split into segments by
// what its observed retweeters also retweet: a retweeter of A who also retweets B is evidence that
// part of A's audience is B's audience too. Segments shared by several candidates are counted once
// however many of them are bought, so two influencers with the same audience do not add up.
import type { Rng } from '../analytics/random';

/**
 * Pseudo-observations of "own audience" added to every candidate's retweeters: with few retweeters
 * seen, a candidate's audience is assumed mostly its own rather than wholly shared.
 */
export const OWN_AUDIENCE_PRIOR = 5;

/** The observed retweeters, grouped by which candidates (indices) each of them retweeted. */
export interface AudienceSample {
  followers: number[];
  /** One group per distinct set of candidates retweeted; `count` people share it. */
  groups: { members: number[]; count: number }[];
}

export interface AudienceModel {
  /** The part of each candidate's audience no other candidate reaches. */
  own: number[];
  /** Audience shared by two or more candidates: reached once if any member is bought. */
  shared: { members: number[]; size: number }[];
}

export function audienceSample(cands: { followers: number; retweeters: readonly string[] }[]): AudienceSample {
  const sig = new Map<string, number[]>();
  cands.forEach((c, i) => {
    for (const u of new Set(c.retweeters)) (sig.get(u) ?? sig.set(u, []).get(u)!).push(i);
  });
  const groups = new Map<string, { members: number[]; count: number }>();
  for (const members of sig.values()) {
    const key = members.join(',');
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { members, count: 1 });
  }
  return { followers: cands.map((c) => Math.max(1, c.followers)), groups: [...groups.values()].sort((a, b) => cmp(a.members, b.members)) };
}

const cmp = (a: number[], b: number[]) => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
};

/**
 * Segment sizes in people. A candidate's share of a segment is the fraction of its retweeters (plus
 * the own-audience prior) in that segment; a shared segment's size is the smallest of its members'
 * estimates (conservative: a small account fully inside a big one's audience adds nothing).
 * `counts` replaces the groups' counts (a bootstrap replicate).
 */
export function audienceModel(s: AudienceSample, counts?: number[]): AudienceModel {
  const n = s.followers.length;
  const seen = new Array<number>(n).fill(0);
  s.groups.forEach((g, k) => { for (const m of g.members) seen[m]! += counts ? counts[k]! : g.count; });
  const own = s.followers.slice();
  const shared: AudienceModel['shared'] = [];
  s.groups.forEach((g, k) => {
    const c = counts ? counts[k]! : g.count;
    if (g.members.length < 2 || c === 0) return;
    let size = Infinity;
    for (const m of g.members) size = Math.min(size, (s.followers[m]! * c) / (seen[m]! + OWN_AUDIENCE_PRIOR));
    for (const m of g.members) own[m]! -= (s.followers[m]! * c) / (seen[m]! + OWN_AUDIENCE_PRIOR);
    shared.push({ members: g.members, size });
  });
  return { own: own.map((x) => Math.max(0, x)), shared };
}

/** Bootstrap replicate of the group counts: the observed retweeters resampled with replacement. */
export function resampleCounts(s: AudienceSample, rng: Rng): number[] {
  const total = s.groups.reduce((a, g) => a + g.count, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const g of s.groups) cum.push((acc += g.count));
  const out = new Array<number>(s.groups.length).fill(0);
  for (let d = 0; d < total; d++) {
    const r = rng() * total;
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid]! > r) hi = mid; else lo = mid + 1; }
    out[lo]!++;
  }
  return out;
}

/** Value of a segment per person reached: the mean of its members' per-person values. */
export const segmentRate = (members: number[], rate: number[]) => members.reduce((a, m) => a + rate[m]!, 0) / members.length;

/** Reach (people) and goal value of buying `chosen`, each shared segment counted once. */
export function evaluate(model: AudienceModel, rate: number[], chosen: ReadonlySet<number>): { reach: number; value: number } {
  let reach = 0, value = 0;
  for (const i of chosen) { reach += model.own[i]!; value += model.own[i]! * rate[i]!; }
  for (const seg of model.shared) {
    if (!seg.members.some((m) => chosen.has(m))) continue;
    reach += seg.size;
    value += seg.size * segmentRate(seg.members, rate);
  }
  return { reach, value };
}

/** Reach per candidate in `chosen` for the map: own part plus an equal split of shared segments. */
export function reachShares(model: AudienceModel, chosen: ReadonlySet<number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const i of chosen) out.set(i, model.own[i]!);
  for (const seg of model.shared) {
    const got = seg.members.filter((m) => chosen.has(m));
    for (const m of got) out.set(m, out.get(m)! + seg.size / got.length);
  }
  return out;
}
