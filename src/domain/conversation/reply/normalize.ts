// Reply normalisation: turns what people type into plain lower-case ASCII-ish tokens so the rules see
// one spelling. Pure and synchronous (the workflow sandbox runs it): no Node imports.
// Order matters: invisible characters and look-alike letters go first (so "ѕtор" and "st\u200Bop"
// become "stop"), then leet ("st0p", "$top"), apostrophes, spaced letters ("s t o p"), punctuation
// (kept as sentence boundaries "." and questions "?"), and letter-stretching ("stoooop").

/** Zero-width, bidi and other invisible format characters (and variation selectors). */
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/g;

/** Letters from other scripts that look like Latin ones (Cyrillic, Greek, small capitals). */
const HOMOGLYPHS: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  ѕ: 's', і: 'i', ї: 'i', ј: 'j', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ү: 'y', ѵ: 'v', ӏ: 'l', ɡ: 'g',
  А: 'a', В: 'b', Е: 'e', К: 'k', М: 'm', Н: 'h', О: 'o', Р: 'p', С: 'c', Т: 't', Х: 'x', У: 'y', Ѕ: 's', І: 'i', Ј: 'j',
  // Greek (capitals look like Latin capitals; a few lower-case forms too)
  Α: 'a', Β: 'b', Ε: 'e', Ζ: 'z', Η: 'h', Ι: 'i', Κ: 'k', Μ: 'm', Ν: 'n', Ο: 'o', Ρ: 'p', Τ: 't', Υ: 'y', Χ: 'x',
  α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w',
  // small capitals and other Latin look-alikes
  ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm', ɴ: 'n', ᴏ: 'o',
  ᴘ: 'p', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z', ı: 'i', ɑ: 'a',
  // ligatures and letters NFKD does not split
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', þ: 'th',
};
const HOMOGLYPH_RE = new RegExp(`[${Object.keys(HOMOGLYPHS).join('')}]`, 'g');

/** Emoji that carry an intent become words; every other pictograph is dropped. */
const STOP_EMOJI = /[\u{1F6D1}\u{26D4}\u{1F6AB}\u{270B}\u{1F91A}\u{1F44E}\u{1F645}\u{1F5D1}\u{1F910}\u{1F595}]/gu; // 🛑 ⛔ 🚫 ✋ 🤚 👎 🙅 🗑 🤐 🖕
const YES_EMOJI = /[\u{1F44D}\u{2705}\u{1F44C}\u{1F64C}\u{2714}\u{2611}\u{1F197}]/gu; // 👍 ✅ 👌 🙌 ✔ ☑ 🆗
const HELP_EMOJI = /[\u{2753}\u{2754}\u{1F914}\u{2049}]/gu; // ❓ ❔ 🤔 ⁉

/** Laughter in any of the six languages ("jajaja", "hahaha", "kkkkk", "rsrs", "mdr"): one neutral token. */
const LAUGHTER = /(?<![a-z])(?:([jh])[aeiou](?:\1[aeiou])+\1?|(?:a?h){2,}a?|(?:[aeiou]h){2,}|k{3,}|(?:rs){2,}|mdr+|xd+|lo+l+)(?![a-z])/g;

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', $: 's', '@': 'a', '|': 'l', '€': 'e' };

/**
 * Letters only: lower case, no accents, look-alikes mapped, invisible characters removed. Used for
 * lexicon entries too, so "arrêtez" in a lexicon and "ARRETEZ" in a reply meet as "arretez".
 */
