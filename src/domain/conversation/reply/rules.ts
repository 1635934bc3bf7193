// The intent rules, in order of what must never be missed: stop, then decline, then help / yes.
// Conservative: a reply that reads as stop anywhere is stop, whatever else it says ("yes please
// stop"), unless the stop word is one of the known harmless uses ("don't stop", "stop by").
import type { ReplyIntent, ReplyLang } from './types';
import { squeeze, type NormalizedReply } from './normalize';
import { ALL, P, words as langWords, type Pattern, type PatternSet } from './patterns';

export interface RuleReading {
  intent: ReplyIntent;
  /** A yes from a weak cue ("ok", a yes word deep in a long reply): the sentiment model may overrule it. */
  weak: boolean;
  why: string;
  /** Languages of the lexicon entries that decided. */
  langs: ReplyLang[];
  /** The reply uses "stop" harmlessly ("don't stop", "bus stop"): the sentiment model misreads such replies. */
  harmlessStop?: boolean;
  /** For a negated contact: the words from the negation on that it was read in. */
  window?: string[];
}

/** Replies longer than this (in words) are not read as yes: "yes" inside free text is not consent. */
const MAX_YES_WORDS = 14;
/** Up to this many words a yes is strong; longer ones are weak. */
const STRONG_YES_WORDS = 8;

/**
 * Praise, not an answer: "ótimo", "super", "fantastico" say yes only as a short reply of their own
 * ("Super!", "parfait, merci"). In a longer reply they praise something ("ótimo atendimento hoje na
 * loja", "your new flavour is super"): under opt-in a yes greets, and praise is not consent.
 */
const PRAISE = new Set(['sehr gut', 'super', 'prima', 'toll', 'perfetto', 'ottimo', 'benissimo', 'fantastico', 'demais', 'otimo', 'perfeito', 'massa', 'beleza',
  'genial', 'encantad[oa]', 'tres bien', 'parfait', 'top']);
const MAX_PRAISE_WORDS = 3;

/** Words of a question about the offer itself, in the six languages. */
const OFFER_WORD = /^(offer|discount|deal|promo|code|coupon|catch|valid|apply|applies|cover|covers|stack|stackable|expire|expires|percent|off|oferta|descuento|codigo|cupon|cupom|aplica|valido|valida|offre|reduc|reduction|remise|valable|applique|angebot|rabatt|gutschein|gilt|desconto|vale|offerta|sconto|codice)$/;

const hitsIn = (set: PatternSet, text: string): Pattern[] => set.hits(text);
/** Takes the set's phrases out of the text, leaving a "~" where each was. */
export const remove = (set: PatternSet, text: string): string => {
  let t = text;
  for (const p of set.hits(text)) t = t.replace(p.all, ' ~ ');
  return t.replace(/ +/g, ' ').trim();
};
const why = (stage: string, hits: Pattern[]) => `${stage}:${hits[0]!.lang}:${hits[0]!.src.slice(0, 60)}`;
/** Entries written the same in every language ("stop", "spam"): they say nothing about the language. */
const UNIVERSAL = new Set(['stop', 'stopp', 'stopall', 'stop all', 'spam', 'spam(s|my|mer|mers|ming)?', 'ok']);
const langsOf = (hits: Pattern[]) => [...new Set(hits.filter((h) => !UNIVERSAL.has(h.src)).map((h) => h.lang))];
const reading = (intent: ReplyIntent, stage: string, hits: Pattern[], weak = false): RuleReading => ({ intent, weak, why: why(stage, hits), langs: langsOf(hits) });

/** The words that carry meaning: not fillers, boundaries or removed phrases. */
function content(words: readonly string[], fillers: ReadonlySet<string>): string[] {
  return words.filter((w) => w !== '.' && w !== '?' && w !== '~' && !fillers.has(w));
}

/** "cancel", "END.", "basta ya", "para por favor": the reply is only bare opt-out words and fillers. */
function bareStop(tokens: readonly string[]): RuleReading | undefined {
  const found: { lang: ReplyLang; words: string[] }[] = [];
  for (const lw of langWords()) {
    const c = content(tokens, lw.fillers).filter((w) => !ALL.noWords.has(w)); // "no, stop", "não obrigado, pare"
    if (c.length > 0 && c.length <= 3 && c.every((w) => lw.stopBare.has(w))) found.push({ lang: lw.lang, words: c });
  }
  if (!found.length) return undefined;
  const langs = found.filter((f) => !f.words.every((w) => UNIVERSAL.has(w))).map((f) => f.lang);
  return { intent: 'stop', weak: false, why: `stop:${langs.length === 1 ? langs[0] : '*'}:bare "${found[0]!.words.join(' ')}"`, langs };
}

