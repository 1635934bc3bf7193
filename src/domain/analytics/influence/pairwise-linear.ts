/**
 * Pairwise logistic regression on log features: the linear baseline the booster must beat.
 * f(user) = w · standardised(inputs); fitted by Newton's method (few inputs, exact and fast).
 */
import { groupInputs, type InfluenceFeatures, type LearnedGroup } from './features';
import type { Pair } from './pairwise-boost';

export interface LinearModel {
  groups: LearnedGroup[];
  mean: number[];
  sd: number[];
  w: number[];
}

function inputs(f: InfluenceFeatures, groups: LearnedGroup[]): number[] {
  return groups.flatMap((g) => groupInputs(f, g));
}

export function linearScore(m: LinearModel, f: InfluenceFeatures): number {
  const x = inputs(f, m.groups);
  let s = 0;
  for (let j = 0; j < x.length; j++) s += (m.w[j] * (x[j] - m.mean[j])) / m.sd[j];
  return s;
}

export function trainPairwiseLinear(pairs: Pair[], groups: LearnedGroup[], l2 = 1): LinearModel {
  const xa = pairs.map((p) => inputs(p.a, groups));
  const xb = pairs.map((p) => inputs(p.b, groups));
  const d = xa[0].length;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  const all = [...xa, ...xb];
  for (const x of all) for (let j = 0; j < d; j++) mean[j] += x[j] / all.length;
  for (const x of all) for (let j = 0; j < d; j++) sd[j] += (x[j] - mean[j]) ** 2 / all.length;
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]) || 1;
  const diff = xa.map((a, k) => a.map((v, j) => (v - xb[k][j]) / sd[j]));
  const y = pairs.map((p) => p.choice);
  const w = new Array<number>(d).fill(0);
  for (let iter = 0; iter < 25; iter++) {
    const g = new Array<number>(d).fill(0);
    const H = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let k = 0; k < diff.length; k++) {
      const x = diff[k];
      let z = 0;
      for (let j = 0; j < d; j++) z += w[j] * x[j];
      const p = 1 / (1 + Math.exp(-z));
      const r = p - y[k];
      const h = p * (1 - p);
      for (let i = 0; i < d; i++) {
        g[i] += r * x[i];
        for (let j = 0; j < d; j++) H[i][j] += h * x[i] * x[j];
      }
    }
    for (let i = 0; i < d; i++) {
      g[i] += l2 * w[i];
      H[i][i] += l2;
    }
    const step = solve(H, g);
    let maxStep = 0;
    for (let i = 0; i < d; i++) {
      w[i] -= step[i];
      maxStep = Math.max(maxStep, Math.abs(step[i]));
    }
    if (maxStep < 1e-8) break;
  }
  return { groups, mean, sd, w };
}

/** Gaussian elimination with partial pivoting (d ≤ 20). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}
