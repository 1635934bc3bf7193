// The opt-in policy in production. A qualifying person is never DMed first: their conversation
// waits in 'awaiting-opt-in' and the campaign answers the tweet that brought them in with one
// public reply, the opt-in prompt ("the campaign's opt-in post" for that person). The person opts
// in by replying to that post with the campaign's keyword, or by DMing the brand with it; then the
// conversation greets them. Nothing else opts them in; a STOP in reply suppresses them everywhere.
//
// One collection holds three kinds of documents, each read by `_id` only (FerretDB answers
// nothing else from an index):
//   prompt:<campaignId>:<xUserId>  the ledger: at most one prompt per person and campaign, ever
//   post:<tweetId>                 which campaign and person a posted prompt belongs to
//   person:<xUserId>               the campaigns that prompted this person (for their DMs)
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import {
  REPLY_LANGS, matchesKeyword, matchesYesKeyword, readReply, renderTemplate, type OutreachSettings, type ReplyLang,
} from '../domain/conversation';
import { XBadRequestError, XForbiddenError, XNotFoundError, XRateLimitError, type IncomingTweet, type XClient } from '../x';
import { DEFAULT_TEMPLATES } from '../domain/campaign';
import type { Logger } from '../log';
import { COLLECTIONS, owned } from '../store';
import { profiles } from '../store/profiles';
import { campaigns as campaignsCol, type CampaignDoc } from '../store/campaigns';
import { addSuppression, outreachCollections } from '../store/conversations';
import { startOptIn, type IncomingDm } from '../outreach/routing';
import {
  stateQuery, type OutreachInput, type OutreachPerson, type PromptRequest, type PromptResult,
} from '../workflows/outreach/contract';
import { outreachSettingsOf } from './settings';
import { syncTaggedRule } from './rules';
import { shippedStopProbability } from '../ml/reply-stop';
import { retryUpsertRace } from '../store/upsert-race';

/** Tag of the stream rule that brings replies to the brand (and so to its opt-in posts). */
export const OPT_IN_RULE_TAG = 'chirpflow:opt-in-replies';
/** X's limit on a tweet's length. */
export const MAX_TWEET_CHARS = 280;

export type PromptState = 'posting' | 'posted' | 'failed' | 'unknown';

interface PromptDoc {
  _id: string;
  kind: 'prompt';
  campaignId: string;
  xUserId: string;
  conversationId: string;
  person: OutreachPerson;
  /** The person's tweet the prompt answers. */
  tweet: { id: string; text: string };
  text: string;
  state: PromptState;
  postId?: string;
  reason?: string;
  startedAt: Date;
  postedAt?: Date;
  /** The last reply to the prompt that did not opt in (operators see a "no" here). */
  lastReply?: { tweetId: string; text: string; outcome: 'declined' | 'stopped'; at: Date };
}
interface PostDoc { _id: string; kind: 'post'; campaignId: string; xUserId: string }
interface PersonDoc { _id: string; kind: 'person'; campaignIds: string[] }
type OptInDoc = PromptDoc | PostDoc | PersonDoc;

const col = (db: Db) => owned<OptInDoc>(db, COLLECTIONS.optIn);
const promptKey = (campaignId: string, xUserId: string) => `prompt:${campaignId}:${xUserId}`;
const postKey = (tweetId: string) => `post:${tweetId}`;
const personKey = (xUserId: string) => `person:${xUserId}`;

// ---- the keyword -----------------------------------------------------------------------------

export const keywordOf = (s: Pick<OutreachSettings, 'optInKeyword'>): string => s.optInKeyword?.trim() || 'YES';

/** The language to read a reply in: the tweet's, when Chirpflow reads it, else the reader's guess. */
function langOf(text: string, tweetLang?: string): ReplyLang | null {
  if (tweetLang && (REPLY_LANGS as readonly string[]).includes(tweetLang)) return tweetLang as ReplyLang;
  return readReply(text).lang;
}

