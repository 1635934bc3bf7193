// A plan: who to pay within the budget and constraints, what it should buy (with an interval), what
// each extra 10 % of budget buys, and where the reach lands.
import { seededRng, type Rng } from '../analytics/random';
import { audienceModel, audienceSample, evaluate, reachShares, resampleCounts, type AudienceModel, type AudienceSample } from './audience';
import { PlanInputError, pricer } from './cost';
import { inRegion, regionOf } from './regions';
import { solveSelection, type SelectionProblem, type SolveOptions } from './solve';
import type { Candidate, ChosenInfluencer, CurvePoint, Goal, PlanRequest, PlanResult, RegionCoverage } from './types';

export const DEFAULT_POOL = 300;
export const MAX_POOL = 1000;
const BOOTSTRAP = 200;
const CURVE_TIME_LIMIT_SEC = 2;

export interface PlanOptions extends SolveOptions { seed?: number; bootstrap?: number; curve?: boolean }

export function checkRequest(r: PlanRequest): void {
  if (!(r.budget > 0) || !Number.isFinite(r.budget)) throw new PlanInputError('budget', 'must be a positive number');
  if (!(r.maxShare > 0 && r.maxShare <= 1)) throw new PlanInputError('maxShare', 'must be in (0, 1]');
  if (r.minSentiment !== null && !(r.minSentiment >= -1 && r.minSentiment <= 1)) throw new PlanInputError('minSentiment', 'must be in [-1, 1]');
  if (!(Number.isInteger(r.poolSize) && r.poolSize >= 1 && r.poolSize <= MAX_POOL)) throw new PlanInputError('poolSize', `must be an integer in 1..${MAX_POOL}`);
  const seen = new Set<string>();
  r.regionShares.forEach((s, i) => {
    if (!(s.min >= 0 && s.max <= 1 && s.min <= s.max)) throw new PlanInputError(`regionShares[${i}]`, 'needs 0 <= min <= max <= 1');
    const key = `${s.region}|${s.of}`;
    if (seen.has(key)) throw new PlanInputError(`regionShares[${i}].region`, `${s.region} (${s.of}) is given twice`);
    seen.add(key);
  });
}

/** Goal value per person reached (1 for reach). */
export function goalRate(c: Candidate, goal: Goal, rng?: Rng): number {
  if (goal === 'reach') return 1;
  if (goal === 'engagement') {
    const e = c.postEngagements;
    if (!e.length) return 0;
    let sum = 0;
    for (let k = 0; k < e.length; k++) sum += rng ? e[Math.floor(rng() * e.length)]! : e[k]!;
    return sum / e.length / Math.max(1, c.followers);
  }
  // Laplace-smoothed share of positive tweets: one or two tweets say little.
  let pos = c.positiveTweets;
  if (rng) { pos = 0; for (let k = 0; k < c.tweets; k++) if (rng() < c.positiveTweets / Math.max(1, c.tweets)) pos++; }
  return (pos + 1) / (c.tweets + 3);
}

export interface Eligible { c: Candidate; cost: number; region: string; standalone: number }

/** Who may be bought: never suppressed / opted out; the request's filters; priced within the per-person cap. */
export function eligibleCandidates(all: Candidate[], r: PlanRequest): Eligible[] {
  const price = pricer(r.cost);
  const cap = r.maxShare * r.budget;
  const out: Eligible[] = [];
  for (const c of all) {
    if (c.suppressed) continue;
    if (r.excludeInConversation && c.inConversation) continue;
    if (r.minSentiment !== null && (c.polarity === null || c.polarity < r.minSentiment)) continue;
    const cost = price(c);
    if (cost === null || cost > cap + 1e-9) continue;
    out.push({ c, cost, region: regionOf(c.country), standalone: Math.max(1, c.followers) * goalRate(c, r.goal) });
  }
  return out;
}

/** The solver's pool: the best by standalone value per unit cost, plus the best of each constrained region. */
export function selectPool(el: Eligible[], r: PlanRequest): Eligible[] {
  const eff = (e: Eligible) => e.standalone / e.cost;
  const ranked = el.slice().sort((a, b) => eff(b) - eff(a) || (a.c.xUserId < b.c.xUserId ? -1 : 1));
  const pool = new Set(ranked.slice(0, r.poolSize));
  const perRegion = Math.max(1, Math.floor(r.poolSize / 4));
  for (const region of new Set(r.regionShares.map((s) => s.region))) {
    let k = 0;
    for (const e of ranked) {
      if (k >= perRegion) break;
      if (inRegion(region, e.c.country)) { pool.add(e); k++; }
    }
  }
  return ranked.filter((e) => pool.has(e));
}

interface Built { pool: Eligible[]; sample: AudienceSample; model: AudienceModel; rate: number[]; problem: (budget: number) => SelectionProblem }

function build(pool: Eligible[], r: PlanRequest): Built {
  const sample = audienceSample(pool.map((e) => e.c));
  const model = audienceModel(sample);
  const rate = pool.map((e) => goalRate(e.c, r.goal));
  const rows = (of: 'spend' | 'reach') => r.regionShares.filter((s) => s.of === of).map((s) => ({ members: pool.map((e) => inRegion(s.region, e.c.country)), min: s.min, max: s.max }));
  const problem = (budget: number): SelectionProblem => ({ cost: pool.map((e) => e.cost), rate, model, budget, spendShares: rows('spend'), reachShares: rows('reach') });
  return { pool, sample, model, rate, problem };
}

