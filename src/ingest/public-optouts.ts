// Opt-outs said in public. Someone who tweets "@Acme stop DMing me" (or "quiten mi número de su
// lista") has asked the brand not to contact them as clearly as a STOP by DM: they go on the global
// suppression list before this batch qualifies anyone, so the tweet cannot start a conversation, and
// a conversation already running sends nothing more (every send re-checks the list) and ends quietly:
// no confirmation DM to someone who asked for no DMs. Every tweet here matched one of the brand's
// own rules (a campaign's, or the brand-mentions rule), so it is about the brand. A retweet repeats
// someone else's words and is not read. The rules decide first; the reply model may add an opt-out
// they miss, at a stricter threshold than for DMs (PUBLIC_STOP_PROBABILITY_THRESHOLD).
import type { Db } from 'mongodb';
import type { IncomingTweet } from '../x';
import { readPublicOptOutRules, withModel } from '../domain/conversation';
import { withoutOthersQuotes } from '../domain/conversation/reply/public-quotes';
import { addSuppression, auditPendingAmong, clearAuditPending, suppressedAmong, type SuppressionDoc } from '../store/conversations';
import { recordAudit } from '../store/audit';
import { withoutLeadingHandles } from '../campaigns/optin';
import { shippedStopProbabilities } from '../ml/reply-stop';

export const PUBLIC_OPT_OUT_REASON = 'asked in a public tweet not to be contacted';

/**
 * The tweets of the batch that ask not to be contacted, with the rule that says so. The reply
 * model's P(stop) (`stopProbabilities`, the shipped model by default; null = rules only) is a
 * second opinion, read for the whole batch at once.
 */
export function publicOptOuts(
  batch: readonly IncomingTweet[], stopProbabilities: ((texts: string[]) => number[] | undefined) | null = shippedStopProbabilities,
): { tweet: IncomingTweet; why: string }[] {
  const own = batch.filter((t) => !t.referencedTweets?.some((r) => r.type === 'retweeted'));
  const texts = own.map((t) => withoutLeadingHandles(t.text));
  // The model reads what the rules read: without someone else's words in quotes.
  const forModel = (i: number) => withoutOthersQuotes(texts[i]!);
  const byRules = texts.map(readPublicOptOutRules);
  // The model reads only the tweets it could still change (a quarter of the emulator stream, ~20 µs each).
  const ask = stopProbabilities ? byRules.flatMap((r, i) => (r.modelMayRead ? [i] : [])) : [];
  const p = ask.length ? stopProbabilities!(ask.map(forModel)) : undefined;
  const pOf = new Map(ask.map((i, k) => [i, p?.[k]]));
  const out: { tweet: IncomingTweet; why: string }[] = [];
  own.forEach((t, i) => { const r = withModel(byRules[i]!, pOf.get(i)); if (r.optOut) out.push({ tweet: t, why: r.why }); });
  return out;
}

/**
 * Suppresses the authors of the batch's public opt-outs (idempotent: a redelivered tweet changes
 * nothing). One read finds who is already on the list, so a batch with no new opt-out writes nothing
 * more. The suppression comes first (it is what protects the person) and carries `auditPending` until
 * its audit line is written, so a crash between the two is finished by the redelivered tweet instead
 * of losing the line. Returns how many were new.
 */
export async function recordPublicOptOuts(db: Db, batch: readonly IncomingTweet[]): Promise<number> {
  const found = publicOptOuts(batch);
  if (!found.length) return 0;
  const authors = [...new Set(found.map((f) => f.tweet.authorId))];
  const already = await suppressedAmong(db, authors);
  const pending = already.size ? await auditPendingAmong(db, authors) : new Map<string, SuppressionDoc>();
  let added = 0;
  for (const { tweet, why } of found) {
    const unfinished = pending.get(tweet.authorId)?.tweetId === tweet.id;
    if (already.has(tweet.authorId) && !unfinished) continue;
    already.add(tweet.authorId);
    pending.delete(tweet.authorId);
    if (!unfinished) {
      const handle = tweet.author?.username;
      const doc = { _id: tweet.authorId, reason: PUBLIC_OPT_OUT_REASON, source: 'public-tweet', tweetId: tweet.id, auditPending: true, ...(handle ? { handle } : {}) };
      if (!(await addSuppression(db, doc))) continue;
      added++;
    }
    await recordAudit(db, { who: `x:${tweet.authorId}`, action: 'tweet.opt-out', outcome: 'suppressed', tweetId: tweet.id, rule: why.slice(0, 120) });
    await clearAuditPending(db, tweet.authorId);
  }
  return added;
}
