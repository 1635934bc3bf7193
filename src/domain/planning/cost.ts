// What an influencer costs: a price list the marketer uploads, or tiers by followers.
import { UserError } from '../../errors';
import type { Candidate, CostModel, Tier } from './types';

/** Bad planning input; `field` names what to fix (a flag, a body field, or a CSV row and column). */
export class PlanInputError extends UserError {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'PlanInputError';
  }
}

/**
 * Default price per sponsored post, by followers (USD; in line with published 2024 rate cards:
 * nano < 10k, micro < 100k, mid < 500k, macro < 1M, mega above). Documented in docs/planning.md.
 */
export const DEFAULT_TIERS: Tier[] = [
  { maxFollowers: 1_000, price: 25 },
  { maxFollowers: 10_000, price: 100 },
  { maxFollowers: 50_000, price: 400 },
  { maxFollowers: 100_000, price: 1_000 },
  { maxFollowers: 500_000, price: 3_000 },
  { maxFollowers: 1_000_000, price: 8_000 },
  { maxFollowers: null, price: 15_000 },
];

export function validateTiers(tiers: Tier[], field = 'cost.tiers'): Tier[] {
  if (!tiers.length) throw new PlanInputError(field, 'give at least one tier');
  let last = -1;
  tiers.forEach((t, i) => {
    if (!(t.price > 0) || !Number.isFinite(t.price)) throw new PlanInputError(`${field}[${i}].price`, 'must be a positive number');
    if (t.maxFollowers === null) {
      if (i !== tiers.length - 1) throw new PlanInputError(`${field}[${i}].maxFollowers`, 'only the last tier may be unbounded (null)');
    } else if (!(t.maxFollowers > last)) throw new PlanInputError(`${field}[${i}].maxFollowers`, 'tiers must be in increasing order of maxFollowers');
    else last = t.maxFollowers;
  });
  return tiers;
}

const MAX_PRICE_ROWS = 100_000;

/**
 * A price list: one `xUserId or username, price` per line; an optional header line
 * (`xUserId,price` or `username,price`). Any bad row fails the whole list, naming row and field.
 */
export function parsePriceCsv(text: string): { xUserId?: string; username?: string; price: number }[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const out: { xUserId?: string; username?: string; price: number }[] = [];
  const seen = new Set<string>();
  lines.forEach((raw, i) => {
    const row = i + 1;
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const cells = line.split(/[,;\t]/).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (i === 0 || out.length === 0) {
      if (/^(x_?user_?id|id|user_?id|username|handle|user)$/i.test(cells[0] ?? '') && /^price/i.test(cells[1] ?? '')) return;
    }
    if (cells.length !== 2) throw new PlanInputError(`prices row ${row}`, `expected 2 columns (xUserId or username, price), got ${cells.length}`);
    const [who, p] = cells as [string, string];
    const price = Number(p.replace(/^\$/, ''));
    if (!p || !Number.isFinite(price) || price <= 0) throw new PlanInputError(`prices row ${row} price`, `"${p.slice(0, 40)}" is not a positive number`);
    let entry: { xUserId?: string; username?: string; price: number };
    if (/^\d{1,20}$/.test(who)) entry = { xUserId: who, price };
    else if (/^@?[A-Za-z0-9_]{1,50}$/.test(who)) entry = { username: who.replace(/^@/, '').toLowerCase(), price };
    else throw new PlanInputError(`prices row ${row} xUserId/username`, `"${who.slice(0, 40)}" is neither a numeric X user id nor a username`);
    const key = entry.xUserId ?? `@${entry.username}`;
    if (seen.has(key)) throw new PlanInputError(`prices row ${row} xUserId/username`, `${key} is listed twice`);
    seen.add(key);
    out.push(entry);
    if (out.length > MAX_PRICE_ROWS) throw new PlanInputError('prices', `at most ${MAX_PRICE_ROWS} rows`);
  });
  if (!out.length) throw new PlanInputError('prices', 'the price list has no rows');
  return out;
}

/** A function from candidate to price; null = not for sale (not on the price list). */
export function pricer(model: CostModel): (c: Pick<Candidate, 'xUserId' | 'username' | 'followers'>) => number | null {
  if (model.kind === 'tiers') {
    const tiers = validateTiers(model.tiers);
    return (c) => (tiers.find((t) => t.maxFollowers === null || c.followers < t.maxFollowers) ?? tiers[tiers.length - 1]!).price;
  }
  const byId = new Map<string, number>();
  const byName = new Map<string, number>();
  for (const p of model.prices) {
    if (p.xUserId) byId.set(p.xUserId, p.price);
    else if (p.username) byName.set(p.username.toLowerCase(), p.price);
  }
  return (c) => byId.get(c.xUserId) ?? (c.username ? byName.get(c.username.toLowerCase()) : undefined) ?? null;
}
