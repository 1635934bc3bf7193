// Sentiment lexicon features: word valences from the lexicons shipped inside the `sentiment` (AFINN-165
// word list and Emoji Sentiment Ranking scores) and `vader-sentiment` (VADER lexicon) npm packages.
// The lists are read from node_modules at load time, never copied into this repository. They give the
// model prior knowledge of words that are rare in the training tweets, which matters across domains.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TokenizedText } from './text';

export interface Lexicons {
  afinn: Map<string, number>;
  vader: Map<string, number>;
  emoji: Map<string, number>;
}

let cached: Lexicons | undefined;

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** Loads the three lexicons once per process. */
export function loadLexicons(): Lexicons {
  if (cached) return cached;
  const sentimentDir = packageDir('sentiment');
  const afinnObj = JSON.parse(readFileSync(join(sentimentDir, 'languages', 'en', 'labels.json'), 'utf8')) as Record<string, number>;
  const emojiObj = JSON.parse(readFileSync(join(sentimentDir, 'build', 'emoji.json'), 'utf8')) as Record<string, number>;
  const vader = new Map<string, number>();
  const vaderText = readFileSync(join(packageDir('vader-sentiment'), 'vader_lexicon.txt'), 'utf8');
  for (const line of vaderText.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    const word = line.slice(0, tab);
    const value = Number.parseFloat(line.slice(tab + 1));
    if (Number.isFinite(value)) vader.set(word, value);
  }
  cached = { afinn: new Map(Object.entries(afinnObj)), vader, emoji: new Map(Object.entries(emojiObj)) };
  return cached;
}

/** Number of dense features produced by lexiconFeatures (part of the saved model's shape). */
export const LEXICON_FEATURES = 12;

/** VADER's damping when a valence word is negated ("not good" is mildly negative, not -good). */
const NEGATION_FACTOR = -0.74;

/**
 * Squashed lexicon sums for one tokenised tweet: positive and negative mass from VADER, AFINN and
 * emoji scores (negation-aware), plus surface cues (exclamation/question marks, elongation, caps).
 */
export function lexiconFeatures(tok: TokenizedText, lex: Lexicons, out: Float32Array, offset: number): void {
  let vPos = 0, vNeg = 0, aPos = 0, aNeg = 0, ePos = 0, eNeg = 0, excl = 0, quest = 0, negations = 0;
  for (const t of tok.tokens) {
    if (t.kind === 'punct') {
      if (t.text[0] === '!') excl++;
      else if (t.text[0] === '?') quest++;
      continue;
    }
    if (t.kind === 'emoji') {
      const e = lex.emoji.get(t.text);
      if (e !== undefined) {
        if (e > 0) ePos += e;
        else eNeg -= e;
      }
      continue;
    }
    const word = t.kind === 'hashtag' ? t.text.slice(1) : t.text;
    const f = t.negated ? NEGATION_FACTOR : 1;
    const v = lex.vader.get(word);
    if (v !== undefined) {
      const s = v * f;
      if (s > 0) vPos += s;
      else vNeg -= s;
    }
    const a = lex.afinn.get(word);
    if (a !== undefined) {
      const s = a * f;
      if (s > 0) aPos += s;
      else aNeg -= s;
    }
    if (t.negated) negations++;
  }
  out[offset] = Math.tanh(vPos / 4);
  out[offset + 1] = Math.tanh(vNeg / 4);
  out[offset + 2] = Math.tanh(aPos / 5);
  out[offset + 3] = Math.tanh(aNeg / 5);
  out[offset + 4] = Math.tanh(ePos / 3);
  out[offset + 5] = Math.tanh(eNeg / 3);
  out[offset + 6] = Math.tanh((vPos - vNeg) / 4);
  out[offset + 7] = Math.tanh(excl / 2);
  out[offset + 8] = Math.tanh(quest / 2);
  out[offset + 9] = Math.tanh(negations / 2);
  out[offset + 10] = Math.tanh(tok.elongated / 2);
  out[offset + 11] = Math.tanh(tok.allCaps / 2);
}

/** Number of dense features added by extraLexiconFeatures (FeaturizerConfig.lexiconExtra). */
export const EXTRA_LEXICON_FEATURES = 9;

/**
 * Where the valence sits, not only how much (issue #19, third round): the strongest positive and
 * negative word, the last valence word and the second half of the tweet ("great phone but the
 * battery is awful"), valence under negation split from affirmative valence, hashtag valence and
 * emoticon polarity counts. All VADER valences, squashed like lexiconFeatures.
 */
export function extraLexiconFeatures(tok: TokenizedText, lex: Lexicons, out: Float32Array, offset: number): void {
  let maxPos = 0, maxNeg = 0, last = 0, lateSum = 0, negPos = 0, negNeg = 0, tags = 0, emoPos = 0, emoNeg = 0;
  const half = tok.tokens.length / 2;
  tok.tokens.forEach((t, i) => {
    if (t.kind === 'punct' || t.kind === 'emoji' || t.kind === 'user') return;
    const v = lex.vader.get(t.kind === 'hashtag' ? t.text.slice(1) : t.text);
    if (v === undefined) return;
    if (t.kind === 'emoticon') {
      if (v > 0) emoPos++;
      else if (v < 0) emoNeg++;
    }
    const s = t.negated ? v * NEGATION_FACTOR : v;
    if (t.negated) {
      if (v > 0) negPos += v;
      else negNeg -= v;
    }
    maxPos = Math.max(maxPos, s);
    maxNeg = Math.max(maxNeg, -s);
    last = s;
    if (i >= half) lateSum += s;
    if (t.kind === 'hashtag') tags += s;
  });
  out[offset] = Math.tanh(maxPos / 3);
  out[offset + 1] = Math.tanh(maxNeg / 3);
  out[offset + 2] = Math.tanh(last / 3);
  out[offset + 3] = Math.tanh(lateSum / 4);
  out[offset + 4] = Math.tanh(negPos / 3);
  out[offset + 5] = Math.tanh(negNeg / 3);
  out[offset + 6] = Math.tanh(tags / 3);
  out[offset + 7] = Math.tanh(emoPos / 2);
  out[offset + 8] = Math.tanh(emoNeg / 2);
}
