// Hashed bag-of-features for tweets: word unigrams (negation-marked), word bigrams and character
// n-grams, hashed into one embedding table (words in the first `wordBuckets` rows, char n-grams in the
// next `charBuckets`), plus a few dense lexicon features. Hashing needs no vocabulary file and is a
// few integer ops per feature, which keeps featurisation well above the 20k tweets/s target.
import { EXTRA_LEXICON_FEATURES, LEXICON_FEATURES, extraLexiconFeatures, lexiconFeatures, loadLexicons, type Lexicons } from './lexicon';
import { tokenizeTweet } from './text';
import { vectorBlockSize, wordVectorsFor, type VectorsConfig, type WordVectors } from './vectors';

/** Bump when tokenisation or hashing changes: saved models record it and refuse a mismatch. */
export const FEATURIZER_VERSION = 1;

export interface FeaturizerConfig {
  version: number;
  wordBuckets: number;
  charBuckets: number;
  charMin: number;
  charMax: number;
  lexicon: boolean;
  /**
   * Optional (issue #19, third round): 9 more lexicon features after the 12 (lexicon.ts,
   * extraLexiconFeatures). Absent in older models, which therefore load and featurise unchanged.
   */
  lexiconExtra?: boolean;
  /**
   * Optional (issue #19, fifth round): the mean pre-trained word vector of the tweet (vectors.ts),
   * after the lexicon features. The table itself is stored in weights.bin; absent in older models.
   */
  vectors?: VectorsConfig;
}

export const DEFAULT_FEATURIZER: FeaturizerConfig = {
  version: FEATURIZER_VERSION,
  wordBuckets: 1 << 17,
  charBuckets: 1 << 16,
  charMin: 3,
  charMax: 4,
  lexicon: true,
};

/** Feature groups are pooled separately (word features, char n-grams) and then concatenated. */
export const GROUPS = 2;

