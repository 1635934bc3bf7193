/**
 * Analytics benchmark: k-means + elbow (k = 2..12) on 1,000,000 synthetic profiles, influence
 * scores for 1,000,000 users, our k-means vs ml-kmeans on 100k rows, and (optional) the same
 * clustering with scikit-learn via python3. Prints a table; writes bench/results/analytics.json.
 *
 *   npx tsx bench/analytics.ts [--n 1000000] [--no-sklearn]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { syntheticProfiles } from '../src/domain/analytics/clusters/synthetic';
import { clusterCustomers, profileMatrix } from '../src/domain/analytics/clusters/customers';
import { adjustedRandIndex } from '../src/domain/analytics/clusters/ari';
import { kmeans } from '../src/domain/analytics/clusters/kmeans';
import { applyScaler, fitScaler } from '../src/domain/analytics/clusters/scaling';
import { takeRows } from '../src/domain/analytics/clusters/matrix';
import { influenceScore, type InfluenceWeights } from '../src/domain/analytics/influence/score';
import type { InfluenceFeatures } from '../src/domain/analytics/influence/features';
import { gaussian, seededRng } from '../src/domain/analytics/random';

const args = process.argv.slice(2);
const argN = args.indexOf('--n');
const N = argN >= 0 ? Number(args[argN + 1]) : 1_000_000;
const TRUE_K = 6;
const root = join(__dirname, '..');

type Row = { task: string; n: number; seconds: number; result: string };
const rows: Row[] = [];
const secs = (t: number) => (performance.now() - t) / 1000;

async function main() {
  // 1. Customer clusters on N profiles.
  let t = performance.now();
  const { profiles, labels } = syntheticProfiles(N, TRUE_K, 3, 0.3);
  rows.push({ task: 'generate synthetic profiles', n: N, seconds: secs(t), result: `${TRUE_K} true segments` });
  t = performance.now();
  const clustering = clusterCustomers(profiles, { seed: 1 });
  const clusterSeconds = secs(t);
  const ari = adjustedRandIndex(labels, clustering.assignments);
  rows.push({
    task: 'clusterCustomers (scale, elbow k=2..12 on sample, full assign, summaries)',
    n: N,
    seconds: clusterSeconds,
    result: `k=${clustering.k} (silhouette best ${clustering.silhouetteBestK}), ARI ${ari.toFixed(4)}, silhouette ${clustering.silhouette.toFixed(3)}`,
  });

  // 2. Our k-means vs ml-kmeans on the same 100k scaled rows, 3 k-means++ starts each, k = TRUE_K.
  //    Compared per Lloyd iteration too, since the two stop after different iteration counts.
  const raw = profileMatrix(profiles);
  const scaled = applyScaler(raw, fitScaler(raw));
  const sub = takeRows(scaled, Array.from({ length: Math.min(100_000, N) }, (_, i) => i));
  t = performance.now();
  let ownIters = 0;
  let ownBest = Infinity;
  for (let s = 0; s < 3; s++) {
    const r = kmeans(sub, TRUE_K, { seed: 1 + s, restarts: 1 });
    ownIters += r.iterations;
    ownBest = Math.min(ownBest, r.inertia);
  }
  const ownSeconds = secs(t);
  rows.push({ task: 'own k-means (3 starts, k=6)', n: sub.n, seconds: ownSeconds, result: `best inertia ${ownBest.toFixed(0)}, ${((ownSeconds * 1000) / ownIters).toFixed(1)} ms/iteration` });
  let mlSeconds: number | null = null;
  try {
    // ml-kmeans is ESM-only with "exports" typings; load it dynamically with a local type.
    type MlKmeans = { kmeans: (d: number[][], k: number, o: { seed: number; initialization: 'kmeans++' }) => { clusters: number[]; centroids: number[][]; iterations: number } };
    const ml = (await import('ml-kmeans' as string)) as MlKmeans;
    const arr: number[][] = [];
    for (let i = 0; i < sub.n; i++) arr.push(Array.from(sub.data.subarray(i * sub.d, (i + 1) * sub.d)));
    t = performance.now();
    let iters = 0;
    let best = Infinity;
    for (let s = 0; s < 3; s++) {
      const r = ml.kmeans(arr, TRUE_K, { seed: 1 + s, initialization: 'kmeans++' });
      iters += r.iterations;
      let inertia = 0;
      r.clusters.forEach((c: number, i: number) => (inertia += arr[i].reduce((acc, v, j) => acc + (v - r.centroids[c][j]) ** 2, 0)));
      best = Math.min(best, inertia);
    }
    mlSeconds = secs(t);
    rows.push({ task: 'ml-kmeans 7.0.1 (3 starts, k=6)', n: sub.n, seconds: mlSeconds, result: `best inertia ${best.toFixed(0)}, ${((mlSeconds * 1000) / iters).toFixed(1)} ms/iteration` });
  } catch (e) {
    rows.push({ task: 'ml-kmeans', n: sub.n, seconds: NaN, result: `skipped: ${(e as Error).message}` });
  }

  // 3. Influence scores for N users.
  const weights = JSON.parse(readFileSync(join(root, 'models', 'influence', 'weights.json'), 'utf8')) as InfluenceWeights;
  const rng = seededRng(9);
  const users: InfluenceFeatures[] = new Array(N);
  const ln = (mu: number, s: number) => Math.max(0, Math.expm1(mu + s * gaussian(rng)));
  for (let i = 0; i < N; i++) {
    users[i] = {
      follower_count: Math.round(ln(7, 2.5)),
      following_count: Math.round(ln(6, 1.5)),
      listed_count: Math.round(ln(2, 2)),
      mentions_received: ln(0.5, 1.5),
      retweets_received: ln(0.3, 1.5),
      mentions_sent: ln(0.5, 1),
      retweets_sent: ln(0.3, 1),
      posts: ln(1, 1),
      relevance: rng(),
      cascade_depth: Math.floor(rng() * 4),
    };
  }
  t = performance.now();
  let checksum = 0;
  for (const u of users) checksum += influenceScore(u, weights).score;
  rows.push({ task: 'influenceScore (learned trees + context terms)', n: N, seconds: secs(t), result: `mean score ${(checksum / N).toFixed(3)}` });

  // 4. scikit-learn side by side (optional).
  let sklearn: Record<string, unknown> | string = 'skipped';
  if (!args.includes('--no-sklearn')) {
    const probe = spawnSync('python3', ['-c', 'import sklearn, numpy; print(sklearn.__version__)'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      sklearn = 'skipped: python3 with scikit-learn not available (pip install scikit-learn)';
    } else {
      const dir = join(tmpdir(), `chirpflow-bench-${process.pid}`);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'scaled.f64');
      writeFileSync(file, Buffer.from(scaled.data.buffer, scaled.data.byteOffset, scaled.data.byteLength));
      const py = `
import sys, time, json, numpy as np
from sklearn.cluster import KMeans
X = np.fromfile(sys.argv[1], dtype=np.float64).reshape(-1, ${scaled.d})
rng = np.random.default_rng(1)
S = X[rng.choice(len(X), size=min(50000, len(X)), replace=False)]
t = time.time(); curve = []
for k in range(2, 13):
    curve.append(float(KMeans(n_clusters=k, n_init=3, random_state=1).fit(S).inertia_) * len(X) / len(S))
elbow = time.time() - t
t = time.time(); km = KMeans(n_clusters=${clustering.k}, n_init=1, random_state=1).fit(X); full = time.time() - t
np.asarray(km.labels_, dtype=np.int32).tofile(sys.argv[1] + '.labels')
print(json.dumps({"version": __import__('sklearn').__version__, "elbowSeconds": elbow, "fullFitSeconds": full, "inertiaFull": float(km.inertia_), "curve": curve}))
`;
      const r = spawnSync('python3', ['-c', py, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (r.status === 0) {
        const res = JSON.parse(r.stdout.trim().split('\n').pop() as string) as Record<string, number | number[] | string>;
        const skLabels = new Int32Array(readFileSync(file + '.labels').buffer.slice(0));
        const skAri = adjustedRandIndex(labels, skLabels);
        sklearn = { ...res, ari: skAri };
        rows.push({ task: `scikit-learn ${res.version} elbow k=2..12 (50k sample, n_init=3)`, n: N, seconds: res.elbowSeconds as number, result: 'same protocol as ours' });
        rows.push({ task: `scikit-learn KMeans full fit k=${clustering.k} (n_init=1)`, n: N, seconds: res.fullFitSeconds as number, result: `ARI ${skAri.toFixed(4)}` });
      } else {
        sklearn = `skipped: python failed: ${r.stderr.trim().split('\n').pop()}`;
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const width = Math.max(...rows.map((r) => r.task.length));
  console.log(`${'task'.padEnd(width)} | ${'n'.padStart(9)} | ${'seconds'.padStart(8)} | result`);
  console.log(`${'-'.repeat(width)}-|-${'-'.repeat(9)}-|-${'-'.repeat(8)}-|-------`);
  for (const r of rows) console.log(`${r.task.padEnd(width)} | ${String(r.n).padStart(9)} | ${r.seconds.toFixed(2).padStart(8)} | ${r.result}`);
  if (typeof sklearn === 'string') console.log(`scikit-learn: ${sklearn}`);

  const out = {
    date: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    n: N,
    targets: { clusteringSeconds: 60, influenceSeconds: 120 },
    clustering: {
      seconds: clusterSeconds,
      k: clustering.k,
      kneeK: clustering.kneeK,
      silhouetteBestK: clustering.silhouetteBestK,
      trueK: TRUE_K,
      ari,
      silhouette: clustering.silhouette,
      elbowSampleSize: clustering.elbowSampleSize,
      inertiaCurve: clustering.inertiaCurve,
    },
    kmeansComparison: { rows: sub.n, ownSeconds, mlKmeansSeconds: mlSeconds },
    sklearn,
    rows,
  };
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'analytics.json'), JSON.stringify(out, null, 2) + '\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
