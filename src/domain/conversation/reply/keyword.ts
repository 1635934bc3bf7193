// Keyword matching for opt-in replies ("reply YES to join"): the same normalisation as the reader
// (case, accents, look-alike letters, zero-width characters, letter-stretching), matched as whole
// words, so "Yesss!", "ＹＥＳ" and "oh y e s" match YES but "yesterday" does not.
import type { ReplyLang } from './types';
import { LEXICONS } from './lexicon';
import { foldLetters, normalizeReply, squeeze } from './normalize';
import { lazyRecord } from './lazy';

const wordsOf = (text: string): string[] => normalizeReply(text).words.map(squeeze);

/** True when `keyword` (one or more words) appears in `text` as whole words, after normalisation. */
export function matchesKeyword(text: string, keyword: string): boolean {
  const key = wordsOf(keyword);
  if (key.length === 0) return false;
  const words = wordsOf(text);
  outer: for (let i = 0; i + key.length <= words.length; i++) {
    for (let j = 0; j < key.length; j++) if (words[i + j] !== key[j]) continue outer;
    return true;
  }
  return false;
}

/** Single words meaning yes in each language, normalised (no accents): "si" for "sí", "oui", "ja", "sim". */
export const YES_WORDS: Readonly<Record<ReplyLang, readonly string[]>> = lazyRecord(Object.fromEntries(
  LEXICONS.map((l) => [l.lang, () => [...new Set(l.yesWords.map(foldLetters).filter((w) => !w.includes(' ')))]]),
) as unknown as Record<ReplyLang, () => readonly string[]>);

/**
 * The opt-in keyword check in a person's language: the keyword itself, or, when the keyword is an
 * English yes ("YES", "Y"), that language's yes words. `lang` null accepts any language's yes words.
 */
export function matchesYesKeyword(text: string, keyword: string, lang: ReplyLang | null): boolean {
  if (matchesKeyword(text, keyword)) return true;
  if (!YES_WORDS.en.includes(squeeze(foldLetters(keyword.trim())))) return false;
  const words = lang ? YES_WORDS[lang] : Object.values(YES_WORDS).flat();
  return words.some((w) => matchesKeyword(text, w));
}
