// The selection MIP, solved by HiGHS (its WebAssembly build): a binary x per candidate, a coverage
// variable y per shared audience segment (y ≤ Σ members' x, so a segment counts once), maximise the
// goal's value within the budget and the region shares.
import loadHighs from 'highs';
import { evaluate, segmentRate, type AudienceModel } from './audience';

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highs: Promise<Highs> | null = null;
/** One WebAssembly instance per process, loaded on first use. */
const solver = () => (highs ??= loadHighs());

export interface ShareRow { members: boolean[]; min: number; max: number }

export interface SelectionProblem {
  cost: number[];
  /** Goal value per person reached, per candidate. */
  rate: number[];
  model: AudienceModel;
  budget: number;
  spendShares: ShareRow[];
  reachShares: ShareRow[];
}

export interface SolveOptions { timeLimitSec?: number; relGap?: number }

export interface Selection { chosen: Set<number>; status: string; ms: number }

const num = (v: number) => {
  const s = Math.abs(v) >= 1e-9 ? Number(v.toPrecision(12)).toString() : '0';
  return s.includes('e') ? v.toFixed(12) : s;
};

/** `a x1 + b x2 …` in LP syntax, wrapped so no line grows unbounded; zero terms dropped. */
function expr(terms: [number, string][]): string {
  const parts = terms.filter(([c]) => Math.abs(c) >= 1e-9).map(([c, v], i) => `${c < 0 ? '-' : i === 0 ? '' : '+'} ${num(Math.abs(c))} ${v}`);
  if (!parts.length) return '0 x0';
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 8) lines.push(parts.slice(i, i + 8).join(' '));
  return lines.join('\n  ');
}

/** The problem in CPLEX LP format (exported for tests and debugging). */
export function toLp(p: SelectionProblem): string {
  const n = p.cost.length;
  const x = (i: number) => `x${i}`;
  const y = (k: number) => `y${k}`;
  const obj: [number, string][] = [];
  for (let i = 0; i < n; i++) obj.push([p.model.own[i]! * p.rate[i]!, x(i)]);
  p.model.shared.forEach((s, k) => obj.push([s.size * segmentRate(s.members, p.rate), y(k)]));
  const rows: string[] = [];
  rows.push(`budget: ${expr(p.cost.map((c, i) => [c, x(i)]))} <= ${num(p.budget)}`);
  const exact = p.reachShares.length > 0;
  p.model.shared.forEach((s, k) => {
    rows.push(`cov${k}: ${expr([[1, y(k)], ...s.members.map((m) => [-1, x(m)] as [number, string])])} <= 0`);
    // With reach shares the solver must not under-report reach to meet a cap: y = OR(members).
    if (exact) s.members.forEach((m, j) => rows.push(`ex${k}_${j}: ${y(k)} - ${x(m)} >= 0`));
  });
  p.spendShares.forEach((r, j) => {
    rows.push(`smin${j}: ${expr(p.cost.map((c, i) => [c * ((r.members[i] ? 1 : 0) - r.min), x(i)]))} >= 0`);
    rows.push(`smax${j}: ${expr(p.cost.map((c, i) => [c * ((r.members[i] ? 1 : 0) - r.max), x(i)]))} <= 0`);
  });
  p.reachShares.forEach((r, j) => {
    const terms = (share: number): [number, string][] => [
      ...p.model.own.map((o, i) => [o * ((r.members[i] ? 1 : 0) - share), x(i)] as [number, string]),
      ...p.model.shared.map((s, k) => [s.size * (s.members.filter((m) => r.members[m]).length / s.members.length - share), y(k)] as [number, string]),
    ];
    rows.push(`rmin${j}: ${expr(terms(r.min))} >= 0`);
    rows.push(`rmax${j}: ${expr(terms(r.max))} <= 0`);
  });
  const bounds = p.model.shared.map((_, k) => ` 0 <= ${y(k)} <= 1`);
  const bins: string[] = [];
  for (let i = 0; i < n; i += 20) bins.push(' ' + Array.from({ length: Math.min(20, n - i) }, (_, j) => x(i + j)).join(' '));
  return ['Maximize', ` obj: ${expr(obj)}`, 'Subject To', ...rows.map((r) => ` ${r}`), 'Bounds', ...bounds, 'Binary', ...bins, 'End'].join('\n');
}

