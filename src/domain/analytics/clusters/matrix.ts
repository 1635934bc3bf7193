/** Dense row-major matrix of n rows × d columns on a Float64Array (no per-row objects). */
export interface Matrix {
  data: Float64Array;
  n: number;
  d: number;
}

export function matrixFromRows(rows: readonly (readonly number[])[]): Matrix {
  const n = rows.length;
  const d = n ? rows[0].length : 0;
  const data = new Float64Array(n * d);
  rows.forEach((r, i) => data.set(r, i * d));
  return { data, n, d };
}

/** Copies the given rows into a new matrix (used for samples). */
export function takeRows(m: Matrix, rows: ArrayLike<number>): Matrix {
  const out = new Float64Array(rows.length * m.d);
  for (let i = 0; i < rows.length; i++) out.set(m.data.subarray(rows[i] * m.d, rows[i] * m.d + m.d), i * m.d);
  return { data: out, n: rows.length, d: m.d };
}