/**
 * The keyword as whole words of the text (case, accents, look-alikes and stretching forgiven, '#'
 * too); a YES keyword is also met by yes in the person's language (Sí, Oui, Ja, Sim, Sì…).
 */
export function keywordMatches(text: string, keyword: string, tweetLang?: string): boolean {
  return matchesYesKeyword(text, keyword, langOf(text, tweetLang));
}

/**
 * A reply opts in only when it carries the keyword and is neither a stop nor a no ("no, I won't
 * JOIN" is a no). Conservative like the reader: STOP wins over everything.
 */
export function readOptInReply(text: string, keyword: string, tweetLang?: string): 'stop' | 'opt-in' | 'declined' {
  return optInReader(text, tweetLang)(keyword);
}

/** The reply read once; the returned function says what it means for a campaign's keyword. */
function optInReader(text: string, tweetLang?: string): (keyword: string) => 'stop' | 'opt-in' | 'declined' {
  const body = withoutLeadingHandles(text);
  // The reply model's second opinion, as for DM replies: a stop in words no rule names still stops.
  const stopProbability = shippedStopProbability(body);
  const { intent } = readReply(body, stopProbability === undefined ? {} : { stopProbability });
  return (keyword) => {
    if (intent === 'stop') return 'stop';
    if (intent === 'decline') return 'declined';
    return keywordMatches(body, keyword, tweetLang) ? 'opt-in' : 'declined';
  };
}

/** X starts a reply's text with the handles of the thread ("@Acme JOIN"); they are not the person's words. */
export const withoutLeadingHandles = (text: string): string => text.replace(/^(\s*@\w{1,15})+\s*/, '');

/**
 * The prompt's text for this person: the campaign's optInPrompt ({name}, {brand}, {keyword}); when
 * it does not name the keyword, one sentence saying it is added, so the person knows what to reply.
 */
export function renderOptInPrompt(settings: Pick<OutreachSettings, 'templates' | 'brand' | 'optInKeyword'>, person: OutreachPerson): string {
  const kw = keywordOf(settings);
  // The campaign default says "Reply YES"; ours names the campaign's keyword.
  const own = settings.templates.optInPrompt;
  const base = own && own !== DEFAULT_TEMPLATES.optInPrompt ? settings : { ...settings, templates: { ...settings.templates, optInPrompt: DEFAULT_PROMPT } };
  const text = renderTemplate(base, 'optInPrompt', person).text.replace(/\{keyword\}/g, kw);
  return matchesKeyword(text, kw) ? text : `${text} Reply ${kw} to opt in.`;
}
const DEFAULT_PROMPT = 'Hi {name}, {brand} here. Would you like to hear from us by DM? Reply {keyword} to opt in; we will not message you otherwise.';

// ---- posting the prompt (the activity's body) -------------------------------------------------

export interface PromptDeps { db: Db; x: XClient; log: Logger; brandUserId?: string; /** The activity's clock. */ now: () => number }

/** Where a posted prompt is recorded: the post's id leads to campaign and person, the person to the campaign. */
async function markPosted(db: Db, doc: PromptDoc, postId: string, recovered: boolean): Promise<PromptResult> {
  await retryUpsertRace(() => col(db).updateOne({ _id: postKey(postId) }, { $setOnInsert: { kind: 'post', campaignId: doc.campaignId, xUserId: doc.xUserId } }, { upsert: true }));
  await retryUpsertRace(() => col(db).updateOne({ _id: personKey(doc.xUserId) }, { $setOnInsert: { kind: 'person' }, $addToSet: { campaignIds: doc.campaignId } } as never, { upsert: true }));
  await col(db).updateOne({ _id: doc._id }, { $set: { state: 'posted', postId, postedAt: new Date() } });
  return { status: 'posted', postId, ...(recovered ? { recovered: true } : {}) };
}

