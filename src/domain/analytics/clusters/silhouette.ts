/**
 * Mean silhouette coefficient, exact for small n and on a seeded random sample otherwise
 * (the exact score is O(n²): 10¹² distances for a million profiles).
 */
import { seededRng, shuffledIndices } from '../random';
import type { Matrix } from './matrix';

export function silhouetteScore(m: Matrix, assignments: ArrayLike<number>, k: number, opts: { sampleSize?: number; seed?: number } = {}): number {
  const size = Math.min(m.n, opts.sampleSize ?? 3000);
  const idx = size === m.n ? Array.from({ length: m.n }, (_, i) => i) : Array.from(shuffledIndices(m.n, seededRng(opts.seed ?? 7)).subarray(0, size));
  const { data, d } = m;
  const counts = new Float64Array(k);
  for (const i of idx) counts[assignments[i]]++;
  const sums = new Float64Array(k);
  let total = 0;
  let used = 0;
  for (const i of idx) {
    sums.fill(0);
    for (const j of idx) {
      if (i === j) continue;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const x = data[i * d + t] - data[j * d + t];
        s += x * x;
      }
      sums[assignments[j]] += Math.sqrt(s);
    }
    const own = assignments[i];
    if (counts[own] <= 1) {
      used++; // singleton: silhouette 0 by convention
      continue;
    }
    const a = sums[own] / (counts[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && counts[c] > 0) b = Math.min(b, sums[c] / counts[c]);
    if (!Number.isFinite(b)) return 0;
    total += (b - a) / Math.max(a, b);
    used++;
  }
  return used ? total / used : 0;
}
