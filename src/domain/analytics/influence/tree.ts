/**
 * Small second-order regression trees (gradient/hessian histograms), the weak learner of the
 * pairwise booster. Hand-written because the pairwise loss couples two rows per label, which
 * off-the-shelf tree libraries for JS do not support; the trees are tiny (depth ≤ 4, < 10k rows).
 */

/** Flat tree: node i is a leaf when feature[i] < 0; otherwise x[feature] <= threshold goes left. */
export interface RegressionTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export function predictTree(tree: RegressionTree, x: ArrayLike<number>): number {
  let node = 0;
  while (tree.feature[node] >= 0) {
    node = x[tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
  }
  return tree.value[node];
}

/** Quantile cut points per column, so a split search is a scan over ≤ maxBins histogram bins. */
export interface BinnedColumns {
  cuts: Float64Array[];
  bins: Uint8Array[];
  rows: number;
}

export function binColumns(columns: Float64Array[], maxBins = 64): BinnedColumns {
  const rows = columns.length ? columns[0].length : 0;
  const cuts: Float64Array[] = [];
  const bins: Uint8Array[] = [];
  for (const col of columns) {
    const sorted = Float64Array.from(col).sort();
    const c: number[] = [];
    for (let b = 1; b < maxBins; b++) {
      const v = sorted[Math.min(rows - 1, Math.floor((b * rows) / maxBins))];
      // Cut between distinct values only; "<= cut" must separate something.
      if (v < sorted[rows - 1] && (c.length === 0 || v > c[c.length - 1])) c.push(v);
    }
    const cf = Float64Array.from(c);
    const bcol = new Uint8Array(rows);
    for (let i = 0; i < rows; i++) {
      let lo = 0;
      let hi = cf.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (col[i] <= cf[mid]) hi = mid;
        else lo = mid + 1;
      }
      bcol[i] = lo;
    }
    cuts.push(cf);
    bins.push(bcol);
  }
  return { cuts, bins, rows };
}

export interface TreeParams {
  maxDepth: number;
  minLeaf: number;
  /** L2 penalty on leaf values (XGBoost's lambda). */
  lambda: number;
  /** Multiplier folded into the leaf values (the boosting learning rate). */
  shrinkage: number;
}

/** Fits a tree minimising the second-order loss approximation Σ g·v + ½ h·v² (+ ½ λ v²). */
export function fitTree(data: BinnedColumns, grad: Float64Array, hess: Float64Array, params: TreeParams): RegressionTree {
  const tree: RegressionTree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const all = new Uint32Array(data.rows);
  for (let i = 0; i < data.rows; i++) all[i] = i;
  grow(all, 0);
  return tree;

  function grow(idx: Uint32Array, depth: number): number {
    const node = tree.feature.length;
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    let G = 0;
    let H = 0;
    for (let k = 0; k < idx.length; k++) {
      G += grad[idx[k]];
      H += hess[idx[k]];
    }
    tree.value.push((-G / (H + params.lambda)) * params.shrinkage);
    if (depth >= params.maxDepth || idx.length < 2 * params.minLeaf) return node;

    const parentScore = (G * G) / (H + params.lambda);
    let bestGain = 1e-12;
    let bestF = -1;
    let bestBin = -1;
    for (let f = 0; f < data.cuts.length; f++) {
      const nb = data.cuts[f].length + 1;
      if (nb < 2) continue;
      const gh = new Float64Array(nb);
      const hh = new Float64Array(nb);
      const nh = new Uint32Array(nb);
      const bcol = data.bins[f];
      for (let k = 0; k < idx.length; k++) {
        const i = idx[k];
        const b = bcol[i];
        gh[b] += grad[i];
        hh[b] += hess[i];
        nh[b]++;
      }
      let gl = 0;
      let hl = 0;
      let nl = 0;
      for (let b = 0; b < nb - 1; b++) {
        gl += gh[b];
        hl += hh[b];
        nl += nh[b];
        const nr = idx.length - nl;
        if (nl < params.minLeaf) continue;
        if (nr < params.minLeaf) break;
        const gr = G - gl;
        const hr = H - hl;
        const gain = (gl * gl) / (hl + params.lambda) + (gr * gr) / (hr + params.lambda) - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          bestF = f;
          bestBin = b;
        }
      }
    }
    if (bestF < 0) return node;
    const bcol = data.bins[bestF];
    let nLeft = 0;
    for (let k = 0; k < idx.length; k++) if (bcol[idx[k]] <= bestBin) nLeft++;
    const li = new Uint32Array(nLeft);
    const ri = new Uint32Array(idx.length - nLeft);
    let a = 0;
    let c = 0;
    for (let k = 0; k < idx.length; k++) {
      if (bcol[idx[k]] <= bestBin) li[a++] = idx[k];
      else ri[c++] = idx[k];
    }
    tree.feature[node] = bestF;
    tree.threshold[node] = data.cuts[bestF][bestBin];
    tree.left[node] = grow(li, depth + 1);
    tree.right[node] = grow(ri, depth + 1);
    return node;
  }
}

/** Rounds leaves and thresholds so the committed weights file stays small and diff-able. */
export function compactTree(t: RegressionTree, digits = 6): RegressionTree {
  const r = (v: number) => Number(v.toPrecision(digits));
  const keep = t.feature.map((f) => f >= 0);
  return {
    feature: t.feature,
    threshold: t.threshold.map((v, i) => (keep[i] ? Number(v.toPrecision(10)) : 0)),
    left: t.left,
    right: t.right,
    value: t.value.map((v, i) => (keep[i] ? 0 : r(v))),
  };
}