/** The reply's sentences (split at "." boundaries), when it has more than one. */
function sentences(tokens: readonly string[]): string[][] {
  const out: string[][] = [[]];
  for (const t of tokens) {
    if (t === '.') out.push([]);
    else out[out.length - 1]!.push(t);
  }
  const nonEmpty = out.filter((s) => s.length > 0);
  return nonEmpty.length > 1 ? nonEmpty : [];
}

/** Words after a negation, in the same sentence, where its contact and "again" words must be. */
const NEGATION_REACH = 6;
/** Words before it where the contact word may also be (German and Italian put the verb first: "schreiben Sie ihr nicht mehr"). */
const NEGATION_REACH_BACK = 4;

/** Past forms of receiving and arriving, in the six languages ("recebi", "reçu", "ricevuto", "erhalten", "got"). */
const RECEIVED = /^(received|got|gotten|arrived|respond(s|ed|ing)?|repli(es|ed)|answer(s|ed)?|repond(s|ez|u)?|antwortet|antworten|rispond[a-z]*|responde[mn]?|contesta[n]?|recib(i|io|ido)|llego|llegado|recu|recue|arrive|ricevut[oaie]|arrivat[oaie]|erhalten|bekommen|angekommen|receb(i|eu|ido)|cheg(ou|ado))$/;

/** A word beginning, or with a final "$" the whole word ("mai$": Italian "mai", not French "mais"). */
export const startsOrIs = (w: string, entry: string) => (entry.endsWith('$') ? w === entry.slice(0, -1) : w.startsWith(entry));

/** "no le envíen más mensajes", "nunca mais me escrevam": see Lexicon.negatedContact. */
export function negatedContact(tokens: readonly string[]): RuleReading | undefined {
  for (const lw of langWords()) {
    const { negations, contact, again } = lw.negatedContact;
    const isContact = (w: string) => contact.some((c) => startsOrIs(w, c));
    const isAgain = (w: string) => again.some((a) => startsOrIs(w, a));
    for (let i = 0; i < tokens.length; i++) {
      const neg = tokens[i]!;
      if (!negations.has(neg)) continue;
      let sawContact = false, sawAgain = isAgain(neg); // "nimmer" is both "not" and "again"
      for (let j = i + 1; j < tokens.length && j <= i + NEGATION_REACH && tokens[j] !== '.'; j++) {
        if (isContact(tokens[j]!)) sawContact = true;
        if (isAgain(tokens[j]!)) sawAgain = true;
      }
      for (let j = i - 1; j >= 0 && j >= i - NEGATION_REACH_BACK && tokens[j] !== '.' && !sawContact; j--) {
        if (isContact(tokens[j]!)) sawContact = true;
      }
      // "nunca recebi o email", "ne répond plus à mes mails": a complaint that something never came, or nobody answers.
      if (sawContact && sawAgain && !tokens.slice(i + 1, i + NEGATION_REACH + 1).some((w) => RECEIVED.test(w))) {
        const window = tokens.slice(i, i + NEGATION_REACH + 1);
        return { intent: 'stop', weak: false, why: `stop:${lw.lang}:negated contact from "${window.join(' ')}"`, langs: [lw.lang], window };
      }
    }
  }
  return undefined;
}

function readStop(text: string, withoutSafe: string): RuleReading | undefined {
  const always = hitsIn(P.stopAlways, text);
  if (always.length) return reading('stop', 'stop', always);
  const hits = hitsIn(P.stop, withoutSafe);
  if (hits.length) return reading('stop', 'stop', hits);
  const tokens = withoutSafe.split(' ');
  // A bare keyword may also be a sentence of its own: "I never agreed to this. Parem imediatamente."
  return bareStop(tokens) ?? sentences(tokens).map(bareStop).find((r) => r !== undefined) ?? negatedContact(tokens);
}

const FIRST_SKIP = new Set(['lol', 'omg', 'wow', 'ooh', 'yay', 'ngl', 'haha', 'ugh', 'umm', 'uhm', 'erm', 'honestly', 'tbh', 'actually', 'look', 'um', 'uh', 'hmm', 'hm', 'well', 'oh', 'ah', 'eh', 'hey', 'hi', 'hello', 'hola', 'bonjour', 'hallo', 'oi', 'ola', 'ciao', 'salut', 'sorry', 'lo', 'siento', 'desole', 'scusa', 'perdon', '.']);

/** The first word that means something ("um, no" → "no"), doubled letters squeezed ("nãoo" → "nao"). */
function firstWord(tokens: readonly string[]): string | undefined {
  const w = tokens.find((t) => !FIRST_SKIP.has(t) && t !== '?' && t !== '~');
  return w === undefined || ALL.noWords.has(w) || ALL.yesWords.has(w) ? w : squeeze(w);
}

