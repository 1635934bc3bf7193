// Lexicon entries compiled into word-bounded regexes over normalised text, plus the vocabulary the
// typo and run-together-word repairs rely on. Everything is built on first use, not at load: the
// workflow sandbox evaluates this module again for every conversation it creates or replays after an
// eviction, and building it all took ~25 ms of the worker's workflow thread each time, three
// quarters of its CPU with 100,000 waiting conversations (bench:outreach); most never read a reply.
import type { ReplyLang } from './types';
import { foldLetters } from './normalize';
import { LEXICONS, type Lexicon } from './lexicon';
import { lazyRecord, once } from './lazy';

export interface Pattern {
  re: RegExp; all: RegExp; lang: ReplyLang; src: string;
  /** Text every match contains (or ''): a cheap `includes` check before running the regex. */
  needs: string;
  /** When `needs` is not a whole word: the first two letters one of which every match's first word starts with ("(stop|quit) …": st, qu). */
  starts?: string[];
}

/**
 * The two-letter beginnings of a pattern's first word when it opens with a group of plain
 * alternatives ("(i|we) told you" cannot: "i" has one letter; "(stop|quit) calling": st, qu), else
 * undefined. Lets such a pattern run only on texts with a word that starts like one of them.
 */
export function firstWordStarts(src: string): string[] | undefined {
  const body = src.startsWith('^') ? src.slice(1) : src;
  if (!body.startsWith('(') || body.startsWith('(?')) return undefined;
  let depth = 0, end = -1;
  for (let i = 0; i < body.length && end < 0; i++) {
    if (body[i] === '(') depth++;
    else if (body[i] === ')' && --depth === 0) end = i;
  }
  if (end < 0 || /[?*{]/.test(body[end + 1] ?? '')) return undefined;
  // Split the group's alternatives at its own depth.
  const alts: string[] = [];
  let cur = '', d = 0;
  for (const c of body.slice(1, end)) {
    if (c === '(' || c === '[') d++;
    if (c === ')' || c === ']') d--;
    if (c === '|' && d === 0) { alts.push(cur); cur = ''; } else cur += c;
  }
  alts.push(cur);
  const starts = new Set<string>();
  for (const a of alts) {
    if (!/^[a-z][a-z]/.test(a) || /[?*{]/.test(a[2] ?? '')) return undefined;
    starts.add(a.slice(0, 2));
  }
  return [...starts];
}

/**
 * The longest word that appears literally, outside any group, class or quantifier, in a pattern
 * source: "stop messag(e|es)" needs " stop" (a leading space when the word starts a word; the text
 * checked starts with a space). Most entries have one, so most regexes never run.
 */
export function requiredWord(src: string): string {
  let depth = 0;
  let best = '';
  let run = '';
  let atWordStart = true;
  const end = () => { if (run.length > best.length) best = atWordStart ? ` ${run}` : run; run = ''; };
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '(' || c === '[') { end(); depth++; continue; }
    if (c === ')' || c === ']') { depth--; continue; }
    if (depth > 0) continue;
    if (/[a-z]/.test(c)) {
      if (/[?*{]/.test(src[i + 1] ?? '')) { end(); atWordStart = false; continue; } // "thanks?": the s is optional
      if (run === '') atWordStart = i === 0 || src[i - 1] === ' ' || src[i - 1] === '^';
      run += c;
    } else end();
  }
  end();
  return best.trim().length >= 2 ? best : '';
}

/** One entry → a regex that matches whole words; a space also matches across a "," or "." boundary. */
export function compilePattern(src: string, lang: ReplyLang): Pattern {
  const SP = ' (?:[.?] )?';
  // "a b" also matches "a, b"; "a ?b" means the space is optional ("aujourd ?hui").
  const body = foldLetters(src).replace(/ \?/g, '\u0001').replace(/ /g, SP).replace(/\u0001/g, `(?:${SP})?`);
  const source = `(?:^| )(?:${body})(?= |$)`;
  const folded = foldLetters(src);
  const needs = requiredWord(folded);
  const starts = needs.startsWith(' ') ? undefined : firstWordStarts(folded);
  return { re: new RegExp(source), all: new RegExp(source, 'g'), lang, src, needs, ...(starts ? { starts } : {}) };
}

/**
 * One stage's patterns, indexed by the first two letters of the word each needs, so a reply only
 * runs the few patterns whose needed word could start one of its words (order is kept: the first
 * entry that matches is the one `why` names).
 */
export class PatternSet {
  private readonly byPrefix = new Map<string, number[]>();
  private readonly always: number[] = [];
  /** Scratch marks, reused: reading is synchronous, so one call never overlaps another. */
  private readonly mark: Uint8Array;
  constructor(readonly list: readonly Pattern[]) {
    this.mark = new Uint8Array(list.length);
    const index = (key: string, i: number) => {
      const bucket = this.byPrefix.get(key) ?? [];
      bucket.push(i);
      this.byPrefix.set(key, bucket);
    };
    list.forEach((p, i) => {
      if (p.needs.startsWith(' ')) index(p.needs.slice(1, 3), i);
      else if (p.starts) for (const k of p.starts) index(k, i);
      else this.always.push(i);
    });
  }

  /** The entries matching `text`, in lexicon order. */
  hits(text: string): Pattern[] {
    const mark = this.mark;
    mark.fill(0);
    for (const i of this.always) mark[i] = 1;
    for (const w of text.split(' ')) for (const i of this.byPrefix.get(w.slice(0, 2)) ?? []) mark[i] = 1;
    const padded = ` ${text}`;
    const out: Pattern[] = [];
    for (let i = 0; i < mark.length; i++) {
      const p = this.list[i]!;
      if (mark[i] && padded.includes(p.needs) && p.re.test(text)) out.push(p);
    }
    return out;
  }
}

/** Membership in a set built on first use. */
export interface WordSet { has(word: string): boolean }
const lazySet = (build: () => Set<string>): WordSet => {
  const set = once(build);
  return { has: (word) => set().has(word) };
};

type ListKey = 'stopAlways' | 'stop' | 'safe' | 'decline' | 'neutral' | 'help' | 'human' | 'yes' | 'publicStop';
const compiled = (key: ListKey): PatternSet => new PatternSet(LEXICONS.flatMap((l) => l[key].map((s) => compilePattern(s, l.lang))));
const wordSet = (key: 'stopBare' | 'noWords' | 'helpWords' | 'yesWords' | 'weakYesWords' | 'fillers' | 'markers', lex: Lexicon) =>
  new Set(lex[key].map((w) => foldLetters(w)));

export const P = lazyRecord({
  stopAlways: () => compiled('stopAlways'),
  stop: () => compiled('stop'),
  safe: () => compiled('safe'),
  decline: () => compiled('decline'),
  neutral: () => compiled('neutral'),
  help: () => compiled('help'),
  human: () => compiled('human'),
  yes: () => compiled('yes'),
  publicStop: () => compiled('publicStop'),
});

export interface LangWords {
  lang: ReplyLang;
  negatedContact: { negations: Set<string>; contact: readonly string[]; again: readonly string[] };
  stopBare: Set<string>; noWords: Set<string>; helpWords: Set<string>; yesWords: Set<string>;
  weakYesWords: Set<string>; fillers: Set<string>; markers: Set<string>;
}

/** Each language's word lists, folded. */
export const words: () => readonly LangWords[] = once(() => LEXICONS.map((l) => ({
  lang: l.lang,
  negatedContact: {
    negations: new Set(l.negatedContact.negations.map(foldLetters)), contact: l.negatedContact.contact.map(foldLetters), again: l.negatedContact.again.map(foldLetters),
  },
  stopBare: wordSet('stopBare', l), noWords: wordSet('noWords', l), helpWords: wordSet('helpWords', l), yesWords: wordSet('yesWords', l),
  weakYesWords: wordSet('weakYesWords', l), fillers: wordSet('fillers', l), markers: wordSet('markers', l),
})));

const union = (pick: (w: LangWords) => Set<string>) => () => new Set(words().flatMap((w) => [...pick(w)]));
export const ALL = lazyRecord({
  noWords: union((w) => w.noWords),
  helpWords: union((w) => w.helpWords),
  yesWords: union((w) => w.yesWords),
  weakYesWords: union((w) => w.weakYesWords),
  fillers: union((w) => w.fillers),
});

/** Sign-up words one or two edits away from an opt-out keyword: never "repaired" into it. */
const SIGN_UP_WORDS = [
  'subscribe', 'subscribed', 'subscribing', 'subscription', 'suscribir', 'suscribirme', 'suscribo', 'suscripcion', 'inscribir', 'inscribirme', 'abonner', 'inscrire', 'inscription',
  'anmelden', 'anmeldung', 'bestellen', 'bestelle', 'bestellt', 'abonnieren', 'cadastrar', 'cadastre', 'inscrever', 'iscrivi', 'iscrivimi', 'iscrivere', 'iscrizione', 'harass',
];

/** Every word any lexicon spells out, and sign-up words: known words are never "repaired" into keywords. */
export const VOCABULARY: WordSet = lazySet(() => new Set([
  ...SIGN_UP_WORDS,
  ...LEXICONS.flatMap((l) => Object.values(l).filter(Array.isArray).flatMap((list: string[]) => list.flatMap((s) => foldLetters(s).match(/[a-z]{2,}/g) ?? []))),
]));

/** Words a run-together token may be split into ("stopplease", "nothanks", "leavemealone"). */
export const SPLIT_WORDS: WordSet = lazySet(() => new Set([
  ...words().flatMap((w) => [...w.yesWords, ...w.noWords, ...w.helpWords, ...w.stopBare]),
  ...(words().find((w) => w.lang === 'en')?.fillers ?? []),
  'leave', 'alone', 'opt', 'out', 'off', 'go', 'away', 'not', 'interested', 'more', 'no', 'thanks', 'spam', 'never', 'again', 'message', 'messages', 'texting', 'contact',
]));

/**
 * Opt-out keywords (and the words of opt-out phrases) people misspell. Short ones (≤ 5 letters) are repaired only by doubled letters or
 * one swap of neighbours ("sttop", "stpo"), longer ones also by one edit, and 10+ letters by two.
 */
export const TYPO_KEYWORDS: readonly string[] = [
  'stop', 'stopp', 'spam', 'stopall', 'optout', 'unsubscribe', 'unsubscribed', 'unsubscription', 'harassment', 'desuscribir', 'desuscribirme',
  'desabonner', 'desinscrire', 'desinscription', 'abmelden', 'abbestellen', 'aufhoren', 'descadastrar', 'descadastre', 'disiscrivi', 'disiscrivimi', 'disiscrizione', 'smettila', 'basta',
  // Words opt-out phrases are built from, so a typo in them does not hide the phrase ("dont mesage me").
  'message', 'messages', 'messaging', 'contact', 'contacting', 'alone',
];