/** The brand's handle, for the reply rule and the recovery search (looked up once per process). */
export function brandHandle(deps: Pick<PromptDeps, 'x' | 'brandUserId'>): Promise<string> {
  const id = deps.brandUserId;
  if (!id) return Promise.reject(new Error('the brand account id is unknown: set X_BRAND_USER_ID'));
  const mine = handles.get(deps.x) ?? new Map<string, Promise<string>>();
  handles.set(deps.x, mine);
  let p = mine.get(id);
  if (!p) {
    p = deps.x.lookupUsers([id]).then((u) => {
      if (!u[0]) throw new Error(`X does not know the brand account ${id}`);
      return u[0].username;
    });
    p.catch(() => mine.delete(id));
    mine.set(id, p);
  }
  return p;
}
const handles = new WeakMap<XClient, Map<string, Promise<string>>>();

/**
 * The stream rule that delivers replies to the brand's posts. Idempotent (looked for by its tag);
 * checked at most every few minutes per process, as rule listing has its own small X budget.
 */
export async function ensureReplyRule(deps: Pick<PromptDeps, 'x' | 'brandUserId'>, now: number): Promise<void> {
  if ((ruleCheckedAt.get(deps.x) ?? -Infinity) > now - RULE_RECHECK_MS) return;
  await syncReplyRule(deps);
  ruleCheckedAt.set(deps.x, now);
}
const RULE_RECHECK_MS = 5 * 60_000;
/** Per X client (one per X account and base URL). */
const ruleCheckedAt = new WeakMap<XClient, number>();

async function syncReplyRule(deps: Pick<PromptDeps, 'x' | 'brandUserId'>): Promise<void> {
  await syncTaggedRule(deps.x, OPT_IN_RULE_TAG, `to:${await brandHandle(deps)} is:reply`);
}

/** A post that may have reached X before a crash: look for it among the brand's recent replies. */
async function findPosted(deps: PromptDeps, doc: PromptDoc): Promise<string | undefined> {
  for await (const t of deps.x.searchRecent(`from:${await brandHandle(deps)} is:reply`, { limit: 300, startTime: new Date(doc.startedAt.getTime() - 60_000).toISOString() })) {
    if (t.text === doc.text && t.referencedTweets?.some((r) => r.type === 'replied_to' && r.id === doc.tweet.id)) return t.id;
  }
  return undefined;
}

/**
 * Posts the opt-in prompt as a public reply to the person's tweet, at most once per person and
 * campaign: the ledger entry goes to 'posting' before the call and 'posted' after; a retry that
 * finds 'posting' searches X for the post instead of posting again. Throws (to be retried) only
 * when nothing was posted (rate limit) or the outcome is still open (network, 5xx).
 */
