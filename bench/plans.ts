// bench:plans — the planner's expected reach against two baselines for the same budget on a seeded
// market: top-N by followers and top-N by influence score, each buying greedily in its order (an
// unaffordable person is skipped) until the budget is spent. All three are scored by the same
// overlap-aware reach model (built over every eligible candidate). Also solve times (median of
// --runs). Prints a table and writes bench/results/plans.json.
//   npm run bench:plans [-- --candidates 3000 --runs 3]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_POOL, DEFAULT_TIERS, computePlan, eligibleCandidates, scoreSelections, type Candidate, type PlanRequest } from '../src/domain/planning';
import { syntheticCandidates } from '../src/planning/synthetic';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const CANDIDATES = arg('candidates', 3000);
const RUNS = arg('runs', 3);
const BUDGETS = [5_000, 20_000, 100_000];
const SEED = arg('seed', 20);

const median = (xs: number[]) => { const s = xs.slice().sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2; };

function greedy(order: { id: string; cost: number }[], budget: number): string[] {
  let left = budget;
  const out: string[] = [];
  for (const o of order) if (o.cost <= left) { out.push(o.id); left -= o.cost; }
  return out;
}

async function main() {
  const world: Candidate[] = syntheticCandidates({ candidates: CANDIDATES, seed: SEED });
  const rows: Record<string, number | string>[] = [];
  for (const budget of BUDGETS) {
    const req: PlanRequest = { budget, goal: 'reach', cost: { kind: 'tiers', tiers: DEFAULT_TIERS }, regionShares: [], maxShare: 1, minSentiment: null, excludeInConversation: true, poolSize: DEFAULT_POOL };
    const el = eligibleCandidates(world, req);
    const eligible = el.map((e) => e.c);
    const byFollowers = el.slice().sort((a, b) => b.c.followers - a.c.followers).map((e) => ({ id: e.c.xUserId, cost: e.cost }));
    const byScore = el.slice().sort((a, b) => b.c.score - a.c.score).map((e) => ({ id: e.c.xUserId, cost: e.cost }));
    const times: number[] = [], solveMs: number[] = [];
    let plan = await computePlan(world, req);
    for (let r = 0; r < RUNS; r++) {
      const t = performance.now();
      plan = await computePlan(world, req);
      times.push(performance.now() - t);
      solveMs.push(plan.solver.ms);
    }
    const sets = [plan.chosen.map((c) => c.xUserId), greedy(byFollowers, budget), greedy(byScore, budget)];
    const [p, f, s] = scoreSelections(eligible, 'reach', sets);
    rows.push({
      budget, planReach: Math.round(p!.reach), followersReach: Math.round(f!.reach), scoreReach: Math.round(s!.reach),
      vsFollowers: +(p!.reach / f!.reach).toFixed(3), vsScore: +(p!.reach / s!.reach).toFixed(3),
      planPicks: sets[0]!.length, followersPicks: sets[1]!.length, scorePicks: sets[2]!.length,
      intervalLow: Math.round(plan.outcome.low), intervalHigh: Math.round(plan.outcome.high),
      pool: plan.pool.considered, segments: plan.pool.segments, solves: plan.solver.solves,
      planMsMedian: Math.round(median(times)), solveMsMedian: Math.round(median(solveMs)), solveMsPerSolve: Math.round(median(solveMs) / plan.solver.solves),
    });
  }
  const cols = ['budget', 'planReach', 'followersReach', 'scoreReach', 'vsFollowers', 'vsScore', 'planPicks', 'followersPicks', 'scorePicks', 'segments', 'planMsMedian', 'solveMsPerSolve'];
  const w = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  console.log(`bench:plans — ${CANDIDATES} candidates (seed ${SEED}), goal reach, default tiers, pool ${DEFAULT_POOL}, median of ${RUNS} runs`);
  console.log(cols.map((c, i) => c.padStart(w[i]!)).join('  '));
  for (const r of rows) console.log(cols.map((c, i) => String(r[c]).padStart(w[i]!)).join('  '));
  const out = join(__dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'plans.json'), JSON.stringify({ at: new Date().toISOString(), node: process.version, candidates: CANDIDATES, seed: SEED, runs: RUNS, pool: DEFAULT_POOL, rows }, null, 2) + '\n');
  console.log('wrote bench/results/plans.json');
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
