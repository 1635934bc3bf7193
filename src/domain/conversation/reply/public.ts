// Public tweets that ask the brand not to contact their author ("@Acme stop DMing me", "quiten mi
// número de su lista"). A tweet is not a reply to us: "stop", an insult or "leave me alone" in a tweet
// is rarely about us, so the DM reader's bare keywords, insults, typo repairs and the reply model do
// not count here. What counts is an opt-out phrase of the reader whose own words name a way of
// contacting (a message, a DM, a call, a list, one's data…), in a sentence about the author ("me",
// "my", "I"…), or a negated request about contacting ("nunca más me escriban"). Pure and synchronous.
import { normalizeReply } from './normalize';
import { P, compilePattern, PatternSet } from './patterns';
import { negatedContact, remove } from './rules';
import { once } from './lazy';
import { MODEL_MIN_WORDS } from './index';
import { isContact, mentionsAuthor } from './public-words';
import { withoutOthersQuotes } from './public-quotes';
import { bareOrder } from './public-orders';

export interface PublicOptOut { optOut: boolean; why: string }

/** Not requests: being sent somewhere, or "don't bother trying". */
const NOT_OPT_OUTS = once(() => new PatternSet([
  ...['send(ing)? (me|us) (back )?(to|over)', '(dont|do not|didnt|did not|never) bother (to|trying|with|wasting|calling|asking)', 'do not disturb'].map((s) => compilePattern(s, 'en')),
  // Reporting the brand to an authority ("ich melde euch der BaFin"): a threat about something else, not about contact.
  compilePattern('(ich )?melde (euch|sie|dich) (der|bei|beim|dem|an)', 'de'),
  // News of a fine for contacting people "without consent" is not the author's request.
  compilePattern('(fined|fines|fine|multa|multada|multado|multan|multas|sancion[a-z]*|amende|amendes|multe|multata|bussgeld) ([a-z]+ ){0,12}(without|sin|sans|senza|sem|ohne) (consent|consentimiento|consentement|consenso|consentimento|einwilligung)', 'en'),
]));

/** Asking to be contacted: the reply model, trained on DMs, reads some of these as opt-outs ("hab euch eine DM geschickt, bitte meldet euch": 0.999). */
const WANTS_CONTACT = once(() => new PatternSet([
  ['(dm|message|call|contact|email|text|ring) me( back)?( please| pls| asap| now)?( [.?])?$', 'en'], ['get back to me', 'en'], ['(somebody|someone|anyone|anybody|pls|please|can (you|u|someone)) (dm|message|call|contact|email|text) me', 'en'], ['reach out to me', 'en'], ['(can|could) (someone|somebody|anyone) (call|contact|dm|message|email)', 'en'],
  ['(bitte )?(meldet euch|melden sie sich)', 'de'], ['(ruft|rufen sie) mich (an|zuruck|zurueck)', 'de'], ['schreibt mir( bitte)?( [.?])?$', 'de'],
  ['(contactez|ecrivez|rappelez) moi', 'fr'], ['(llamenme|escribanme|contactenme|llamame|escribeme)', 'es'], ['me (liguem|chamem|respondam|retornem)', 'pt'], ['me (mandem|manda|mande|envia|enviem|envie) (uma )?(mensagem|msg|dm|direct|email|mail)', 'pt'],
  ['(chiamatemi|scrivetemi|contattatemi|richiamatemi)', 'it'],
].map(([src, lang]) => compilePattern(src!, lang as 'en'))));

/** Words before a "stop …" that make it a description, not a request ("my ex won't stop texting me", "I keep messaging support"). */
const DESCRIBED = new Set(['wont', 'wouldnt', 'couldnt', 'dont', 'doesnt', 'didnt', 'cant', 'never', 'not', 'no', 'nao', 'ne', 'nicht', 'non', 'i', 'we', 'je', 'ich', 'eu', 'io']);