export function foldLetters(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(HOMOGLYPH_RE, (c) => HOMOGLYPHS[c] ?? c)
    .toLowerCase()
    .replace(HOMOGLYPH_RE, (c) => HOMOGLYPHS[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '');
}

/** A word made of letters and leet symbols ("st0p", "$top", "unsubscr1be"): symbols become letters. */
function deLeet(s: string): string {
  return s.replace(/[a-z0-9$@|€]+/g, (w) => (/[a-z]/.test(w) && /[013457$@|€]/.test(w) && !/^\d+[a-z]{1,2}$/.test(w) ? w.replace(/[013457$@|€]/g, (c) => LEET[c] ?? c) : w));
}

/** "s t o p", "s.t.o.p", "S-T-O-P", "s t oooo p": three or more single letters in a row become one word. */
function joinSpacedLetters(s: string): string {
  return s.replace(/(?<![a-z])([a-z])\1+(?![a-z])/g, '$1').replace(/(?<![a-z0-9])[a-z](?:[ .\-_*·•,]{1,3}[a-z](?![a-z0-9])){2,}/g, (m) => m.replace(/[^a-z]/g, ''));
}

/** Censored swearing ("f*** off", "f**k", "fck") reads as the word it hides. */
function uncensor(s: string): string {
  return s.replace(/(?<![a-z])f(?:[*#@%!.]+|u?c|u)k+(?:ing|in)?(?![a-z])/g, 'fuck').replace(/(?<![a-z])f[*#@%!]+(?![a-z])/g, 'fuck');
}

/** Apostrophes: English contractions close up ("don't" → "dont"); Romance elisions split ("m'écrivez" → "m ecrivez"). */
function apostrophes(s: string): string {
  return s
    .replace(/[\u2018\u2019\u02BC\u02B9`´\u2032]/g, "'")
    .replace(/(?<![a-z])i'(m|d|ll|ve)(?![a-z])/g, 'i$1')
    .replace(/(?<![a-z])([a-z]|qu|un|dell|all|nell|sull|dall|quell|cos|com|dov)'(?=[a-z])/g, '$1 ')
    .replace(/'/g, '');
}

export interface NormalizedReply {
  /** Tokens: words, "." for a sentence boundary, "?" for a question mark. */
  tokens: string[];
  /** Tokens joined by single spaces: what the lexicon patterns run on. */
  text: string;
  /** Words only (no "." or "?"). */
  words: string[];
}

/**
 * The full normalisation of one reply. Letter-stretching ("stoooop", "creeeepy") is undone to one
 * letter; with `keepStretch` such runs stay as three letters so the word repairs can choose between
 * one and two ("stop" but "creepy").
 */
export function normalizeReply(raw: string, opts: { keepStretch?: boolean } = {}): NormalizedReply {
  let s = raw
    .replace(STOP_EMOJI, ' stop . ')
    .replace(YES_EMOJI, ' yes . ')
    .replace(HELP_EMOJI, ' ? ');
  s = foldLetters(s)
    .replace(/https?:\/\/\S+|www\.\S+/g, ' ')
    // "stop @-ing me" is "stop tagging me"; a bare "@ me" stays out ("don't @ me" is mostly "don't argue with me").
    .replace(/(?<![a-z0-9])@[-'’]?ing(?![a-z0-9_])/g, ' tagging ')
    .replace(/(?<![a-z0-9])@[a-z0-9_]+/g, ' ');
  s = uncensor(s);
  s = deLeet(s);
  s = apostrophes(s);
  s = s.replace(LAUGHTER, ' lol ');
  s = joinSpacedLetters(s);
  s = s
    .replace(/(?<=^|\s)\+(?=\s|$)/g, ' xmore ') // text-speak "+" for più / mais / más / plus / mehr ("nn mi scrivete +"); a token no language spells
    .replace(/[?¿\u061F]+/g, ' ? ')
    .replace(/[.,;:!¡…\n\r\t\u2022|]+/g, ' . ')
    .replace(/[^a-z0-9?. ]+/g, ' ')
    .replace(/([a-z])\1{2,}/g, opts.keepStretch ? '$1$1$1' : '$1');
  const tokens: string[] = [];
  for (const t of s.split(' ')) {
    if (!t) continue;
    const prev = tokens[tokens.length - 1];
    if (t === '.' && (prev === undefined || prev === '.' || prev === '?')) continue;
    if (t === '?' && prev === '.') tokens[tokens.length - 1] = '?';
    else if (t === '?' && prev === '?') continue;
    else tokens.push(t);
  }
  while (tokens[tokens.length - 1] === '.') tokens.pop();
  return { tokens, text: tokens.join(' '), words: tokens.filter((t) => t !== '.' && t !== '?') };
}

/** Collapses every doubled letter ("sttop", "stopp" → "stop"): used only to compare against keywords. */
export function squeeze(word: string): string {
  return word.replace(/([a-z])\1+/g, '$1');
}

/** Damerau-Levenshtein distance (adjacent transpositions count 1), capped at `max` + 1. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2: number[] = new Array<number>(b.length + 1).fill(0);
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev2.splice(0, prev2.length, ...prev);
    prev = cur;
  }
  return prev[b.length]!;
}
