// classifyReply / readReply: what a person's DM asks for, in en, es, fr, de, pt or it. STOP is decided
// first and wins any ambiguity (consent matters more than a quick YES), but "don't stop" or "stop by
// our store" are not opt-outs. The rules live in ./reply/ (see docs/replies.md).
import { readReplyText } from './reply';
import type { ReplyHints, ReplyIntent, ReplyReading } from './reply/types';

// The reading's types live in ./reply/types.ts, so the rules there need not import this file back.
export { REPLY_INTENTS, REPLY_LANGS, type ReplyHints, type ReplyIntent, type ReplyLang, type ReplyReading } from './reply/types';

/** The intent of a reply (the rules only; see readReply for the language and the model's second opinion). */
export function classifyReply(text: string): ReplyIntent {
  return readReplyText(text).intent;
}

/**
 * Reads one reply: intent, language (null when unsure) and the rule or model that decided. Pure,
 * synchronous and deterministic (the workflow sandbox calls it). The rules live in ./reply/.
 */
export function readReply(text: string, hints: ReplyHints = {}): ReplyReading {
  return readReplyText(text, hints);
}

export { matchesKeyword, matchesYesKeyword, YES_WORDS, NEGATIVITY_DECLINE_THRESHOLD, STOP_PROBABILITY_THRESHOLD, MODEL_MIN_WORDS, normalizeReply } from './reply';
/** The 0.1.0 classifier, for replaying conversations recorded before this reader (behind patched()). */
export { classifyReplyV1 } from './reply/legacy';
export { readPublicOptOut, readPublicOptOutRules, withModel, PUBLIC_STOP_PROBABILITY_THRESHOLD, type PublicOptOut, type PublicRulesReading } from './reply/public';
