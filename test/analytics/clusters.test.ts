import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticProfiles } from '../../src/domain/analytics/clusters/synthetic';
import { clusterCustomers, clusterPartial, mergeClusterPartials, summarizeClusters, profileMatrix } from '../../src/domain/analytics/clusters/customers';
import { adjustedRandIndex } from '../../src/domain/analytics/clusters/ari';
import { findKnee } from '../../src/domain/analytics/clusters/elbow';
import { kmeans } from '../../src/domain/analytics/clusters/kmeans';
import { silhouetteScore } from '../../src/domain/analytics/clusters/silhouette';
import { applyScaler, fitScaler, mergeMoments, momentsOf, scalerFromMoments } from '../../src/domain/analytics/clusters/scaling';
import { matrixFromRows } from '../../src/domain/analytics/clusters/matrix';

test('adjusted Rand index: identical, relabelled, and random partitions', () => {
  assert.equal(adjustedRandIndex([0, 0, 1, 1, 2, 2], [0, 0, 1, 1, 2, 2]), 1);
  assert.equal(adjustedRandIndex([0, 0, 1, 1, 2, 2], [5, 5, 3, 3, 9, 9]), 1);
  // Known value (matches the textbook example used by scikit-learn's docs): 0.5714...
  assert.ok(Math.abs(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]) - 0.5714285714) < 1e-6);
  const a = Array.from({ length: 2000 }, (_, i) => i % 4);
  const b = Array.from({ length: 2000 }, (_, i) => Math.floor(i / 500));
  assert.ok(Math.abs(adjustedRandIndex(a, b)) < 0.01);
});

test('standard scaling gives mean 0 and sd 1; merged chunk moments equal the whole', () => {
  const m = matrixFromRows([[1, 10], [2, 20], [3, 30], [4, 40], [5, 50]]);
  const s = fitScaler(m);
  assert.ok(Math.abs(s.mean[0] - 3) < 1e-12 && Math.abs(s.sd[0] - Math.sqrt(2)) < 1e-12);
  const z = applyScaler(m, s);
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < 5; i++) {
    sum += z.data[i * 2 + 1];
    sq += z.data[i * 2 + 1] ** 2;
  }
  assert.ok(Math.abs(sum) < 1e-12 && Math.abs(sq / 5 - 1) < 1e-12);
  const merged = scalerFromMoments(mergeMoments(momentsOf(matrixFromRows([[1, 10], [2, 20]])), momentsOf(matrixFromRows([[3, 30], [4, 40], [5, 50]]))));
  assert.ok(Math.abs(merged.mean[1] - s.mean[1]) < 1e-12 && Math.abs(merged.sd[1] - s.sd[1]) < 1e-12);
  // A constant column scales to zeros, not NaN.
  const c = applyScaler(matrixFromRows([[7], [7]]), fitScaler(matrixFromRows([[7], [7]])));
  assert.deepEqual(Array.from(c.data), [0, 0]);
});

test('k-means recovers synthetic segments (ARI > 0.9) and is deterministic for a seed', () => {
  const { profiles, labels } = syntheticProfiles(3000, 4, 11, 0.35);
  const r1 = clusterCustomers(profiles, { k: 4, seed: 5 });
  const r2 = clusterCustomers(profiles, { k: 4, seed: 5 });
  assert.ok(adjustedRandIndex(labels, r1.assignments) > 0.9);
  assert.deepEqual(Array.from(r1.assignments), Array.from(r2.assignments));
});

test('elbow picks the true k on well-separated data and silhouette agrees', () => {
  const { profiles, labels } = syntheticProfiles(2400, 5, 3, 0.2);
  const r = clusterCustomers(profiles, { seed: 1, restarts: 2 });
  assert.equal(r.kneeK, 5);
  assert.equal(r.silhouetteBestK, 5);
  assert.equal(r.inertiaCurve.length, 11);
  assert.deepEqual(r.inertiaCurve.map((p) => p.k), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.ok(r.silhouette > 0.7);
  assert.ok(adjustedRandIndex(labels, r.assignments) > 0.99);
  // Summaries in original units: the big-account segment's typical follower count is ~250k.
  const big = r.clusters.find((c) => c.centroid.followers > 100_000);
  assert.ok(big && big.centroid.followers > 200_000 && big.centroid.followers < 300_000);
  assert.equal(r.clusters.reduce((s, c) => s + c.size, 0), profiles.length);
  assert.ok(big.topHashtags.some((t) => t.tag === 'news'));
  assert.equal(big.exampleIds.length, 5);
});

test('findKnee on a textbook curve and on a straight line', () => {
  assert.equal(findKnee([1, 2, 3, 4, 5, 6], [100, 40, 12, 10, 9, 8]), 3);
  assert.equal(findKnee([1, 2, 3], [3, 2, 1]), 1);
});

test('silhouette near 1 for separated blobs and near 0 for a random split', () => {
  const rows: number[][] = [];
  for (let i = 0; i < 200; i++) rows.push([i % 2 ? 100 + (i % 7) * 0.01 : (i % 5) * 0.01, 0]);
  const m = matrixFromRows(rows);
  const good = rows.map((r) => (r[0] > 50 ? 1 : 0));
  assert.ok(silhouetteScore(m, good, 2) > 0.99);
  const bad = rows.map((_, i) => (i % 4 < 2 ? 0 : 1));
  assert.ok(Math.abs(silhouetteScore(m, bad, 2)) < 0.1);
  const km = kmeans(m, 2, { seed: 3 });
  assert.equal(adjustedRandIndex(good, km.assignments), 1);
});

test('chunked partials merge to the same summary as one pass', () => {
  const { profiles } = syntheticProfiles(1000, 3, 2, 0.3);
  const r = clusterCustomers(profiles, { k: 3, seed: 2 });
  const a = clusterPartial(profiles.slice(0, 400), r.model);
  const b = clusterPartial(profiles.slice(400), r.model);
  const merged = summarizeClusters(mergeClusterPartials(a.partial, b.partial), r.model);
  assert.deepEqual(merged.map((c) => c.size), r.clusters.map((c) => c.size));
  merged.forEach((c, i) => {
    assert.ok(Math.abs(c.centroid.followers - r.clusters[i].centroid.followers) < 1e-6 * r.clusters[i].centroid.followers + 1e-9);
    assert.deepEqual(c.exampleIds, r.clusters[i].exampleIds);
  });
  assert.throws(() => profileMatrix([{ ...profiles[0], followers: -1 }]), /followers/);
});
