// What a marketer asks for, as one zod schema shared by POST /plans (and /openapi.json) and
// `chirpflow plan`, and its translation into the solver's PlanRequest.
import { z } from 'zod';
import { DEFAULT_POOL, DEFAULT_TIERS, GOALS, MAX_POOL, PlanInputError, REGIONS, isRegionKey, parsePriceCsv, validateTiers, type PlanRequest } from '../domain/planning';

const Share = z.number().min(0).max(1);

export const RegionShareSpec = z.strictObject({
  region: z.string().refine(isRegionKey, `a region (${REGIONS.join(', ')}) or an ISO country code (e.g. US)`),
  min: Share.default(0),
  max: Share.default(1),
  of: z.enum(['spend', 'reach']).default('spend'),
}).refine((s) => s.min <= s.max, { message: 'min must not exceed max', path: ['min'] });

export const PlanSpec = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  budget: z.number().positive().max(1e9),
  goal: z.enum(GOALS),
  /** Price tiers by followers (default: the documented table). */
  tiers: z.array(z.strictObject({ maxFollowers: z.number().int().positive().nullable(), price: z.number().positive().max(1e9) })).min(1).max(20).optional(),
  /** A price list as CSV text: `xUserId or username, price` per line. Only listed people are bought. */
  prices: z.string().min(1).max(200_000).optional(),
  regionShares: z.array(RegionShareSpec).max(20).default([]),
  maxShare: z.number().gt(0).max(1).default(1),
  minSentiment: z.number().min(-1).max(1).nullable().default(null),
  excludeInConversation: z.boolean().default(true),
  poolSize: z.number().int().min(1).max(MAX_POOL).default(DEFAULT_POOL),
  recompute: z.boolean().default(true),
}).refine((s) => !(s.tiers && s.prices), { message: 'give tiers or prices, not both', path: ['prices'] });

export type PlanSpecInput = z.input<typeof PlanSpec>;
export type PlanSpecParsed = z.output<typeof PlanSpec>;

/** Spec → solver request; a bad price row or tier is a PlanInputError naming it. */
export function toPlanRequest(s: PlanSpecParsed): PlanRequest {
  const cost: PlanRequest['cost'] = s.prices
    ? { kind: 'prices', prices: parsePriceCsv(s.prices) }
    : { kind: 'tiers', tiers: validateTiers(s.tiers ?? DEFAULT_TIERS, 'tiers') };
  return {
    budget: s.budget, goal: s.goal, cost, regionShares: s.regionShares.map((r) => ({ region: r.region, min: r.min, max: r.max, of: r.of })),
    maxShare: s.maxShare, minSentiment: s.minSentiment, excludeInConversation: s.excludeInConversation, poolSize: s.poolSize,
  };
}

export { PlanInputError };
