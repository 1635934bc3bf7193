/** Influencer budget planning (issue #20 items 3-4): costs, audience overlap, the HiGHS MIP, plans. */
export * from './types';
export { DEFAULT_TIERS, PlanInputError, parsePriceCsv, pricer, validateTiers } from './cost';
export { REGIONS, regionOf, isRegionKey, inRegion } from './regions';
export { OWN_AUDIENCE_PRIOR, audienceModel, audienceSample, evaluate, type AudienceModel } from './audience';
export { SOLVE_DEFAULTS, feasible, greedySelection, solveSelection, toLp, type SelectionProblem } from './solve';
export { DEFAULT_POOL, MAX_POOL, checkRequest, computePlan, eligibleCandidates, goalRate, scoreSelections } from './plan';
export { diffPlans, type PlanDiff } from './diff';