/** A phrase that starts with a negation ("don't call", "do not contact") is about the author only with "me"/"us" in it or after it. */
const NEGATION = /^(dont|do|never|not|no|nao|ne|nicht|non|nunca|jamais|mai)$/;
/** Words after a short negated contact phrase that make it a request ("don't call again", "do not call this number"). */
const AFTER_NEGATED = new Set(['this', 'again', 'anymore', 'ever']);
/** The one being addressed: a negated contact about them is a promise, not a request ("we'll never call you"). */
const SECOND_PERSON = new Set(['you', 'u', 'your', 'te', 'ti', 'tu', 'vous', 'votre', 'dich', 'dir', 'sua', 'seu', 'voce', 'vos', 'usted', 'ustedes']);
/** The verbs of "stop …" and "keep …": after "won't" or "I" they describe, they do not ask. */
const STOP_VERB = /^(stop|stopp|quit|keep|keeps|cease|para|parar|pare|deja|dejar|arrete|arreter|smett|hor|hoer|aufhor)/;

/** "To be contacted": a passive request is about the author ("não desejo ser contactado"). */
const PASSIVE = new Set(['be', 'being', 'ser', 'essere', 'etre', 'werden']);
/** The sentence of `tokens` that holds the window (a run of its tokens). */
function sentenceOf(tokens: readonly string[], window: readonly string[]): string[] {
  const at = tokens.findIndex((_, i) => window.every((w, j) => tokens[i + j] === w));
  if (at < 0) return [...window];
  let a = at; while (a > 0 && tokens[a - 1] !== '.') a--;
  return [...tokens.slice(a, at), ...restOfSentence(tokens, at)];
}

/** The tokens from `from` to the end of its sentence. */
function restOfSentence(tokens: readonly string[], from: number): string[] {
  let b = from; while (b < tokens.length && tokens[b] !== '.') b++;
  return tokens.slice(from, b);
}

/** Someone else as the object of the contact verb. */
const THIRD_PERSON_OBJECT = new Set(['her', 'him', 'them']);

/** The first match of the set that is a request not to be contacted; see readPublicOptOut. */
function contactSpan(set: PatternSet, text: string, o: { frames?: boolean } = {}): { lang: string; span: string } | undefined {
  const tokens = text.split(' ');
  for (const p of set.hits(text)) {
    for (const m of text.matchAll(p.all)) {
      const span = m[0].trim().split(' ');
      if (!o.frames && (span.length < 2 || span.includes('.'))) continue;
      const from = text.slice(0, m.index + m[0].length - m[0].trimStart().length).split(' ').length - 1;
      const to = from + span.length;
      if (DESCRIBED.has(tokens[from - 1] ?? '') && STOP_VERB.test(span[0]!)) continue;
      // "my mum asked me to stop sending her …" reports someone else's wish ("please stop calling her", written from her account, asks).
      if (tokens[from - 1] === 'to' && THIRD_PERSON_OBJECT.has(tokens[to] ?? '') && !mentionsAuthor(span)) continue;
      // "don't call her names", "don't bother, it's sold out": a negated contact word asks about the author only with "me"/"us".
      if (NEGATION.test(span[0]!) && !o.frames && span.length <= 3 && !mentionsAuthor([...span, tokens[to] ?? '']) && !AFTER_NEGATED.has(tokens[to] ?? '')) continue;
      // The phrase names a channel, or asks about the author and its sentence names one ("remove me from your list").
      if (o.frames || span.some(isContact) || (mentionsAuthor(span) && restOfSentence(tokens, to).slice(0, 8).some(isContact))) {
        return { lang: p.lang, span: span.join(' ') };
      }
    }
  }
  return undefined;
}