const ACCEPTED = new Set(['Optimal', 'Time limit reached', 'Iteration limit reached', 'Solution limit reached', 'Interrupted by user']);

/** Defaults: within 0.5 % of the optimum, at most 5 s per solve. */
export const SOLVE_DEFAULTS = { timeLimitSec: 5, relGap: 5e-3 } as const;

export async function solveSelection(p: SelectionProblem, o: SolveOptions = {}): Promise<Selection> {
  const start = performance.now();
  if (p.cost.length === 0) return { chosen: new Set(), status: 'Empty', ms: 0 };
  const h = await solver();
  const r = h.solve(toLp(p), { output_flag: false, time_limit: o.timeLimitSec ?? SOLVE_DEFAULTS.timeLimitSec, mip_rel_gap: o.relGap ?? SOLVE_DEFAULTS.relGap, random_seed: 1 });
  if (!ACCEPTED.has(r.Status)) throw new Error(`HiGHS could not solve the plan: ${r.Status}`);
  let chosen = new Set<number>();
  for (let i = 0; i < p.cost.length; i++) {
    const col = (r.Columns as Record<string, { Primal?: number }>)[`x${i}`];
    if ((col?.Primal ?? 0) > 0.5) chosen.add(i);
  }
  let status: string = r.Status;
  // Stopped by the time limit, HiGHS may hold a poor incumbent: never do worse than the greedy buy.
  if (r.Status !== 'Optimal') {
    const g = greedySelection(p);
    if (feasible(p, g) && evaluate(p.model, p.rate, g).value > evaluate(p.model, p.rate, chosen).value) {
      chosen = g;
      status = `${r.Status}; greedy kept`;
    }
  }
  return { chosen, status, ms: performance.now() - start };
}

/** Best marginal value per unit of cost first (overlap-aware), while the budget lasts. */
export function greedySelection(p: SelectionProblem): Set<number> {
  const chosen = new Set<number>();
  const covered = new Uint8Array(p.model.shared.length);
  const segsOf: number[][] = p.cost.map(() => []);
  p.model.shared.forEach((s, k) => { for (const m of s.members) segsOf[m]!.push(k); });
  const segValue = p.model.shared.map((s) => s.size * segmentRate(s.members, p.rate));
  let left = p.budget;
  for (;;) {
    let best = -1, bestEff = 0;
    for (let i = 0; i < p.cost.length; i++) {
      if (chosen.has(i) || p.cost[i]! > left + 1e-9) continue;
      let gain = p.model.own[i]! * p.rate[i]!;
      for (const k of segsOf[i]!) if (!covered[k]) gain += segValue[k]!;
      const eff = gain / p.cost[i]!;
      if (eff > bestEff) { bestEff = eff; best = i; }
    }
    if (best < 0) return chosen;
    chosen.add(best);
    left -= p.cost[best]!;
    for (const k of segsOf[best]!) covered[k] = 1;
  }
}

/** Does a selection meet the budget and every region share. */
export function feasible(p: SelectionProblem, chosen: ReadonlySet<number>): boolean {
  const eps = 1e-6;
  const spend = [...chosen].reduce((a, i) => a + p.cost[i]!, 0);
  if (spend > p.budget + eps) return false;
  for (const r of p.spendShares) {
    const mine = [...chosen].filter((i) => r.members[i]).reduce((a, i) => a + p.cost[i]!, 0);
    if (mine < r.min * spend - eps || mine > r.max * spend + eps) return false;
  }
  if (p.reachShares.length) {
    const reach = evaluate(p.model, p.rate.map(() => 1), chosen).reach;
    for (const r of p.reachShares) {
      let mine = 0;
      for (const i of chosen) if (r.members[i]) mine += p.model.own[i]!;
      for (const s of p.model.shared) if (s.members.some((m) => chosen.has(m))) mine += (s.size * s.members.filter((m) => r.members[m]).length) / s.members.length;
      if (mine < r.min * reach - eps || mine > r.max * reach + eps) return false;
    }
  }
  return true;
}
