/**
 * Customer segments: profiles → log/standard scaling → k-means with k from the elbow → a summary
 * per cluster a person can read (size, typical profile in original units, sentiment mix, hashtags,
 * example members).
 *
 * Large inputs can be processed in chunks: fit the model once (clusterCustomers on all rows or on a
 * representative sample), then `clusterPartial` per chunk and `mergeClusterPartials`; the merge is
 * exact (sums, counts, hashtag counts, k nearest examples).
 */
import { assignPoints, kmeans } from './kmeans';
import { elbowSearch, type ElbowPoint } from './elbow';
import type { Matrix } from './matrix';
import { applyScaler, fitScaler, type Scaler } from './scaling';
import { silhouetteScore } from './silhouette';

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

export interface CustomerProfile {
  id: string;
  followers: number;
  following: number;
  listed: number;
  tweets: number;
  /** Mean sentiment polarity of the person's tweets, −1..1. */
  polarity: number;
  /** Mean subjectivity of the person's tweets, 0..1. */
  subjectivity: number;
  /** Overall sentiment if already classified; otherwise derived from polarity. */
  sentiment?: SentimentLabel;
  hashtags?: readonly string[];
}

export const CLUSTER_FEATURES = ['followers', 'following', 'listed', 'tweets', 'polarity', 'subjectivity'] as const;
export type ClusterFeature = (typeof CLUSTER_FEATURES)[number];
/** Counts are heavy-tailed (0 to 10⁸ followers): without log1p one celebrity would be its own cluster. */
const LOGGED: Record<ClusterFeature, boolean> = {
  followers: true,
  following: true,
  listed: true,
  tweets: true,
  polarity: false,
  subjectivity: false,
};

export interface ClusterModel {
  features: readonly ClusterFeature[];
  logged: boolean[];
  scaler: Scaler;
  k: number;
  /** k rows of scaled centroids. */
  centroids: number[][];
}

export interface ClusterSummary {
  cluster: number;
  size: number;
  /** Centre in original units (for logged columns expm1 of the mean log1p: a typical member). */
  centroid: Record<ClusterFeature, number>;
  sentimentMix: Record<SentimentLabel, number>;
  topHashtags: { tag: string; count: number }[];
  /** Members closest to the centre. */
  exampleIds: string[];
}

export interface ClusterPartial {
  k: number;
  size: number[];
  /** Per cluster, sums of the transformed (log, unscaled) features. */
  sums: number[][];
  sentiment: Record<SentimentLabel, number>[];
  hashtags: Record<string, number>[];
  examples: { id: string; dist: number }[][];
}

export interface CustomerClustering {
  k: number;
  kneeK: number;
  silhouetteBestK: number;
  /** Inertia (and silhouette) for k = 2..12, for the elbow chart. */
  inertiaCurve: ElbowPoint[];
  /** Sampled silhouette of the final clustering on all rows. */
  silhouette: number;
  assignments: Int32Array;
  clusters: ClusterSummary[];
  model: ClusterModel;
  elbowSampleSize: number;
}

export interface ClusterOptions {
  seed?: number;
  kMin?: number;
  kMax?: number;
  /** Skip the elbow search and use this k. */
  k?: number;
  restarts?: number;
  elbowSampleSize?: number;
  examplesPerCluster?: number;
  topHashtags?: number;
}

const EXAMPLES = 5;

function transformRow(p: CustomerProfile, out: Float64Array, off: number): void {
  CLUSTER_FEATURES.forEach((f, j) => {
    const v = p[f];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`profile ${p.id}: ${f} must be a finite number`);
    if (LOGGED[f] && v < 0) throw new RangeError(`profile ${p.id}: ${f} must be non-negative`);
    out[off + j] = LOGGED[f] ? Math.log1p(v) : v;
  });
}

/** Transformed (log1p for counts), unscaled feature matrix. */
export function profileMatrix(profiles: readonly CustomerProfile[]): Matrix {
  const d = CLUSTER_FEATURES.length;
  const data = new Float64Array(profiles.length * d);
  profiles.forEach((p, i) => transformRow(p, data, i * d));
  return { data, n: profiles.length, d };
}

export function sentimentOf(p: CustomerProfile): SentimentLabel {
  if (p.sentiment) return p.sentiment;
  return p.polarity > 0.05 ? 'positive' : p.polarity < -0.05 ? 'negative' : 'neutral';
}

function emptyPartial(k: number): ClusterPartial {
  return {
    k,
    size: new Array<number>(k).fill(0),
    sums: Array.from({ length: k }, () => new Array<number>(CLUSTER_FEATURES.length).fill(0)),
    sentiment: Array.from({ length: k }, () => ({ positive: 0, neutral: 0, negative: 0 })),
    hashtags: Array.from({ length: k }, () => ({}) as Record<string, number>),
    examples: Array.from({ length: k }, () => []),
  };
}

function keepClosest(list: { id: string; dist: number }[], item: { id: string; dist: number }, max: number): void {
  if (list.length >= max && item.dist >= list[list.length - 1].dist) return;
  let i = list.length;
  while (i > 0 && (list[i - 1].dist > item.dist || (list[i - 1].dist === item.dist && list[i - 1].id > item.id))) i--;
  list.splice(i, 0, item);
  if (list.length > max) list.pop();
}