/**
 * P(stop) from the reply model (models/replies) at or above which a tweet of at least
 * MODEL_MIN_WORDS words that the rules did not read as an opt-out becomes one. Stricter than for
 * DMs (0.9): a tweet is not addressed to us, and an opt-out read in it suppresses its author for
 * good. Chosen on the first three public sets: at 0.9 the model added 35 false opt-outs among their
 * 840 hard negatives (the rules: 10), at 0.98 15, for most of the same recall (+3.5 points). Only for a
 * tweet that speaks of its author (see readPublicOptOutRules).
 */
export const PUBLIC_STOP_PROBABILITY_THRESHOLD = 0.98;

/** The rules' reading of a tweet, and whether the reply model may still turn it into an opt-out. */
export interface PublicRulesReading extends PublicOptOut { modelMayRead: boolean }

/**
 * The rules' reading, from one normalisation of the tweet. The reply model may still make it an
 * opt-out only when the rules did not, it has MODEL_MIN_WORDS words or more, and it speaks of its
 * author ("me", "my", "I"…): a complaint ("never buying from Acme again", P(stop) 0.99) is not a
 * request about contact. Ingest asks the model only about those.
 */
export function readPublicOptOutRules(text: string): PublicRulesReading {
  const tokens = normalizeReply(withoutOthersQuotes(text)).tokens;
  const r = readByRules(tokens);
  const modelMayRead = !r.optOut && tokens.filter((w) => w !== '.' && w !== '?').length >= MODEL_MIN_WORDS && mentionsAuthor(tokens)
    && !WANTS_CONTACT().hits(tokens.join(' ')).length;
  return { ...r, modelMayRead };
}

/** The rules' reading with the reply model's P(stop) as second opinion (if any): it may only add an opt-out. */
export function withModel(byRules: PublicRulesReading, p: number | undefined): PublicOptOut {
  if (p === undefined || p < PUBLIC_STOP_PROBABILITY_THRESHOLD || !byRules.modelMayRead) return { optOut: byRules.optOut, why: byRules.why };
  return { optOut: true, why: `model:reply (P(stop)=${Math.round(p * 1000) / 1000}; rules: ${byRules.why})` };
}

/** Whether a public tweet asks not to be contacted, and which rule says so; `stopProbability` is the reply model's second opinion. */
export function readPublicOptOut(text: string, hints: { stopProbability?: number } = {}): PublicOptOut {
  return withModel(readPublicOptOutRules(text), hints.stopProbability);
}

function readByRules(tokens: readonly string[]): PublicOptOut {
  const text = tokens.join(' ');
  // Every reading below needs a contact word: most tweets have none and end here.
  if (!tokens.some(isContact) && !P.publicStop.hits(text).length) return { optOut: false, why: 'no contact word' };
  const plain = remove(NOT_OPT_OUTS(), text);
  const t = remove(P.safe, plain);
  // Like the DM reader: the always-stop phrases ("stop calling") are read before harmless uses of "stop" are taken out.
  const hit = contactSpan(P.publicStop, t, { frames: true }) ?? contactSpan(P.stopAlways, plain) ?? contactSpan(P.stop, t);
  if (hit) return { optOut: true, why: `public:${hit.lang}:"${hit.span}"` };
  const order = bareOrder(t.split(' '));
  if (order) return { optOut: true, why: `public:*:order "${order}"` };
  // "Nunca mais me liguem", but not an ad's "we'll never call you to ask for your PIN".
  const words = t.split(' ');
  const negated = negatedContact(words);
  if (!negated) return { optOut: false, why: 'no contact opt-out' };
  const window = negated.window ?? [];
  // "Minha chefe não para de mandar áudio" describes; it asks nothing.
  if (STOP_VERB.test(window[1] ?? '')) return { optOut: false, why: 'no contact opt-out' };
  const aboutAuthor = window.some((w) => PASSIVE.has(w)) || mentionsAuthor(sentenceOf(words, window)) || !window.some((w) => SECOND_PERSON.has(w));
  return aboutAuthor ? { optOut: true, why: `public:${negated.why}` } : { optOut: false, why: 'no contact opt-out' };
}
