// Word repairs on normalised tokens: misspelt opt-out keywords ("stpo", "unsubcribe") and words run
// together ("stopplease", "nothanks"). Only unknown words are touched, so "anmelden" (sign up) is
// never turned into "abmelden" (sign off).
import { editDistance, squeeze } from './normalize';
import { SPLIT_WORDS, TYPO_KEYWORDS, VOCABULARY } from './patterns';

const SQUEEZED = new Map(TYPO_KEYWORDS.map((k) => [squeeze(k), k]));

function typoKeyword(word: string): string | undefined {
  const sq = SQUEEZED.get(squeeze(word));
  if (sq) return sq;
  for (const k of TYPO_KEYWORDS) {
    const max = k.length >= 10 ? 2 : k.length >= 6 ? 1 : 0;
    if (max === 0) {
      if (word.length === k.length && editDistance(word, k, 1) === 1 && [...word].sort().join('') === [...k].sort().join('')) return k;
    } else if (editDistance(word, k, max) <= max) return k;
  }
  return undefined;
}

/** Splits a run-together word into 2–3 known words ("leavemealone" → leave me alone), or undefined. */
function split(word: string, parts: number): string[] | undefined {
  if (SPLIT_WORDS.has(word)) return [word];
  if (parts === 1) return undefined;
  for (let i = word.length - 2; i >= 2; i--) {
    const head = word.slice(0, i);
    if (!SPLIT_WORDS.has(head)) continue;
    const rest = split(word.slice(i), parts - 1);
    if (rest) return [head, ...rest];
  }
  return undefined;
}

const known = (w: string) => VOCABULARY.has(w) || SQUEEZED.has(w);
/** A known word of 4+ letters that starts `w` ("creep" for "creepy"). */
const knownStem = (w: string) => { for (let i = w.length; i >= 4; i--) if (VOCABULARY.has(w.slice(0, i))) return i; return 0; };

/** A stretched word ("stooop", "creeepy", kept as triples) becomes the one- or two-letter reading that is a known word. */
function unstretch(t: string): string {
  if (!/([a-z])\1\1/.test(t)) return t;
  const one = t.replace(/([a-z])\1\1/g, '$1');
  const two = t.replace(/([a-z])\1\1/g, '$1$1');
  if (known(one)) return one;
  if (known(two) || knownStem(two) > knownStem(one)) return two;
  return one;
}

/** Replaces unknown tokens by the keyword or words they most plausibly are (stretched runs kept as triples come in). */
export function repairTokens(tokensIn: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tokensIn.map(unstretch)) {
    if (t === '.' || t === '?' || VOCABULARY.has(t) || t.length < 4 || /\d/.test(t)) { out.push(t); continue; }
    const k = typoKeyword(t);
    if (k) { out.push(k); continue; }
    const parts = t.length >= 5 ? split(t, 3) : undefined;
    if (parts && parts.length > 1) out.push(...parts);
    else out.push(t);
  }
  return out;
}