/** Assigns a chunk of profiles to the model's clusters and summarises it (mergeable). */
export function clusterPartial(
  profiles: readonly CustomerProfile[],
  model: ClusterModel,
  assignmentsIn?: ArrayLike<number>,
): { assignments: Int32Array; partial: ClusterPartial } {
  const raw = profileMatrix(profiles);
  const scaled = applyScaler(raw, model.scaler);
  const k = model.k;
  const d = raw.d;
  const centroids = Float64Array.from(model.centroids.flat());
  const assignments = new Int32Array(raw.n);
  const dist = new Float64Array(raw.n);
  if (assignmentsIn) {
    for (let i = 0; i < raw.n; i++) {
      assignments[i] = assignmentsIn[i];
      let s = 0;
      for (let j = 0; j < d; j++) s += (scaled.data[i * d + j] - centroids[assignments[i] * d + j]) ** 2;
      dist[i] = s;
    }
  } else {
    assignPoints(scaled, centroids, k, assignments, dist);
  }
  const part = emptyPartial(k);
  profiles.forEach((p, i) => {
    const c = assignments[i];
    part.size[c]++;
    const sums = part.sums[c];
    for (let j = 0; j < d; j++) sums[j] += raw.data[i * d + j];
    part.sentiment[c][sentimentOf(p)]++;
    if (p.hashtags) {
      const h = part.hashtags[c];
      for (const tag of new Set(p.hashtags.map((t) => t.replace(/^#/, '').toLowerCase()))) {
        if (tag) h[tag] = (h[tag] ?? 0) + 1;
      }
    }
    keepClosest(part.examples[c], { id: p.id, dist: dist[i] }, EXAMPLES);
  });
  return { assignments, partial: part };
}

export function mergeClusterPartials(a: ClusterPartial, b: ClusterPartial): ClusterPartial {
  if (a.k !== b.k) throw new RangeError('partials come from models with different k');
  const out = emptyPartial(a.k);
  for (let c = 0; c < a.k; c++) {
    out.size[c] = a.size[c] + b.size[c];
    out.sums[c] = a.sums[c].map((v, j) => v + b.sums[c][j]);
    for (const s of ['positive', 'neutral', 'negative'] as const) out.sentiment[c][s] = a.sentiment[c][s] + b.sentiment[c][s];
    const h: Record<string, number> = { ...a.hashtags[c] };
    for (const [t, n] of Object.entries(b.hashtags[c])) h[t] = (h[t] ?? 0) + n;
    out.hashtags[c] = h;
    const ex = a.examples[c].slice();
    for (const e of b.examples[c]) keepClosest(ex, e, EXAMPLES);
    out.examples[c] = ex;
  }
  return out;
}

export function summarizeClusters(partial: ClusterPartial, model: ClusterModel, topHashtags = 5, examples = EXAMPLES): ClusterSummary[] {
  return partial.size.map((size, c) => {
    const centroid = {} as Record<ClusterFeature, number>;
    CLUSTER_FEATURES.forEach((f, j) => {
      const mean = size ? partial.sums[c][j] / size : NaN;
      centroid[f] = model.logged[j] ? Math.expm1(mean) : mean;
    });
    const tags = Object.entries(partial.hashtags[c])
      .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
      .slice(0, topHashtags)
      .map(([tag, count]) => ({ tag, count }));
    return {
      cluster: c,
      size,
      centroid,
      sentimentMix: { ...partial.sentiment[c] },
      topHashtags: tags,
      exampleIds: partial.examples[c].slice(0, examples).map((e) => e.id),
    };
  });
}

/** Fits the whole pipeline on the given profiles (k from the elbow unless opts.k is set). */
export function clusterCustomers(profiles: readonly CustomerProfile[], opts: ClusterOptions = {}): CustomerClustering {
  const seed = opts.seed ?? 1;
  const raw = profileMatrix(profiles);
  const scaler = fitScaler(raw);
  const scaled = applyScaler(raw, scaler);
  const kMin = opts.kMin ?? 2;
  const kMax = opts.kMax ?? 12;
  let inertiaCurve: ElbowPoint[] = [];
  let kneeK = opts.k ?? kMin;
  let silhouetteBestK = kneeK;
  let elbowSampleSize = 0;
  let init: Float64Array | undefined;
  if (opts.k === undefined) {
    const elbow = elbowSearch(scaled, { kMin, kMax, seed, restarts: opts.restarts, sampleSize: opts.elbowSampleSize });
    inertiaCurve = elbow.curve;
    kneeK = elbow.kneeK;
    silhouetteBestK = elbow.silhouetteBestK;
    elbowSampleSize = elbow.sampleSize;
    const fit = elbow.fits.find((f) => f.k === kneeK);
    // When the sample was the whole input the sample fit is final; otherwise refine on all rows.
    init = fit?.centroids;
  }
  const k = kneeK;
  const full =
    init && elbowSampleSize === raw.n
      ? elbowFitOnAll(scaled, init, k)
      : kmeans(scaled, k, init ? { initialCentroids: init, maxIterations: 30 } : { seed, restarts: opts.restarts ?? 3 });
  const centroids: number[][] = [];
  for (let c = 0; c < k; c++) centroids.push(Array.from(full.centroids.subarray(c * raw.d, (c + 1) * raw.d)));
  const model: ClusterModel = { features: CLUSTER_FEATURES, logged: CLUSTER_FEATURES.map((f) => LOGGED[f]), scaler, k, centroids };
  const { partial } = clusterPartial(profiles, model, full.assignments);
  return {
    k,
    kneeK,
    silhouetteBestK,
    inertiaCurve,
    silhouette: k > 1 ? silhouetteScore(scaled, full.assignments, k, { sampleSize: 3000, seed }) : 0,
    assignments: full.assignments,
    clusters: summarizeClusters(partial, model, opts.topHashtags ?? 5, opts.examplesPerCluster ?? EXAMPLES),
    model,
    elbowSampleSize,
  };
}

function elbowFitOnAll(scaled: Matrix, centroids: Float64Array, k: number) {
  // The elbow already ran Lloyd to convergence on every row; one assignment pass reproduces it.
  return kmeans(scaled, k, { initialCentroids: centroids, maxIterations: 1 });
}
