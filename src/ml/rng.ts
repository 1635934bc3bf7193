// Seeded PRNG: the one mulberry32 of the code base (src/domain/analytics/random.ts).
import { seededRng } from '../domain/analytics/random';

export const mulberry32 = seededRng;

/** Fisher–Yates shuffle of 0..n-1 driven by `rand`. */
export function shuffledIndices(n: number, rand: () => number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = idx[i]; idx[i] = idx[j]; idx[j] = t;
  }
  return idx;
}
