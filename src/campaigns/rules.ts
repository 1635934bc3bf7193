// Stream rules as a shared, reference-counted resource. X refuses a second rule with the same value,
// so campaigns tracking the same words share one rule: `stream_rules` holds one document per
// distinct value (_id = the normalised value) with the campaigns that use it, and the rule's id at
// X. Tweets are routed by rule id → campaigns (RuleRouter), never by tag.
//
// Crash safety: the store is written first (a campaign's intent, then its references), X second,
// and every step is idempotent — adding an existing rule hands back its id, deleting a missing one
// is a no-op. What a crash between X and the store can leave behind (a rule at X nobody uses, a
// reference nobody holds, a rule someone else deleted) is repaired by `reconcileRules`, run when
// ingest starts and after every stream reconnection, and by the campaign's next sync.
import type { Db } from 'mongodb';
import { buildRules, normalizeRuleValue, ruleCapacityProblem, type AccessLevel } from '../domain/campaign';
import { campaignOfTag, type StreamRule, type XClient } from '../x';
import { COLLECTIONS, owned } from '../store';
import { campaigns as campaignsCol, getCampaign, type CampaignDoc } from '../store/campaigns';
import { retryUpsertRace } from '../store/upsert-race';

/** Rules the brand's account keeps beside the campaigns' (src/campaigns/brand-rules.ts, optin.ts). */
export const STANDING_RULES = 2;

/**
 * Keeps exactly one rule with `tag` at X, with `value`: adds it if missing and removes our older
 * ones under that tag (e.g. after the brand's handle changed). Idempotent. For the brand's standing
 * rules, which are not campaign rules (reconciliation leaves other tags alone).
 */
export async function syncTaggedRule(x: XClient, tag: string, value: string): Promise<'added' | 'present'> {
  const have = (await x.listRules()).filter((r) => r.tag === tag);
  if (have.some((r) => r.value === value)) return 'present';
  await x.addRules([{ value, tag }]);
  const stale = have.filter((r) => r.value !== value).map((r) => r.id);
  if (stale.length) await x.deleteRules(stale);
  return 'added';
}

/** The tag of the rules Chirpflow adds (shared: they name no campaign). */
export const RULE_TAG = 'chirpflow';

/** Rules we own at X: ours, or one an earlier version added per campaign (`campaign:<id>`). */
export const isOurRule = (r: Pick<StreamRule, 'tag'>): boolean => r.tag === RULE_TAG || campaignOfTag(r.tag) !== undefined;

export interface RuleDoc {
  _id: string;
  campaigns: string[];
  /** The rule's id at X, once added (changes if someone deletes it and we add it again). */
  xId?: string;
  updatedAt: Date;
}

export const streamRules = (db: Db) => owned<RuleDoc>(db, COLLECTIONS.streamRules);

/** The rule values a campaign listens with now: only a running campaign holds rules. */
export function wantedValues(c: Pick<CampaignDoc, 'status' | 'tracking'> | null): string[] {
  if (!c || c.status !== 'running') return [];
  return [...new Set(buildRules(c.tracking).map(normalizeRuleValue))];
}


const hold = (db: Db, value: string, campaignId: string) => retryUpsertRace(() => streamRules(db).updateOne(
  { _id: value }, { $addToSet: { campaigns: campaignId }, $set: { updatedAt: new Date() } }, { upsert: true },
));
const release = (db: Db, value: string, campaignId: string) =>
  streamRules(db).updateOne({ _id: value }, { $pull: { campaigns: campaignId }, $set: { updatedAt: new Date() } });

/**
 * Makes the store and X hold exactly the rules the campaign's status and tracking call for, and
 * returns them with their ids at X. Safe to repeat after a crash at any step.
 */
