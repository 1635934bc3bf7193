// Training-time input regularisation (issue #19, third round). Every member peaked after one epoch
// because the hashed table memorises the training tweets; dropping each hashed id of a training
// batch with probability p ("word dropout" of deep averaging networks, Iyyer et al. 2015) shows the
// network a different subset of each tweet every epoch, so a row cannot simply memorise its tweets.
// Mean pooling re-normalises by the ids kept, so the pooled vector keeps its scale. Never at inference.
import { GROUPS, type FeatureBatch } from './features';

/** A copy of `b` without the ids that `rand() < p` picked; counts re-computed (≥ 1, as featurize). */
export function dropFeatureIds(b: FeatureBatch, p: number, rand: () => number): FeatureBatch {
  if (!(p >= 0 && p < 1)) throw new Error(`token dropout must be in [0, 1), got ${p}`);
  if (p === 0) return b;
  const ids = new Int32Array(b.ids.length);
  const segments = new Int32Array(b.ids.length);
  const kept = new Float32Array(b.size * GROUPS);
  let o = 0;
  for (let i = 0; i < b.ids.length; i++) {
    if (rand() < p) continue;
    ids[o] = b.ids[i];
    segments[o] = b.segments[i];
    kept[b.segments[i]]++;
    o++;
  }
  const counts = kept.map((c) => Math.max(1, c));
  return { ...b, ids: ids.slice(0, o), segments: segments.slice(0, o), counts };
}
