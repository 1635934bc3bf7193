// Language guess: which of the six languages a reply is written in, or null when the evidence is
// thin or tied ("STOP", "ok", "no" are written the same in several). Evidence: the lexicon entries
// that decided the intent, common function words, and letters only some languages use.
import type { ReplyLang } from './types';
import { words as langWords } from './patterns';

/** Letters (before accents are folded) that point at a language, with their weight. */
const LETTER_HINTS: [RegExp, Partial<Record<ReplyLang, number>>][] = [
  [/[ñ¿¡]/i, { es: 3 }],
  [/[ãõ]/i, { pt: 3 }],
  [/ç/i, { fr: 1, pt: 1 }],
  [/[ßäöü]/i, { de: 3 }],
  [/[êâîûëïœ]/i, { fr: 2 }],
  [/[èìòù]/i, { it: 2, fr: 0.5 }],
  [/[áíóú]/i, { es: 1, pt: 1 }],
];

/** Weight of one decisive lexicon entry compared with one function word. */
const RULE_WEIGHT = 3;

export function guessLang(raw: string, words: readonly string[], ruleLangs: readonly ReplyLang[]): ReplyLang | null {
  const score: Record<ReplyLang, number> = { en: 0, es: 0, fr: 0, de: 0, pt: 0, it: 0 };
  for (const l of ruleLangs) score[l] += RULE_WEIGHT;
  for (const lw of langWords()) for (const w of words) if (lw.markers.has(w) || lw.yesWords.has(w) || lw.noWords.has(w) || lw.helpWords.has(w)) score[lw.lang] += 1;
  for (const [re, hints] of LETTER_HINTS) if (re.test(raw)) for (const [l, v] of Object.entries(hints)) score[l as ReplyLang] += v;
  let best: ReplyLang | null = null;
  let top = 0;
  let tied = false;
  for (const [l, v] of Object.entries(score) as [ReplyLang, number][]) {
    if (v > top) { best = l; top = v; tied = false; } else if (v === top && v > 0) tied = true;
  }
  return tied ? null : best;
}
