// Seed ensembles stored as one ordinary model. K members that share a featurizer are merged into
// a single wider embedding bag whose logits are exactly the mean of the members' logits:
//   - embedding rows are concatenated (row r = member 0's row r, member 1's row r, ...), so one
//     random row access at inference fetches every member's vector;
//   - the first dense layer is block-diagonal (member k's hidden units see only member k's pooled
//     dims plus the shared lexicon features);
//   - the output layer stacks the members' output weights, divided by K.
// The saved format and the inference code stay the same; only dim and hidden grow K times.
// Members may differ in dim and hidden (a linear member, train.ts, has hidden = 2 × classes): the
// merged dim and hidden are the sums, each member owning its own block.
// With `weights` (summing to 1) the logits are the weighted mean instead: a mixture of members
// trained with different settings, its weights chosen on the selection split.
import { GROUPS } from './features';
import type { TrainResult, TrainedParams } from './train';

/** Merges members into one parameter set whose logits = (weighted) mean of member logits. */
export function mergeMembers(members: readonly TrainResult[], classes: number, weights?: readonly number[]): TrainResult {
  if (members.length === 0) throw new Error('no members to merge');
  const K = members.length;
  if (weights && (weights.length !== K || weights.some((w) => !(w >= 0)) || Math.abs(weights.reduce((a, b) => a + b, 0) - 1) > 1e-6)) {
    throw new Error('member weights must be one non-negative weight per member, summing to 1');
  }
  if (members.length === 1) return members[0];
  const wk = (k: number) => weights?.[k] ?? 1 / K;
  const fcfg = JSON.stringify(members[0].featurizer);
  for (const m of members) {
    if (JSON.stringify(m.featurizer) !== fcfg) throw new Error('ensemble members must share the featurizer');
  }
  const rows = members[0].params.emb.length / members[0].architecture.dim;
  const denseSize = members[0].params.w1.length / members[0].architecture.hidden - GROUPS * members[0].architecture.dim;
  const dimAt: number[] = [];
  const hiddenAt: number[] = [];
  let mDim = 0;
  let mHidden = 0;
  for (const m of members) {
    dimAt.push(mDim); hiddenAt.push(mHidden);
    mDim += m.architecture.dim; mHidden += m.architecture.hidden;
  }
  const mInDim = GROUPS * mDim + denseSize;

  const emb = new Float32Array(rows * mDim);
  const w1 = new Float32Array(mInDim * mHidden);
  const b1 = new Float32Array(mHidden);
  const w2 = new Float32Array(mHidden * classes);
  const b2 = new Float32Array(classes);
  members.forEach((m, k) => {
    const p: TrainedParams = m.params;
    const { dim, hidden } = m.architecture;
    const inDim = GROUPS * dim + denseSize;
    if (p.emb.length !== rows * dim || p.w1.length !== inDim * hidden) throw new Error('ensemble members must share the featurizer');
    for (let r = 0; r < rows; r++) emb.set(p.emb.subarray(r * dim, (r + 1) * dim), r * mDim + dimAt[k]);
    // Input row of member k's w1 → input row of the merged w1 (pooled layout: group-major, then dense).
    const mapRow = (i: number) => (i < GROUPS * dim
      ? Math.floor(i / dim) * mDim + dimAt[k] + (i % dim)
      : GROUPS * mDim + (i - GROUPS * dim));
    for (let i = 0; i < inDim; i++) {
      w1.set(p.w1.subarray(i * hidden, (i + 1) * hidden), mapRow(i) * mHidden + hiddenAt[k]);
    }
    b1.set(p.b1, hiddenAt[k]);
    for (let h = 0; h < hidden; h++) {
      for (let c = 0; c < classes; c++) w2[(hiddenAt[k] + h) * classes + c] = p.w2[h * classes + c] * wk(k);
    }
    for (let c = 0; c < classes; c++) b2[c] += p.b2[c] * wk(k);
  });

  const first = members[0];
  return {
    params: { emb, w1, b1, w2, b2 },
    architecture: { dim: mDim, hidden: mHidden },
    featurizer: first.featurizer,
    bestEpoch: first.bestEpoch,
    epochsRun: Math.max(...members.map((m) => m.epochsRun)),
    valid: first.valid,
    history: first.history,
    hyper: { ...first.hyper, members: K, ...(weights ? { memberWeights: weights.map((w) => Math.round(w * 1e4) / 1e4).join(',') } : {}) },
  };
}