const pct = (xs: number[], q: number) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))]!;
};

/** 90 % interval of the chosen set's value: retweeters, per-post engagements and sentiment resampled. */
function interval(b: Built, chosen: Set<number>, goal: Goal, replicates: number, seed: number): { low: number; high: number } {
  if (!chosen.size || replicates <= 0) { const v = evaluate(b.model, b.rate, chosen).value; return { low: v, high: v }; }
  const rng = seededRng(seed);
  const vals: number[] = [];
  for (let k = 0; k < replicates; k++) {
    const model = audienceModel(b.sample, resampleCounts(b.sample, rng));
    const rate = goal === 'reach' ? b.rate : b.pool.map((e, i) => (chosen.has(i) ? goalRate(e.c, goal, rng) : b.rate[i]!));
    vals.push(evaluate(model, rate, chosen).value);
  }
  return { low: pct(vals, 0.05), high: pct(vals, 0.95) };
}

function coverage(b: Built, chosen: Set<number>): PlanResult['coverage'] {
  const per = reachShares(b.model, chosen);
  const regions = new Map<string, RegionCoverage>();
  let spend = 0, reach = 0;
  for (const [i, rch] of per) {
    const e = b.pool[i]!;
    const g = regions.get(e.region) ?? { region: e.region, spend: 0, reach: 0, spendShare: 0, reachShare: 0, influencers: 0 };
    g.spend += e.cost; g.reach += rch; g.influencers++;
    regions.set(e.region, g);
    spend += e.cost; reach += rch;
  }
  for (const g of regions.values()) { g.spendShare = spend ? g.spend / spend : 0; g.reachShare = reach ? g.reach / reach : 0; }
  const points = [...per].flatMap(([i, rch]) => { const c = b.pool[i]!.c; return c.coordinates ? [{ xUserId: c.xUserId, lat: c.coordinates.lat, lon: c.coordinates.lon, reach: rch }] : []; });
  return { regions: [...regions.values()].sort((a, z) => z.reach - a.reach), points };
}

export async function computePlan(all: Candidate[], r: PlanRequest, o: PlanOptions = {}): Promise<PlanResult> {
  checkRequest(r);
  const eligible = eligibleCandidates(all, r);
  const b = build(selectPool(eligible, r), r);
  let solves = 0, ms = 0;
  // The curve's points get a shorter time limit than the plan itself (each is a full solve).
  const solve = async (budget: number, curve = false) => {
    const s = await solveSelection(b.problem(budget), curve ? { ...o, timeLimitSec: Math.min(o.timeLimitSec ?? CURVE_TIME_LIMIT_SEC, CURVE_TIME_LIMIT_SEC) } : o);
    solves++; ms += s.ms; return s;
  };
  const full = await solve(r.budget);
  const chosenSet = full.chosen;
  const at = (set: Set<number>) => evaluate(b.model, b.rate, set);
  const total = at(chosenSet);
  const chosen: ChosenInfluencer[] = [...chosenSet].map((i) => {
    const e = b.pool[i]!;
    const without = new Set(chosenSet); without.delete(i);
    return {
      xUserId: e.c.xUserId, username: e.c.username, followers: e.c.followers, score: e.c.score, region: e.region, country: e.c.country,
      cost: e.cost, contribution: total.value - at(without).value, standalone: at(new Set([i])).value,
    };
  }).sort((a, z) => z.contribution - a.contribution || (a.xUserId < z.xUserId ? -1 : 1));
  const spent = chosen.reduce((a, c) => a + c.cost, 0);
  const curve: CurvePoint[] = [];
  if (o.curve !== false) {
    for (let k = 1; k <= 10; k++) {
      const budget = (r.budget * k) / 10;
      const s = k === 10 ? full : await solve(budget, true);
      const v = at(s.chosen);
      const cost = [...s.chosen].reduce((a, i) => a + b.pool[i]!.cost, 0);
      curve.push({ share: k / 10, budget, spent: cost, outcome: v.value, reach: v.reach, chosen: s.chosen.size, marginal: v.value - (curve[k - 2]?.outcome ?? 0) });
    }
  }
  const iv = interval(b, chosenSet, r.goal, o.bootstrap ?? BOOTSTRAP, o.seed ?? 1);
  return {
    goal: r.goal, budget: r.budget, spent, chosen,
    outcome: { expected: total.value, low: Math.min(iv.low, total.value), high: Math.max(iv.high, total.value), reach: total.reach, sumOfStandalone: chosen.reduce((a, c) => a + c.standalone, 0) },
    curve, coverage: coverage(b, chosenSet),
    pool: { candidates: all.length, eligible: eligible.length, considered: b.pool.length, segments: b.model.shared.length },
    solver: { status: full.status, ms, solves },
  };
}

/** Scores any set of people with the same overlap-aware model (benches compare baselines with it). */
export function scoreSelections(cands: Candidate[], goal: Goal, sets: string[][]): { reach: number; value: number }[] {
  const sample = audienceSample(cands);
  const model = audienceModel(sample);
  const rate = cands.map((c) => goalRate(c, goal));
  const idx = new Map(cands.map((c, i) => [c.xUserId, i]));
  return sets.map((ids) => evaluate(model, rate, new Set(ids.map((id) => idx.get(id)!).filter((i) => i !== undefined))));
}