function readDecline(text: string): RuleReading | undefined {
  const t = remove(P.neutral, text);
  const hits = hitsIn(P.decline, t);
  if (hits.length) return reading('decline', 'decline', hits);
  // "no entiendo", "non capisco": a leading no that asks what this is, is a help request.
  if (hitsIn(P.help, t).length) return undefined;
  const first = firstWord(t.split(' '));
  if (first && ALL.noWords.has(first)) {
    const langs = langWords().filter((w) => w.noWords.has(first)).map((w) => w.lang);
    return { intent: 'decline', weak: false, why: `decline:${langs.length === 1 ? langs[0] : '*'}:leading "${first}"`, langs };
  }
  return undefined;
}

function readHelpOrYes(text: string, words: readonly string[]): RuleReading {
  const tokens = text.split(' ');
  if (tokens.every((t) => t === '?')) return { intent: 'help', weak: false, why: 'help:*:question mark', langs: [] };
  const first = firstWord(tokens);
  const n = words.length;
  const yesHits = hitsIn(P.yes, text).filter((h) => n <= MAX_PRAISE_WORDS || !PRAISE.has(h.src));
  // A leading yes word is not consent when a no follows it ("ja falei q nao": Portuguese "já", "I
  // already said no"); "no problem" and the like are taken out first.
  const saysNo = () => remove(P.neutral, text).split(' ').slice(1).some((w) => ALL.noWords.has(w));
  const leadsYes = first !== undefined && ALL.yesWords.has(first) && !saysNo();
  if (n <= MAX_YES_WORDS && leadsYes) {
    const langs = langWords().filter((w) => w.yesWords.has(first)).map((w) => w.lang);
    return { intent: 'yes', weak: n > STRONG_YES_WORDS, why: `yes:${langs.length === 1 ? langs[0] : '*'}:leading "${first}"`, langs: [...langs, ...langsOf(yesHits)] };
  }
  // Asking for a person gets one, whatever else the reply says (long, angry, or also a question).
  const humanHits = hitsIn(P.human, text);
  if (humanHits.length) return reading('yes', 'yes', humanHits);
  const helpHits = hitsIn(P.help, text);
  // An interested question ("help me understand the offer", "how do I join") is a yes, not a help request.
  const interested = yesHits.filter((h) => /^(help me|how (do|can)|where do|how much|cuanto|combien|was kostet|quanto|como|comment|wie)|price/.test(h.src));
  if (interested.length && n <= MAX_YES_WORDS) return reading('yes', 'yes', interested, n > STRONG_YES_WORDS);
  if (helpHits.length) return reading('help', 'help', helpHits);
  if (first !== undefined && ALL.helpWords.has(first) && n <= 6) {
    const langs = langWords().filter((w) => w.helpWords.has(first)).map((w) => w.lang);
    return { intent: 'help', weak: false, why: `help:${langs.length === 1 ? langs[0] : '*'}:leading "${first}"`, langs };
  }
  if (n <= 3 && words.some((w) => ALL.helpWords.has(w))) return { intent: 'help', weak: false, why: 'help:*:short help word', langs: [] };
  if (yesHits.length && n <= MAX_YES_WORDS) return reading('yes', 'yes', yesHits, n > STRONG_YES_WORDS);
  // A question about the offer ("what's the catch?", "is this valid in Canada?", "el 20% aplica a envíos?") asks for help.
  if (tokens.includes('?') && words.some((w) => OFFER_WORD.test(w))) return { intent: 'help', weak: false, why: 'help:*:question about the offer', langs: [] };
  // "ok", "cool, thanks", "va bene": only agreement words and fillers ("nice weather" is not a yes).
  if (first !== undefined && ALL.weakYesWords.has(first) && words.every((w) => ALL.weakYesWords.has(w) || ALL.fillers.has(w) || ALL.yesWords.has(w))) {
    const langs = langWords().filter((w) => w.weakYesWords.has(first)).map((w) => w.lang);
    return { intent: 'yes', weak: true, why: `yes:*:weak "${first}"`, langs };
  }
  return { intent: 'other', weak: false, why: 'other:no rule', langs: [] };
}

/** The rules' reading of a normalised reply (no model involved). */
export function readRules(n: NormalizedReply): RuleReading {
  if (n.words.length === 0) {
    if (n.tokens.length > 0 && n.tokens.every((t) => t === '?')) return { intent: 'help', weak: false, why: 'help:*:question mark', langs: [] };
    return { intent: 'other', weak: false, why: 'other:no words', langs: [] };
  }
  const withoutSafe = remove(P.safe, n.text);
  const r = readStop(n.text, withoutSafe) ?? readDecline(withoutSafe) ?? readHelpOrYes(n.text, n.words);
  return withoutSafe === n.text ? r : { ...r, harmlessStop: true };
}