export async function syncCampaignRules(db: Db, x: XClient, campaignId: string): Promise<{ id: string; value: string }[]> {
  const c = await getCampaign(db, campaignId);
  if (!c) throw new Error(`campaign ${campaignId} not found`);
  const want = wantedValues(c);
  const held = c.ruleValues ?? c.rules.map((r) => normalizeRuleValue(r.value));
  const touched = [...new Set([...held, ...want])];
  // Intent first: every value this campaign may hold a reference on, so a crash before the end
  // leaves no reference that the next sync would not find and release.
  if (!sameSet(c.ruleValues, touched)) await campaignsCol(db).updateOne({ _id: campaignId }, { $set: { ruleValues: touched } });
  for (const v of want) await hold(db, v, campaignId);
  for (const v of held) if (!want.includes(v)) await release(db, v, campaignId);
  const ids = await applyAtX(db, x, touched);
  const rules = want.map((value) => ({ id: ids.get(value) ?? '', value }));
  await campaignsCol(db).updateOne({ _id: campaignId }, { $set: { rules, ruleValues: want, updatedAt: new Date() } });
  return rules;
}

/**
 * Brings X in line with the store for these values: a value some campaign uses is added (or its
 * new id recorded); one nobody uses is deleted at X (only if the rule is ours) and from the store.
 * Returns the ids at X of the values in use.
 */
