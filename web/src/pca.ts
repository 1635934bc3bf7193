// Two principal components of a few points (cluster centres): standardize, then power iteration
// with deflation. Small and exact enough for a picture.
export function project2d(rows: number[][]): [number, number][] {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  if (n === 0 || d === 0) return rows.map(() => [0, 0]);
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / n);
  const sd = Array.from({ length: d }, (_, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / n) || 1);
  const x = rows.map((r) => r.map((v, j) => (v - mean[j]!) / sd[j]!));
  const cov = Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => x.reduce((s, r) => s + r[a]! * r[b]!, 0) / n));
  const comps: number[][] = [];
  for (let c = 0; c < 2; c++) {
    let v = Array.from({ length: d }, (_, j) => 1 / Math.sqrt(d) + (j === c ? 0.5 : 0));
    for (let it = 0; it < 100; it++) {
      const w = cov.map((row) => row.reduce((s, cij, j) => s + cij * v[j]!, 0));
      const norm = Math.sqrt(w.reduce((s, z) => s + z * z, 0)) || 1;
      v = w.map((z) => z / norm);
    }
    const lambda = v.reduce((s, vi, i) => s + vi * cov[i]!.reduce((t, cij, j) => t + cij * v[j]!, 0), 0);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a]![b]! -= lambda * v[a]! * v[b]!;
    comps.push(v);
  }
  return x.map((r) => [comps[0]!.reduce((s, c, j) => s + c * r[j]!, 0), comps[1]!.reduce((s, c, j) => s + c * r[j]!, 0)]);
}
