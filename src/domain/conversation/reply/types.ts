// What reading a reply yields: the intents, the languages, the reading itself and the hints it takes.
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
 * Hints from outside the pure rules, computed where the models live (the DM router, the CLI).
 * `negativity` is the sentiment model's probability that the reply is negative: a clearly negative
 * reply never gets a cheerful template. `stopProbability` is the reply model's probability that the
 * reply asks not to be contacted (models/replies): it can only turn a reading into stop, never away.
 */
export interface ReplyHints { negativity?: number; stopProbability?: number }
