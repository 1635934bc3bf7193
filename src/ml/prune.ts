// Rows of the hashed table that training never (or rarely) touched (issue #19, third round). A row no
// training tweet hashes to keeps its random initial vector, so an unseen bigram or char n-gram of a
// new tweet adds random noise to its pooled vector; a row seen in one or two tweets mostly holds
// what those tweets memorised. Zeroing rows seen in fewer than `minCount` training tweets (fastText's
// minCount, applied after training) leaves them out of the evidence without changing the format.
import type { FeatureBatch } from './features';
import type { TrainResult } from './train';

/** In how many rows (tweets) of `batch` each table row occurs (a tweet counts once per row). */
export function rowDocumentCounts(batch: FeatureBatch, tableRows: number): Uint32Array {
  const counts = new Uint32Array(tableRows);
  const lastSeen = new Int32Array(tableRows).fill(-1);
  const groups = batch.counts.length / batch.size;
  for (let i = 0; i < batch.ids.length; i++) {
    const id = batch.ids[i];
    const tweet = (batch.segments[i] / groups) | 0;
    if (lastSeen[id] !== tweet) { lastSeen[id] = tweet; counts[id]++; }
  }
  return counts;
}

/** A copy of `member` whose embedding rows with a count below `minCount` are zero. */
export function zeroRareRows(member: TrainResult, counts: Uint32Array, minCount: number): TrainResult {
  if (minCount <= 0) return member;
  const { dim } = member.architecture;
  if (counts.length * dim !== member.params.emb.length) throw new Error('row counts do not match the embedding table');
  const emb = member.params.emb.slice();
  for (let r = 0; r < counts.length; r++) if (counts[r] < minCount) emb.fill(0, r * dim, (r + 1) * dim);
  return { ...member, params: { ...member.params, emb }, hyper: { ...member.hyper, minCount } };
}
