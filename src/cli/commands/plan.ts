/**
 * `chirpflow plan --budget 10000 --goal reach [--region-share EU=0.3..0.6] [--max-share 0.2] < prices.csv`
 * — a budget plan from the stored scores, printed as a table (or JSON). A price list on stdin (or
 * --prices FILE) replaces the default follower tiers. Errors name the flag or the CSV row.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { loadConfig } from '../../config';
import { UserError } from '../../errors';
import { connectStore } from '../../store';
import { computePlan, type PlanResult } from '../../domain/planning';
import { loadCandidates } from '../../planning/candidates';
import { PlanSpec, toPlanRequest, type PlanSpecInput } from '../../planning/spec';

export interface PlanFlags {
  budget?: string; goal?: string; regionShare?: string[]; reachShare?: string[]; maxShare?: string; minSentiment?: string;
  includeInConversation?: boolean; pool?: string; prices?: string; json?: boolean;
}

const FLAG: Record<string, string> = {
  budget: '--budget', goal: '--goal', maxShare: '--max-share', minSentiment: '--min-sentiment', poolSize: '--pool', prices: 'price list',
};

const number = (flag: string, v: string) => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new UserError(`${flag}: "${v}" is not a number`);
  return n;
};

/** `EU=0.3..0.6`, `US=..0.2`, `APAC=0.25..` → a region share. */
export function parseShare(flag: string, text: string, of: 'spend' | 'reach') {
  const m = /^([A-Za-z]{2,7})=(\d*(?:\.\d+)?)\.\.(\d*(?:\.\d+)?)$/.exec(text.trim());
  if (!m) throw new UserError(`${flag}: "${text}" should look like EU=0.3..0.6 (min..max share, either side may be left out)`);
  const [, region, lo, hi] = m;
  return { region: region!.toUpperCase(), min: lo ? number(flag, lo) : 0, max: hi ? number(flag, hi) : 1, of };
}

/** Flags (+ price CSV text) → a validated spec; every error names its flag. */
export function specFromFlags(f: PlanFlags, pricesCsv: string | null) {
  if (f.budget === undefined) throw new UserError('--budget: required (e.g. --budget 10000)');
  const input: PlanSpecInput = {
    budget: number('--budget', f.budget),
    goal: (f.goal ?? 'reach') as PlanSpecInput['goal'],
    regionShares: [...(f.regionShare ?? []).map((s) => parseShare('--region-share', s, 'spend')), ...(f.reachShare ?? []).map((s) => parseShare('--reach-share', s, 'reach'))],
    ...(f.maxShare !== undefined ? { maxShare: number('--max-share', f.maxShare) } : {}),
    ...(f.minSentiment !== undefined ? { minSentiment: number('--min-sentiment', f.minSentiment) } : {}),
    ...(f.pool !== undefined ? { poolSize: number('--pool', f.pool) } : {}),
    excludeInConversation: !f.includeInConversation,
    ...(pricesCsv && pricesCsv.trim() ? { prices: pricesCsv } : {}),
    recompute: false,
  };
  const r = PlanSpec.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0]!;
    const key = String(i.path[0] ?? '');
    const flag = key === 'regionShares' ? (input.regionShares?.[Number(i.path[1])]?.of === 'reach' ? '--reach-share' : '--region-share') : FLAG[key] ?? `--${key}`;
    throw new UserError(`${flag}: ${i.message}${key === 'goal' ? ' (reach, engagement or positive_reach)' : ''}`);
  }
  return toPlanRequest(r.data);
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export function planTable(p: PlanResult): string {
  const rows = [['influencer', 'region', 'followers', 'cost', 'contribution', 'standalone']];
  for (const c of p.chosen) rows.push([c.username ? `@${c.username}` : c.xUserId, c.country ?? c.region, fmt(c.followers), fmt(c.cost), fmt(c.contribution), fmt(c.standalone)]);
  const w = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  const line = (r: string[]) => r.map((v, j) => (j === 0 || j === 1 ? v.padEnd(w[j]!) : v.padStart(w[j]!))).join('  ');
  const o = p.outcome;
  return [
    `${p.goal} plan: spent ${fmt(p.spent)} of ${fmt(p.budget)} on ${p.chosen.length} influencers`,
    `expected ${p.goal}: ${fmt(o.expected)} (90 % interval ${fmt(o.low)}–${fmt(o.high)}); reach ${fmt(o.reach)} people, ${fmt(o.sumOfStandalone - o.expected)} overlap not double counted`,
    '', ...rows.map(line), '',
    'budget  ' + p.curve.map((c) => `${Math.round(c.share * 100)}%`.padStart(9)).join(''),
    'outcome ' + p.curve.map((c) => fmt(c.outcome).padStart(9)).join(''),
    '', 'region   spend share   reach share',
    ...p.coverage.regions.map((g) => `${g.region.padEnd(8)} ${(g.spendShare * 100).toFixed(1).padStart(10)} % ${(g.reachShare * 100).toFixed(1).padStart(11)} %`),
    '', `pool: ${p.pool.considered} of ${p.pool.eligible} eligible (${p.pool.candidates} people), ${p.pool.segments} shared audience segments; HiGHS ${p.solver.status}, ${p.solver.solves} solves in ${Math.round(p.solver.ms)} ms`,
  ].join('\n') + '\n';
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function register(program: Command): void {
  program
    .command('plan')
    .description('Plan an influencer budget from the stored scores (a price list CSV on stdin replaces the follower tiers)')
    .option('--budget <amount>', 'total budget')
    .option('--goal <goal>', 'reach, engagement or positive_reach', 'reach')
    .option('--region-share <REGION=min..max>', 'share of spend per region or country (repeatable), e.g. EU=0.3..0.6', collect)
    .option('--reach-share <REGION=min..max>', 'share of reach per region or country (repeatable)', collect)
    .option('--max-share <share>', 'largest share of the budget one influencer may take, e.g. 0.2')
    .option('--min-sentiment <polarity>', 'lowest mean sentiment polarity (-1..1) of a chosen influencer')
    .option('--include-in-conversation', 'allow people who already have an open conversation with the brand')
    .option('--pool <n>', 'candidates handed to the solver (best by efficiency)')
    .option('--prices <file>', 'read the price list from this file instead of stdin')
    .option('--json', 'print the plan as JSON')
    .action(async (f: PlanFlags) => {
      if (f.prices && !existsSync(f.prices)) throw new UserError(`--prices: ${f.prices} does not exist`);
      const csv = f.prices ? readFileSync(f.prices, 'utf8') : await readStdin();
      const request = specFromFlags(f, csv);
      const config = loadConfig();
      const store = await connectStore(config.mongoUri, config.MONGODB_DB);
      try {
        const plan = await computePlan(await loadCandidates(store.db), request);
        process.stdout.write(f.json ? JSON.stringify(plan, null, 2) + '\n' : planTable(plan));
      } finally {
        await store.close();
      }
    });
}
