/**
 * Word clouds per sentiment: which words are characteristic of, say, negative tweets compared with
 * a background. Weights are log-odds ratios with an informative Dirichlet prior (Monroe, Colaresi
 * & Quinn 2008, "Fightin' Words"): z-scores that do not let rare words dominate the way raw
 * frequency ratios do, nor common words the way raw counts do.
 * Term counts are plain records, so counts of chunks merge by addition.
 */
import { tokenize } from './text';

export type TermCounts = Record<string, number>;

export interface CloudTerm {
  term: string;
  /** z-score of the log-odds ratio (foreground vs background). */
  weight: number;
  count: number;
}

export function countTerms(texts: Iterable<string>): TermCounts {
  const out: TermCounts = {};
  for (const t of texts) for (const w of tokenize(t)) out[w] = (out[w] ?? 0) + 1;
  return out;
}

export function mergeTermCounts(...parts: readonly TermCounts[]): TermCounts {
  const out: TermCounts = {};
  for (const p of parts) for (const [w, n] of Object.entries(p)) out[w] = (out[w] ?? 0) + n;
  return out;
}

export interface WordCloudOptions {
  /** Number of terms to return. */
  limit: number;
  /** Terms need at least this many foreground occurrences. */
  minCount: number;
  /** Total pseudo-count of the prior (spread in proportion to the background). */
  priorStrength: number;
}

const DEFAULTS: WordCloudOptions = { limit: 50, minCount: 2, priorStrength: 500 };

/**
 * Terms over-represented in `foreground` relative to `background` (which may include the
 * foreground; the comparison is foreground vs the rest of background then).
 */
export function wordCloud(foreground: TermCounts, background: TermCounts, options: Partial<WordCloudOptions> = {}): CloudTerm[] {
  const o = { ...DEFAULTS, ...options };
  const bgTotal = Object.values(background).reduce((a, b) => a + b, 0);
  const fgTotal = Object.values(foreground).reduce((a, b) => a + b, 0);
  if (fgTotal === 0) return [];
  // "Rest" = background minus foreground when the foreground is part of it.
  const contained = Object.entries(foreground).every(([w, n]) => (background[w] ?? 0) >= n);
  const rest = (w: string) => (contained ? (background[w] ?? 0) - (foreground[w] ?? 0) : background[w] ?? 0);
  const restTotal = contained ? bgTotal - fgTotal : bgTotal;
  const vocabTotal = bgTotal + (contained ? 0 : fgTotal);
  const out: CloudTerm[] = [];
  for (const [w, y1] of Object.entries(foreground)) {
    if (y1 < o.minCount) continue;
    const y2 = rest(w);
    const prior = (o.priorStrength * ((background[w] ?? 0) + (contained ? 0 : y1) + 0.5)) / (vocabTotal + 0.5);
    const a0 = o.priorStrength;
    const l1 = Math.log((y1 + prior) / (fgTotal + a0 - y1 - prior));
    const l2 = Math.log((y2 + prior) / (restTotal + a0 - y2 - prior));
    const variance = 1 / (y1 + prior) + 1 / (y2 + prior);
    out.push({ term: w, weight: (l1 - l2) / Math.sqrt(variance), count: y1 });
  }
  return out
    .filter((t) => t.weight > 0)
    .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
    .slice(0, o.limit);
}

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

/** One cloud per sentiment label, each against all the given tweets. */
export function wordCloudsBySentiment(
  tweets: readonly { text: string; sentiment: SentimentLabel }[],
  options: Partial<WordCloudOptions> = {},
  background?: TermCounts,
): Record<SentimentLabel, CloudTerm[]> {
  const per: Record<SentimentLabel, TermCounts> = { positive: {}, neutral: {}, negative: {} };
  for (const label of Object.keys(per) as SentimentLabel[]) {
    per[label] = countTerms(tweets.filter((t) => t.sentiment === label).map((t) => t.text));
  }
  const all = background ?? mergeTermCounts(per.positive, per.neutral, per.negative);
  return {
    positive: wordCloud(per.positive, all, options),
    neutral: wordCloud(per.neutral, all, options),
    negative: wordCloud(per.negative, all, options),
  };
}
