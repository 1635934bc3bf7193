// classifyReply / readReply: what a person's DM asks for, in en, es, fr, de, pt or it. STOP is decided
// first and wins any ambiguity (consent matters more than a quick YES), but "don't stop" or "stop by
// our store" are not opt-outs. The rules live in ./reply/ (see docs/replies.md).
import { readReplyText } from './reply';

/**
 * What a reply asks for. `stop` opts the person out everywhere (global suppression); `decline` is a
 * no to this conversation only (polite close, campaign cooldown). Ambiguity between stop and
 * anything else is read as stop.
 */
export type ReplyIntent = 'yes' | 'help' | 'stop' | 'decline' | 'other';
export const REPLY_INTENTS: readonly ReplyIntent[] = ['yes', 'help', 'stop', 'decline', 'other'];

/** Languages whose replies and default answers Chirpflow knows (ISO 639-1). */
export const REPLY_LANGS = ['en', 'es', 'fr', 'de', 'pt', 'it'] as const;
export type ReplyLang = (typeof REPLY_LANGS)[number];

/** One reply read: the intent, the language it was written in (null when unsure) and which rule decided. */
export interface ReplyReading { intent: ReplyIntent; lang: ReplyLang | null; why: string }

/**
 * Hints from outside the pure rules. `negativity` is the sentiment model's probability that the
 * reply is negative (computed where the model lives, e.g. the DM router); a clearly negative reply
 * never gets a cheerful template.
 */
export interface ReplyHints { negativity?: number }

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

export { matchesKeyword, matchesYesKeyword, YES_WORDS, NEGATIVITY_DECLINE_THRESHOLD, normalizeReply } from './reply';
/** The 0.1.0 classifier, for replaying conversations recorded before this reader (behind patched()). */
export { classifyReplyV1 } from './reply/legacy';
