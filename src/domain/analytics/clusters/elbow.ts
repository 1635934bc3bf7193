/**
 * Choosing k: the elbow of the inertia curve found automatically, cross-checked by silhouette.
 *
 * For large inputs the curve is computed on a seeded random sample (default 50,000 rows) and the
 * inertia is scaled by n / sample: with ≥ 50k points per fit the centroids, and so the shape of the
 * curve, are stable, while 11 values of k × several restarts on a million rows would not fit in a
 * minute on 2 cores. The chosen k is then fitted on ALL rows, seeded from the sample's centroids.
 */
import { seededRng, shuffledIndices } from '../random';
import { kmeans, type KMeansResult } from './kmeans';
import { takeRows, type Matrix } from './matrix';
import { silhouetteScore } from './silhouette';

export interface ElbowPoint {
  k: number;
  /** Inertia estimated for the whole input (sample inertia × n / sample size). */
  inertia: number;
  /** Mean silhouette on a sample; higher is better separated. */
  silhouette: number;
}

export interface ElbowResult {
  curve: ElbowPoint[];
  /** k at the knee of the inertia curve (the decision). */
  kneeK: number;
  /** k with the best silhouette, for cross-checking. */
  silhouetteBestK: number;
  sampleSize: number;
  /** The fitted model per k on the sample, so the caller can reuse the chosen one. */
  fits: KMeansResult[];
  sample: Matrix;
}

export interface ElbowOptions {
  kMin?: number;
  kMax?: number;
  seed?: number;
  restarts?: number;
  sampleSize?: number;
  silhouetteSampleSize?: number;
}

/**
 * Knee of a decreasing, convex curve: after scaling both axes to [0, 1], the point farthest below
 * the chord joining the first and last points (the Kneedle difference curve's maximum).
 */
export function findKnee(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length < 3) return xs[0];
  const x0 = xs[0];
  const x1 = xs[xs.length - 1];
  const yMax = Math.max(...ys);
  const yMin = Math.min(...ys);
  if (yMax === yMin) return xs[0];
  const nx = xs.map((x) => (x - x0) / (x1 - x0));
  const ny = ys.map((y) => (y - yMin) / (yMax - yMin));
  const first = ny[0];
  const last = ny[ny.length - 1];
  let best = 0;
  let bestGap = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const chord = first + (last - first) * nx[i];
    const gap = chord - ny[i];
    if (gap > bestGap) {
      bestGap = gap;
      best = i;
    }
  }
  return bestGap > 0 ? xs[best] : xs[0];
}

export function elbowSearch(m: Matrix, opts: ElbowOptions = {}): ElbowResult {
  const kMin = opts.kMin ?? 2;
  const kMax = Math.min(opts.kMax ?? 12, m.n - 1);
  if (kMax < kMin) throw new RangeError(`need more than ${kMin} points to choose k`);
  const seed = opts.seed ?? 1;
  const sampleSize = Math.min(m.n, opts.sampleSize ?? 50_000);
  const sample = sampleSize === m.n ? m : takeRows(m, shuffledIndices(m.n, seededRng(seed)).subarray(0, sampleSize));
  const scale = m.n / sampleSize;
  const curve: ElbowPoint[] = [];
  const fits: KMeansResult[] = [];
  for (let k = kMin; k <= kMax; k++) {
    const fit = kmeans(sample, k, { seed: seed + k, restarts: opts.restarts ?? 3 });
    fits.push(fit);
    curve.push({
      k,
      inertia: fit.inertia * scale,
      silhouette: silhouetteScore(sample, fit.assignments, k, { sampleSize: opts.silhouetteSampleSize ?? 2000, seed }),
    });
  }
  const kneeK = findKnee(
    curve.map((p) => p.k),
    curve.map((p) => p.inertia),
  );
  let silhouetteBestK = curve[0].k;
  for (const p of curve) if (p.silhouette > (curve.find((q) => q.k === silhouetteBestK) as ElbowPoint).silhouette) silhouetteBestK = p.k;
  return { curve, kneeK, silhouetteBestK, sampleSize, fits, sample };
}