export async function postOptInPrompt(deps: PromptDeps, req: PromptRequest, isSuppressed: () => Promise<boolean>): Promise<PromptResult> {
  if (!/^\d{1,20}$/.test(req.tweet.id)) return { status: 'skipped', reason: 'no tweet to reply to' };
  const _id = promptKey(req.campaignId, req.person.xUserId);
  const existing = await col(deps.db).findOne({ _id }) as PromptDoc | null;
  if (existing?.state === 'posted') return markPosted(deps.db, existing, existing.postId!, false);
  if (existing?.state === 'failed' || existing?.state === 'unknown') return { status: existing.state, reason: existing.reason ?? existing.state };
  if (await isSuppressed()) return { status: 'skipped', reason: 'person is on the suppression list' };
  // The person may have opted in (by DM) while the post waited for X's rate limit.
  const convo = await outreachCollections(deps.db).conversations.findOne({ _id: req.conversationId }, { projection: { stage: 1 } });
  if (convo?.stage && convo.stage !== 'awaiting-opt-in') return { status: 'skipped', reason: `conversation is ${convo.stage}` };
  if (existing?.state === 'posting') {
    const found = await findPosted(deps, existing);
    if (found) return markPosted(deps.db, existing, found, true);
    const reason = 'an earlier attempt may have posted; not found at X, so not posted again';
    await col(deps.db).updateOne({ _id }, { $set: { state: 'unknown', reason } });
    deps.log.warn({ campaignId: req.campaignId, xUserId: req.person.xUserId }, 'opt-in prompt outcome unknown');
    return { status: 'unknown', reason };
  }
  await ensureReplyRule(deps, deps.now());
  const doc: PromptDoc = {
    _id, kind: 'prompt', campaignId: req.campaignId, xUserId: req.person.xUserId, conversationId: req.conversationId,
    person: req.person, tweet: req.tweet, text: renderOptInPrompt(req.settings, req.person), state: 'posting', startedAt: new Date(),
  };
  const claimed = await retryUpsertRace(() => col(deps.db).updateOne({ _id }, { $setOnInsert: doc }, { upsert: true }));
  if (!claimed.upsertedCount) return postOptInPrompt(deps, req, isSuppressed); // another attempt got there first
  try {
    const post = await deps.x.postTweet(doc.text, { inReplyTo: req.tweet.id });
    return await markPosted(deps.db, doc, post.id, false);
  } catch (err) {
    if (err instanceof XRateLimitError) {
      await col(deps.db).deleteOne({ _id, state: 'posting' }); // X refused: nothing went out
      throw err;
    }
    if (err instanceof XForbiddenError || err instanceof XNotFoundError || err instanceof XBadRequestError) {
      await col(deps.db).updateOne({ _id }, { $set: { state: 'failed', reason: err.message } });
      return { status: 'failed', reason: err.message };
    }
    throw err;
  }
}

// ---- replies to the prompts, from the stream and backfill -------------------------------------

export interface IntakeDeps { db: Db; log: Logger; taskQueue: string; brandUserId?: string }
export type OptInIntake = (batch: IncomingTweet[]) => Promise<IncomingTweet[]>;

/**
 * Ingest's opt-in step: a reply to a recorded opt-in post, by the person it was addressed to,
 * with the campaign's keyword opts them in (their conversation is signalled, or started again if
 * it had expired); a STOP suppresses them; anything else is recorded and changes nothing. Returns
 * the batch without the brand's own tweets (its prompts must never become campaign prospects).
 */
export function createOptInIntake(deps: IntakeDeps, client: () => Client): OptInIntake {
  return async (batch) => {
    const replies = new Map<string, IncomingTweet[]>();
    for (const t of batch) {
      const to = t.referencedTweets?.find((r) => r.type === 'replied_to')?.id;
      if (to && t.authorId !== deps.brandUserId) (replies.get(to) ?? replies.set(to, []).get(to)!).push(t);
    }
    if (replies.size) {
      const posts = await col(deps.db).find({ _id: { $in: [...replies.keys()].map(postKey) } }).toArray() as PostDoc[];
      for (const post of posts) {
        for (const t of replies.get(post._id.slice('post:'.length)) ?? []) {
          if (t.authorId === post.xUserId) await onPromptReply(deps, client, post, t);
        }
      }
    }
    return deps.brandUserId ? batch.filter((t) => t.authorId !== deps.brandUserId) : batch;
  };
}

async function onPromptReply(deps: IntakeDeps, client: () => Client, post: PostDoc, t: IncomingTweet): Promise<void> {
  const campaign = await campaignsCol(deps.db).findOne({ _id: post.campaignId });
  const prompt = await col(deps.db).findOne({ _id: promptKey(post.campaignId, post.xUserId) }) as PromptDoc | null;
  if (!campaign || !prompt) return;
  const settings = outreachSettingsOf(campaign);
  const reading = readOptInReply(t.text, keywordOf(settings), t.lang);
  const log = deps.log.child({ campaignId: campaign._id, xUserId: post.xUserId, tweetId: t.id });
  if (reading === 'stop') {
    await addSuppression(deps.db, { _id: post.xUserId, reason: 'STOP in reply to the opt-in post', source: 'opt-in-reply', campaignId: campaign._id });
  } else if (reading === 'opt-in' && campaign.status === 'running' && campaign.conversation.firstContact === 'opt-in') {
    const outcome = await optIntoConversation(client(), inputOf(campaign, prompt), deps.taskQueue, `reply:${t.id}`);
    log.info({ outcome }, 'opt-in by keyword reply');
    return;
  }
  await col(deps.db).updateOne({ _id: prompt._id }, { $set: { lastReply: { tweetId: t.id, text: t.text.slice(0, 500), outcome: reading === 'stop' ? 'stopped' : 'declined', at: new Date() } } });
}

