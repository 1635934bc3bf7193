// Running means of a person's polarity and subjectivity over the tweets we have seen from them.
// Incremental form (no stored sums to overflow or drift): mean += (x − mean) / n.

export interface RunningMean {
  n: number;
  mean: number;
}

export function updateMean(prev: RunningMean | undefined, x: number): RunningMean {
  const n = (prev?.n ?? 0) + 1;
  const mean = prev ? prev.mean + (x - prev.mean) / n : x;
  return { n, mean };
}

/** Polarity in −1..1 from a sentiment result: P(positive) − P(negative). */
export function polarityOf(probs: { positive: number; negative: number }): number {
  return Math.max(-1, Math.min(1, probs.positive - probs.negative));
}
