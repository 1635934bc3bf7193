// The reply classifier of release 0.1.0 (c831047), kept verbatim so workflows can replay
// conversations whose history was decided by it: a reply it read as `other` may read as `stop` or
// `decline` now, and the workflow must not issue different commands on replay. Use it only behind
// `patched(...)`'s false branch; new decisions use readReply. Do not change it.
import type { ReplyIntent } from './types';

const YES_EMOJI = /[\u{1F44D}\u{2705}\u{1F44C}\u{1F64C}\u{2714}]/gu; // 👍 ✅ 👌 🙌 ✔
const STOP_EMOJI = /[\u{1F6D1}\u{26D4}\u{1F6AB}]/gu; // 🛑 ⛔ 🚫
const HELP_EMOJI = /[\u{2753}\u{2754}\u{1F914}]/gu; // ❓ ❔ 🤔

/** Lower-cased words with emoji mapped to words and other symbols dropped; "?" survives as a token. */
function legacyWords(text: string): string[] {
  const t = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(YES_EMOJI, ' yes ')
    .replace(STOP_EMOJI, ' stop ')
    .replace(HELP_EMOJI, ' ? ')
    .replace(/\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}\u{FE0F}\u{200D}]/gu, ' ')
    .replace(/\?+/g, ' ? ')
    .replace(/[^\p{L}\p{N}'? ]+/gu, ' ');
  return t.split(/\s+/).filter(Boolean).map((w) => w.replace(/^'+|'+$/g, '')).filter(Boolean);
}

const NEGATIONS = new Set(["don't", 'dont', 'do', "can't", 'cant', 'cannot', 'never', 'not', "won't", 'wont', "couldn't", "wouldn't", 'no', 'nt']);
const STOP_WORDS = new Set(['stop', 'stopall', 'unsubscribe', 'unsub', 'cancel', 'quit', 'end', 'optout']);
/** Words that may surround a bare stop word without changing its meaning ("stop please", "STOP now"). */
const FILLER = new Set(['please', 'pls', 'plz', 'now', 'it', 'all', 'thanks', 'thank', 'you', 'ty', 'just', 'ok', 'okay', 'this', 'that', 'me', 'right', 'already', 'asap']);
const CONTACT_VERBS = '(messaging|message|msging|texting|text|sending|send|contacting|contact|dming|dm|writing|write|spamming|spam|bothering|bother|pinging|ping)';
const STOP_PHRASES = [
  new RegExp(`\\bstop ${CONTACT_VERBS}\\b`),
  new RegExp(`\\b(do not|don't|dont|never) ${CONTACT_VERBS} (me|us)\\b`),
  /\bunsubscribe\b/,
  /\bopt ?out\b/,
  /\bremove me\b/,
  /\bleave me alone\b/,
  /\bno more (messages|dms|texts)\b/,
  /\btake me off\b/,
];
/** "don't unsubscribe me", "not opting out": a negation right before the phrase cancels it. */
const NEGATED_PHRASE = /\b(don't|dont|do not|not|never|can't|cant|won't|wont)\s+(stop|unsubscribe|opt ?out|remove me|cancel|quit|end)\b/;

const YES_WORDS = new Set(['yes', 'yeah', 'yea', 'yeh', 'ya', 'yep', 'yup', 'y', 'sure', 'ok', 'okay', 'k', 'absolutely', 'definitely', 'certainly', 'interested', 'si', 'oui', 'ja', 'affirmative', 'yess', 'yesss', 'yas']);
const YES_PHRASES = [/^(i'm|im|i am) (very |really |so )?interested\b/, /^sounds good\b/, /^let's (do it|go|talk)\b/, /^count me in\b/, /^(i'd|i would) love (to|that)\b/, /^why not\b/, /^of course\b/, /^go (for it|ahead)\b/];
const HELP_WORDS = new Set(['help', 'info', 'information', 'details', 'menu', 'options', 'commands', 'more', 'explain', 'aide', 'ayuda']);
const HELP_PHRASES = [/^(what|who) (is|are) (this|that|you)\b/, /^what's this\b/, /^whats this\b/, /^what do you (mean|want)\b/, /^how does (this|it) work\b/, /^tell me more\b/, /^more info\b/, /^need help\b/, /^i need help\b/];
const NEGATIVE_LEAD = new Set(['no', 'nope', 'nah', 'not', "don't", 'dont', 'never']);

function meansStop(words: string[], joined: string): boolean {
  if (NEGATED_PHRASE.test(joined)) {
    // Only an opt-out phrase that is not itself negated counts, e.g. "don't stop. actually unsubscribe".
    const stripped = joined.replace(new RegExp(NEGATED_PHRASE.source, 'g'), ' ');
    return STOP_PHRASES.some((p) => p.test(stripped)) && !/\b(don't|dont|do not|not|never)\b.*\bunsubscribe\b/.test(stripped);
  }
  if (STOP_PHRASES.some((p) => p.test(joined))) return true;
  // A bare stop word with only filler around it: "STOP", "stop please", "Cancel.", "quit it".
  const content = words.filter((w) => !FILLER.has(w));
  if (content.length >= 1 && content.length <= 2 && content.every((w) => STOP_WORDS.has(w))) {
    return !words.some((w) => NEGATIONS.has(w));
  }
  return false;
}

export function classifyReplyV1(text: string): ReplyIntent {
  const words = legacyWords(text);
  if (!words.length) return 'other';
  const joined = words.join(' ');
  if (meansStop(words, joined)) return 'stop';
  if (words.every((w) => w === '?')) return 'help';
  const first = words[0]!;
  if (NEGATIVE_LEAD.has(first)) return 'other';
  // A short reply led by an agreement word is a YES; long free text with "yes" inside is not.
  if ((YES_WORDS.has(first) && words.length <= 8) || YES_PHRASES.some((p) => p.test(joined))) {
    if (/\b(not|no|don't|dont)\b/.test(joined) && !/^(yes|yeah|yep|sure)\b/.test(joined)) return 'other';
    return 'yes';
  }
  if ((HELP_WORDS.has(first) && words.length <= 6) || HELP_PHRASES.some((p) => p.test(joined))) return 'help';
  if (words.length <= 3 && words.includes('help')) return 'help';
  return 'other';
}
