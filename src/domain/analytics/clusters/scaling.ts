/**
 * Standard scaling with mergeable statistics: chunks of profiles can be summarised separately
 * (e.g. one activity per chunk) and merged exactly (Chan et al. parallel variance).
 */
import type { Matrix } from './matrix';

export interface MomentsPartial {
  count: number;
  mean: number[];
  /** Sum of squared deviations from the mean, per column. */
  m2: number[];
}

export interface Scaler {
  mean: number[];
  sd: number[];
}

export function momentsOf(m: Matrix): MomentsPartial {
  const mean = new Array<number>(m.d).fill(0);
  const m2 = new Array<number>(m.d).fill(0);
  for (let j = 0; j < m.d; j++) {
    let s = 0;
    for (let i = 0; i < m.n; i++) s += m.data[i * m.d + j];
    const mu = m.n ? s / m.n : 0;
    let q = 0;
    for (let i = 0; i < m.n; i++) {
      const x = m.data[i * m.d + j] - mu;
      q += x * x;
    }
    mean[j] = mu;
    m2[j] = q;
  }
  return { count: m.n, mean, m2 };
}

export function mergeMoments(a: MomentsPartial, b: MomentsPartial): MomentsPartial {
  if (a.count === 0) return b;
  if (b.count === 0) return a;
  const count = a.count + b.count;
  const mean = a.mean.map((ma, j) => ma + ((b.mean[j] - ma) * b.count) / count);
  const m2 = a.m2.map((qa, j) => {
    const delta = b.mean[j] - a.mean[j];
    return qa + b.m2[j] + (delta * delta * a.count * b.count) / count;
  });
  return { count, mean, m2 };
}

/** Population standard deviation; constant columns get sd 1 so they scale to 0, not NaN. */
export function scalerFromMoments(p: MomentsPartial): Scaler {
  return {
    mean: p.mean.slice(),
    sd: p.m2.map((q) => {
      const sd = p.count ? Math.sqrt(q / p.count) : 0;
      return sd > 1e-12 ? sd : 1;
    }),
  };
}

export function fitScaler(m: Matrix): Scaler {
  return scalerFromMoments(momentsOf(m));
}

export function applyScaler(m: Matrix, s: Scaler): Matrix {
  const out = new Float64Array(m.data.length);
  for (let i = 0; i < m.n; i++) {
    for (let j = 0; j < m.d; j++) out[i * m.d + j] = (m.data[i * m.d + j] - s.mean[j]) / s.sd[j];
  }
  return { data: out, n: m.n, d: m.d };
}

export function unscaleRow(row: readonly number[], s: Scaler): number[] {
  return row.map((v, j) => v * s.sd[j] + s.mean[j]);
}