/** A batch in the layout the model consumes (segment id = row * GROUPS + group). */
export interface FeatureBatch {
  size: number;
  ids: Int32Array;
  segments: Int32Array;
  /** Features per segment (at least 1 so that empty segments pool to a zero vector). */
  counts: Float32Array;
  /** size × denseSize lexicon features. */
  dense: Float32Array;
  denseSize: number;
  /** 1 where the text had no tokens at all (empty, whitespace, or only dropped URLs). */
  empty?: Uint8Array;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SEED_WORD = 0x9747b28c;
const SEED_NEG = 0x3c6ef372;
const SEED_TAG = 0x1b873593;
const SEED_ELONG = 0x2545f491;

/** FNV-1a over UTF-16 code units, starting from `seed` (different seeds = different namespaces). */
export function hashString(s: string, seed: number = FNV_OFFSET): number {
  let h = seed | 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

function mixPair(a: number, b: number): number {
  let h = Math.imul(a ^ 0x5bd1e995, FNV_PRIME) ^ b;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h ^= h >>> 13;
  return h >>> 0;
}

/** Growable int buffer: avoids number[] boxing in the hot loop. */
class IntBuffer {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

export class Featurizer {
  readonly config: FeaturizerConfig;
  readonly denseSize: number;
  private readonly lex: Lexicons | undefined;
  private readonly extra: boolean;
  private readonly vectors: WordVectors | undefined;
  /** Offset of the vector block inside a row's dense features. */
  private readonly vectorsAt: number;

  /** `vectors`: the table of `config.vectors` (default: the one registered under its sha256). */
  constructor(config: FeaturizerConfig = DEFAULT_FEATURIZER, vectors?: WordVectors) {
    if (config.version !== FEATURIZER_VERSION) {
      throw new Error(`model was built with featurizer v${config.version}, this code is v${FEATURIZER_VERSION}: retrain the model`);
    }
    this.config = config;
    this.lex = config.lexicon ? loadLexicons() : undefined;
    this.extra = !!config.lexicon && config.lexiconExtra === true;
    this.vectorsAt = config.lexicon ? LEXICON_FEATURES + (this.extra ? EXTRA_LEXICON_FEATURES : 0) : 0;
    this.vectors = config.vectors ? (vectors ?? wordVectorsFor(config.vectors)) : undefined;
    if (this.vectors && config.vectors && this.vectors.sha256 !== config.vectors.sha256) throw new Error('word vectors do not match the featurizer config (sha256)');
    this.denseSize = this.vectorsAt + (config.vectors ? vectorBlockSize(config.vectors) : 0);
  }

  get tableRows(): number {
    return this.config.wordBuckets + this.config.charBuckets;
  }

  /** Featurises texts; a non-string entry is treated as empty text. */
  featurize(texts: readonly string[]): FeatureBatch {
    const n = texts.length;
    const ids = new IntBuffer(Math.max(64, n * 256));
    const segments = new IntBuffer(Math.max(64, n * 256));
    const counts = new Float32Array(n * GROUPS);
    const dense = new Float32Array(n * this.denseSize);
    const empty = new Uint8Array(n);
    const { wordBuckets, charBuckets, charMin, charMax } = this.config;
    for (let row = 0; row < n; row++) {
      const tok = tokenizeTweet(texts[row]);
      if (tok.tokens.length === 0) empty[row] = 1;
      const wordSeg = row * GROUPS;
      const charSeg = wordSeg + 1;
      let wordCount = 0, charCount = 0;
      let prev = -1;
      for (const t of tok.tokens) {
        const base = hashString(t.text, t.kind === 'hashtag' ? SEED_TAG : SEED_WORD);
        const uni = t.negated ? hashString(t.text, SEED_NEG) : base;
        ids.push(uni % wordBuckets); segments.push(wordSeg); wordCount++;
        if (prev >= 0) {
          ids.push(mixPair(prev, base) % wordBuckets); segments.push(wordSeg); wordCount++;
        }
        prev = base;
        if (t.kind === 'hashtag') {
          // "#happy" also counts as the word "happy".
          ids.push(hashString(t.text.slice(1), SEED_WORD) % wordBuckets); segments.push(wordSeg); wordCount++;
        }
        if (t.kind === 'word' || t.kind === 'hashtag') {
          charCount += this.pushCharNgrams(t.kind === 'hashtag' ? t.text.slice(1) : t.text, ids, segments, charSeg, wordBuckets, charBuckets, charMin, charMax);
        }
      }
      if (tok.elongated > 0) {
        ids.push(SEED_ELONG % wordBuckets); segments.push(wordSeg); wordCount++;
      }
      counts[wordSeg] = Math.max(1, wordCount);
      counts[charSeg] = Math.max(1, charCount);
      if (this.lex) lexiconFeatures(tok, this.lex, dense, row * this.denseSize);
      if (this.lex && this.extra) extraLexiconFeatures(tok, this.lex, dense, row * this.denseSize + LEXICON_FEATURES);
      if (this.vectors) this.vectors.pool(tok.tokens, dense, row * this.denseSize + this.vectorsAt, this.config.vectors!.pool, this.config.vectors!.scale);
    }
    return { size: n, ids: ids.view(), segments: segments.view(), counts, dense, denseSize: this.denseSize, empty };
  }

  /**
   * Per token, the table rows `featurize` gives it (its unigram, the bare word of a hashtag, its
   * char n-grams; bigrams left out) and the token's text: the units of skip-gram pre-training
   * (pretrain.ts), which must land in exactly the rows the classifier reads.
   */
  tokenUnits(text: string): { text: string; rows: Int32Array }[] {
    const { wordBuckets, charBuckets, charMin, charMax } = this.config;
    return tokenizeTweet(text).tokens.map((t) => {
      const ids = new IntBuffer(32);
      const segs = new IntBuffer(32);
      const base = hashString(t.text, t.kind === 'hashtag' ? SEED_TAG : SEED_WORD);
      ids.push((t.negated ? hashString(t.text, SEED_NEG) : base) % wordBuckets);
      if (t.kind === 'hashtag') ids.push(hashString(t.text.slice(1), SEED_WORD) % wordBuckets);
      if (t.kind === 'word' || t.kind === 'hashtag') {
        this.pushCharNgrams(t.kind === 'hashtag' ? t.text.slice(1) : t.text, ids, segs, 1, wordBuckets, charBuckets, charMin, charMax);
      }
      return { text: t.text, rows: ids.view().slice() };
    });
  }

  /** Char n-grams of "<word>" for n in [charMin, charMax], hashed incrementally (no substrings). */
  private pushCharNgrams(
    word: string, ids: IntBuffer, segments: IntBuffer, seg: number,
    offset: number, buckets: number, minN: number, maxN: number,
  ): number {
    const len = word.length + 2;
    let count = 0;
    for (let start = 0; start < len; start++) {
      let h = FNV_OFFSET;
      for (let n = 1; n <= maxN && start + n <= len; n++) {
        const i = start + n - 1;
        const code = i === 0 ? 60 : i === len - 1 ? 62 : word.charCodeAt(i - 1);
        h = Math.imul(h ^ code, FNV_PRIME);
        if (n >= minN) {
          ids.push(offset + ((h >>> 0) % buckets)); segments.push(seg); count++;
        }
      }
    }
    return count;
  }
}
