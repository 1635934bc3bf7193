// The shape of one language's reply vocabulary. Entries are regex sources over normalised text
// (lower case, accents optional: they are folded when compiled); a space between words also
// matches a sentence boundary ("no, thanks" is "no . thanks" after normalisation).
import type { ReplyLang } from '../types';

export interface Lexicon {
  lang: ReplyLang;
  /** Opt-outs that hold even next to a negation ("can't you stop messaging me"). */
  stopAlways: string[];
  /** Opt-out cues, read after `safe` phrases are taken out. */
  stop: string[];
  /** Phrases that look like stop but are not ("don't stop", "stop by", "can't stop smiling"). */
  safe: string[];
  /** Words that mean stop only when the whole reply is them (plus fillers): "cancel", "basta". */
  stopBare: string[];
  /**
   * A negated request about contacting, in any word order or verb form: a negation, then within a
   * few words of the same sentence both a word of contacting and a "more / again" word ("no le
   * envíen más mensajes", "bitte nich mehr schreiben", "Che nessuno di voi mi scriva più").
   * Contact and again entries are word beginnings (stems), or whole words when they end in "$";
   * negations are whole words. The lists of every language are tried on every reply, so an entry
   * must not be a common word of another language (French "mais" is Portuguese "more").
   */
  negatedContact: { negations: string[]; contact: string[]; again: string[] };
  /**
   * Requests not to be contacted that public tweets make and DM replies rarely do (calls, tags,
   * lists, removal imperatives): read only in tweets (reply/public.ts), never in DMs.
   */
  publicStop: string[];
  /** A no to this conversation. */
  decline: string[];
  /** Words that, leading a reply, make it a no ("no", "non", "nein"). */
  noWords: string[];
  /** Phrases taken out before decline is read ("no problem", "why not", "not sure"). */
  neutral: string[];
  /** Asking what this is / how it works. */
  help: string[];
  /** Words that, leading a short reply, ask for help ("help", "ayuda"). */
  helpWords: string[];
  /**
   * Asking for a person ("can I talk to a human", "que me llame alguien"): read as yes, i.e. handed to
   * one at once, however long or angry the reply (a complaint that asks for a person must reach one).
   */
  human: string[];
  /** Interested questions and acceptances ("help me understand the offer", "sign me up"). */
  yes: string[];
  /** Single words meaning yes; also what the opt-in keyword YES accepts in this language. */
  yesWords: string[];
  /** Weak agreement ("ok", "fine"): yes, but the sentiment model may overrule it. */
  weakYesWords: string[];
  /** Words that may surround a bare keyword without changing it ("please", "now", "thanks"). */
  fillers: string[];
  /** Common function words: evidence for the language guess only. */
  markers: string[];
}
