// The reply reader: normalise, apply the intent rules, guess the language, and let the sentiment
// model's negativity turn a non-committal or weak-yes reply into a decline. Pure and synchronous.
import type { ReplyHints, ReplyReading } from './types';
import { guessLang } from './lang';
import { normalizeReply } from './normalize';
import { readRules } from './rules';
import { repairTokens } from './tokens';

export { matchesKeyword, matchesYesKeyword, YES_WORDS } from './keyword';
export { normalizeReply, foldLetters } from './normalize';

/**
 * P(negative) from the sentiment model at or above which a reply the rules read as `other` or a weak
 * `yes` becomes `decline`: such a reply must not get a cheerful template. Measured on the shipped
 * model (bench:replies): clear complaints score 0.73-1.0 ("ugh whatever" 0.75, "never buying from
 * you again" 0.73, "this is useless" 0.87), while harmless replies reach 0.68 ("I use your app
 * every day"). The model never overrides stop, decline, help or a strong yes, nor a reply whose only
 * negative-looking part is a recognised harmless "stop" ("don't stop" scores 0.89: the model has
 * learnt that "stop" is negative).
 */
export const NEGATIVITY_DECLINE_THRESHOLD = 0.7;

/**
 * P(stop) from the reply model (models/replies) at or above which a reply of at least
 * MODEL_MIN_WORDS words that the rules did not read as stop becomes stop. Chosen before the held-out
 * set was scored: a model trained on the reply sets up to the eighth (and 6,000 tweets as "other"),
 * scored on the ninth and tenth against the rules of the morning before (`48b760e`), caught 101 of
 * the 122 opt-outs those rules missed and made 3 of 306 other replies stop (at 0.8: 106 and 6).
 * Shorter replies are left to the rules: with one or two words the model has too little to go on
 * ("refund please", "keine Ahnung", "wow" scored 0.9+; "me conta mais", tell me more, 0.999), and
 * bare opt-out keywords are the rules' job.
 */
export const STOP_PROBABILITY_THRESHOLD = 0.9;
export const MODEL_MIN_WORDS = 4;

export function readReplyText(text: string, hints: ReplyHints = {}): ReplyReading {
  if (text.trim() === '') return { intent: 'other', lang: null, why: 'empty' };
  const stretched = normalizeReply(text, { keepStretch: true }).tokens;
  const tokens = repairTokens(stretched);
  const plainTokens = stretched.map((t) => t.replace(/([a-z])\1\1/g, '$1')); // = normalizeReply(text).tokens
  const n = { tokens: plainTokens, text: plainTokens.join(' '), words: plainTokens.filter((t) => t !== '.' && t !== '?') };
  const words = tokens.filter((t) => t !== '.' && t !== '?');
  let r = readRules({ tokens, text: tokens.join(' '), words });
  // Repairs help read typos; they must never hide an opt-out the plain reading sees.
  if (r.intent !== 'stop' && tokens.join(' ') !== n.text) {
    const plain = readRules(n);
    if (plain.intent === 'stop') r = plain;
  }
  const lang = guessLang(text, words, r.langs);
  // The reply model sees opt-outs in words no rule names; it may only add a stop, and not over a
  // recognised harmless "stop" ("don't stop now"), which it reads as negative like the sentiment model.
  const pStop = hints.stopProbability;
  if (r.intent !== 'stop' && !r.harmlessStop && typeof pStop === 'number' && pStop >= STOP_PROBABILITY_THRESHOLD && n.words.length >= MODEL_MIN_WORDS) {
    return { intent: 'stop', lang, why: `model:reply (P(stop)=${Math.round(pStop * 100) / 100}; rules: ${r.why})` };
  }
  const neg = hints.negativity;
  if ((r.intent === 'other' || (r.intent === 'yes' && r.weak)) && !r.harmlessStop && typeof neg === 'number' && neg >= NEGATIVITY_DECLINE_THRESHOLD) {
    return { intent: 'decline', lang, why: `model:sentiment (P(negative)=${Math.round(neg * 100) / 100}; rules: ${r.why})` };
  }
  return { intent: r.intent, lang, why: r.why };
}