const inputOf = (campaign: CampaignDoc, prompt: Pick<PromptDoc, 'person' | 'tweet'>): OutreachInput => ({
  campaignId: campaign._id, tweet: prompt.tweet, person: prompt.person, settings: outreachSettingsOf(campaign),
});

/**
 * Signals the person's conversation for this campaign, or starts it again (signalWithStart) when
 * none runs. A conversation of another campaign is left alone: one conversation per person.
 */
export async function optIntoConversation(client: Client, input: OutreachInput, taskQueue: string, source: string): Promise<'opted-in' | 'busy'> {
  const h = client.workflow.getHandle(`outreach-${input.person.xUserId}`);
  try {
    const d = await h.describe();
    if (d.status.name === 'RUNNING' && (await h.query(stateQuery)).campaignId !== input.campaignId) return 'busy';
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  await startOptIn(client, input, taskQueue, source);
  return 'opted-in';
}

// ---- DMs from people with no running conversation ----------------------------------------------

export interface FinderDeps { db: Db; x?: XClient; log: Logger }

/**
 * The routing hook for a DM from someone with no running conversation: the opt-in campaign that
 * prompted them (newest first) when the DM carries its keyword and is not a stop or a no; else a running opt-in campaign
 * whose own keyword (set explicitly, not the default YES) the DM carries, newest first.
 */
export function createOptInFinder(deps: FinderDeps): (dm: IncomingDm) => Promise<OutreachInput | undefined> {
  return async (dm) => {
    const running = await campaignsCol(deps.db).find({ status: 'running', 'conversation.firstContact': 'opt-in' }).toArray();
    const read = optInReader(dm.text);
    const carries = (c: CampaignDoc) => read(keywordOf(outreachSettingsOf(c))) === 'opt-in';
    const person = await col(deps.db).findOne({ _id: personKey(dm.senderId) }) as PersonDoc | null;
    for (const id of [...(person?.campaignIds ?? [])].reverse()) {
      const c = running.find((x) => x._id === id);
      if (!c || !carries(c)) continue;
      const prompt = await col(deps.db).findOne({ _id: promptKey(id, dm.senderId) }) as PromptDoc | null;
      if (prompt) return inputOf(c, prompt);
    }
    const byKeyword = running.filter((c) => c.conversation.optInKeyword && carries(c))
      .sort((a, b) => (b.startedAt?.getTime() ?? 0) - (a.startedAt?.getTime() ?? 0));
    if (!byKeyword[0]) return undefined;
    return inputOf(byKeyword[0], { person: await personOf(deps, dm.senderId), tweet: { id: `dm:${dm.id}`, text: dm.text } });
  };
}

/** Name and handle for the greeting: the stored profile, else X, else none (the greeting says "there"). */
async function personOf(deps: FinderDeps, xUserId: string): Promise<OutreachPerson> {
  const p = await profiles(deps.db)
    .findOne({ _id: xUserId }, { projection: { username: 1, name: 1 } });
  if (p?.username) return { xUserId, username: p.username, name: p.name ?? p.username };
  const u = await deps.x?.lookupUsers([xUserId]).catch((err: unknown) => { deps.log.warn({ err, xUserId }, 'user lookup failed'); return undefined; });
  return { xUserId, username: u?.[0]?.username ?? '', name: u?.[0]?.name ?? '' };
}