export async function applyAtX(db: Db, x: XClient, values: string[], atX?: StreamRule[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (!values.length) return ids;
  const list = atX ?? await x.listRules();
  const byValue = new Map<string, StreamRule[]>();
  for (const r of list) {
    const v = normalizeRuleValue(r.value);
    (byValue.get(v) ?? byValue.set(v, []).get(v)!).push(r);
  }
  const docs = new Map((await streamRules(db).find({ _id: { $in: values } }).toArray()).map((d) => [d._id, d]));
  const missing: string[] = [];
  const unused: string[] = [];
  const toDelete: string[] = [];
  for (const v of values) {
    const doc = docs.get(v);
    const there = byValue.get(v) ?? [];
    if (doc?.campaigns.length) {
      if (there.length) ids.set(v, there[0]!.id);
      else missing.push(v);
    } else {
      unused.push(v);
      for (const r of there) if (isOurRule(r)) toDelete.push(r.id);
    }
  }
  if (missing.length) {
    for (const r of await x.addRules(missing.map((value) => ({ value, tag: RULE_TAG })))) ids.set(normalizeRuleValue(r.value), r.id);
  }
  for (const [v, id] of ids) if (docs.get(v)?.xId !== id) await streamRules(db).updateOne({ _id: v }, { $set: { xId: id } });
  if (toDelete.length) await x.deleteRules(toDelete);
  if (unused.length) {
    await streamRules(db).deleteMany({ _id: { $in: unused }, campaigns: { $size: 0 } });
    // A campaign may have taken one of these up while we deleted it at X: put those back.
    const retaken = (await streamRules(db).find({ _id: { $in: unused } }).toArray()).filter((d) => d.campaigns.length);
    if (retaken.length) for (const [v, id] of await applyAtX(db, x, retaken.map((d) => d._id))) ids.set(v, id);
  }
  return ids;
}

export interface ReconcileReport { added: number; deleted: number; repairedRefs: number; foreign: number }

/**
 * Recomputes every reference from the campaigns themselves (a running campaign holds the rules
 * of its tracking, no other campaign holds any) and makes X match: rules someone else deleted are
 * added again, ours that nobody uses are deleted, rules of other apps/tools are left alone.
 * Reads whole (small) collections: for start-up and reconnections, not for the hot path.
 */
export async function reconcileRules(db: Db, x: XClient): Promise<ReconcileReport> {
  const report: ReconcileReport = { added: 0, deleted: 0, repairedRefs: 0, foreign: 0 };
  const want = new Map<string, Set<string>>();
  for (const c of await campaignsCol(db).find({ status: 'running' }).toArray()) {
    for (const v of wantedValues(c)) (want.get(v) ?? want.set(v, new Set()).get(v)!).add(c._id);
  }
  const docs = await streamRules(db).find({}).toArray();
  for (const d of docs) {
    const expected = want.get(d._id) ?? new Set<string>();
    for (const cid of d.campaigns) {
      if (expected.has(cid)) continue;
      // Re-read: it may have started since the list above; only a campaign that does not want it loses it.
      if (wantedValues(await getCampaign(db, cid)).includes(d._id)) continue;
      await release(db, d._id, cid);
      report.repairedRefs++;
    }
  }
  const have = new Map(docs.map((d) => [d._id, new Set(d.campaigns)]));
  for (const [v, cids] of want) {
    for (const cid of cids) if (!have.get(v)?.has(cid)) { await hold(db, v, cid); report.repairedRefs++; }
  }
  const before = await x.listRules();
  report.foreign = before.filter((r) => !isOurRule(r)).length;
  const values = new Set([...docs.map((d) => d._id), ...want.keys(), ...before.filter(isOurRule).map((r) => normalizeRuleValue(r.value))]);
  await applyAtX(db, x, [...values], before);
  const after = await x.listRules();
  const ids = (l: StreamRule[]) => new Set(l.map((r) => r.id));
  const [b, a] = [ids(before), ids(after)];
  report.added = [...a].filter((id) => !b.has(id)).length;
  report.deleted = [...b].filter((id) => !a.has(id)).length;
  return report;
}

/**
 * Whether the campaign's rules fit X's caps next to the other listening campaigns'; the reason
 * when not. Reads the (small) rule collection once, on the API's start/resume/update path.
 */
export async function ruleCapacityFor(db: Db, c: Pick<CampaignDoc, '_id' | 'tracking'>, access: AccessLevel): Promise<string | undefined> {
  const want = wantedValues({ status: 'running', tracking: c.tracking });
  const others = (await streamRules(db).find({}).toArray()).filter((d) => d.campaigns.some((id) => id !== c._id)).map((d) => d._id);
  // The brand-mentions rule (public opt-outs) and the opt-in replies rule stand beside the campaigns'.
  return ruleCapacityProblem(access, want, others, STANDING_RULES);
}

/** How old ingest's view of the routes may be: a campaign that released a rule hears it at most this long. */
export const ROUTES_MAX_AGE_MS = 2000;

/**
 * Which campaigns a streamed tweet belongs to, by the ids of the rules it matched. Holds the rule
 * collection in memory, re-read every few seconds and at once (throttled) when an unknown rule id
 * shows up, so routing costs no query per tweet.
 */
export class RuleRouter {
  private byXId = new Map<string, string[]>();
  /** Rule ids still unknown after the last refresh. */
  private missed = new Set<string>();
  private loadedAt = 0;
  private loading?: Promise<void>;

  /** `now` is the caller's clock (the ingest loop passes the activity's). */
  constructor(private readonly db: Db, private readonly now: () => number, private readonly ttlMs = ROUTES_MAX_AGE_MS) {}

  async route(tweets: readonly { matchingRules?: readonly { id: string; tag: string }[] }[]): Promise<string[][]> {
    const age = this.now() - this.loadedAt;
    // Ids of rules not ours (another tool's) stay unknown: look again for them only with the TTL.
    const unknown = () => tweets.some((t) => t.matchingRules?.some((r) => !this.byXId.has(r.id) && !this.missed.has(r.id)));
    if (age > this.ttlMs || (age > 250 && unknown())) {
      await this.refresh();
      for (const t of tweets) for (const r of t.matchingRules ?? []) if (!this.byXId.has(r.id)) this.missed.add(r.id);
    }
    return tweets.map((t) => {
      const out = new Set<string>();
      for (const r of t.matchingRules ?? []) {
        const cs = this.byXId.get(r.id);
        if (cs) for (const c of cs) out.add(c);
        else {
          // A rule an earlier version added for one campaign, not yet adopted by reconciliation.
          const legacy = campaignOfTag(r.tag);
          if (legacy) out.add(legacy);
        }
      }
      return [...out];
    });
  }

  /** Forget what is held (after a reconciliation changed rule ids). */
  invalidate(): void { this.loadedAt = 0; }

  refresh(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const docs = await streamRules(this.db).find({}, { projection: { campaigns: 1, xId: 1 } }).toArray();
        this.byXId = new Map(docs.filter((d) => d.xId).map((d) => [d.xId!, d.campaigns]));
        this.missed = new Set();
        this.loadedAt = this.now();
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }
}

function sameSet(a: string[] | undefined, b: string[]): boolean {
  return !!a && a.length === b.length && b.every((v) => a.includes(v));
}
