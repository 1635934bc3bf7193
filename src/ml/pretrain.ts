// Skip-gram pre-training of the embedding table from unlabeled tweets (issue #19), fastText style:
// a token's input vector is the mean of its hashed rows (unigram + char n-grams, the same rows the
// classifier reads, see Featurizer.tokenUnits), trained with negative sampling to predict the
// tokens around it. Rows the corpus never touches keep a small random init. Plain JS and
// deterministic for a seed (one mulberry32 stream drives init, order, windows and negatives).
import type { Featurizer } from './features';
import { mulberry32, shuffledIndices } from './rng';

export interface PretrainOptions {
  dim: number;
  seed: number;
  epochs?: number;
  /** Max context distance (a random window 1..window is drawn per centre token). */
  window?: number;
  negatives?: number;
  /** SGD learning rate, decayed linearly to 0. */
  lr?: number;
  /** Tokens seen fewer times are not used as context targets. */
  minCount?: number;
  /** Frequent-token subsampling threshold (word2vec's t). */
  subsample?: number;
  onEpoch?: (epoch: number, loss: number) => void;
}

interface Corpus { units: { rows: Int32Array; target: number }[][]; vocab: number; counts: Float64Array }

function buildCorpus(f: Featurizer, texts: readonly string[], minCount: number): Corpus {
  const tokenized = texts.map((t) => f.tokenUnits(t));
  const freq = new Map<string, number>();
  for (const units of tokenized) for (const u of units) freq.set(u.text, (freq.get(u.text) ?? 0) + 1);
  const index = new Map<string, number>();
  for (const [t, c] of [...freq].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) if (c >= minCount) index.set(t, index.size);
  const counts = new Float64Array(index.size);
  for (const [t, i] of index) counts[i] = freq.get(t)!;
  const units = tokenized.map((us) => us.map((u) => ({ rows: u.rows, target: index.get(u.text) ?? -1 })));
  return { units, vocab: index.size, counts };
}

/** Unigram^0.75 sampling table (word2vec's negative distribution). */
function negativeTable(counts: Float64Array, size = 1 << 20): Int32Array {
  const table = new Int32Array(size);
  let total = 0;
  for (const c of counts) total += c ** 0.75;
  let i = 0; let cum = counts.length > 0 ? counts[0] ** 0.75 / total : 1;
  for (let k = 0; k < size; k++) {
    table[k] = i;
    if (k / size > cum && i < counts.length - 1) { i++; cum += counts[i] ** 0.75 / total; }
  }
  return table;
}

const sigmoid = (x: number) => (x > 8 ? 1 : x < -8 ? 0 : 1 / (1 + Math.exp(-x)));

/** A rows × dim table (row-major) for `featurizer`, pre-trained on `texts`; `touched` marks the rows it trained. */
export function pretrainEmbeddings(featurizer: Featurizer, texts: readonly string[], o: PretrainOptions): { table: Float32Array; touched: Uint8Array } {
  const dim = o.dim; const epochs = o.epochs ?? 5; const window = o.window ?? 5; const negatives = o.negatives ?? 5;
  const lr0 = o.lr ?? 0.05; const t = o.subsample ?? 1e-4;
  const rand = mulberry32(o.seed ^ 0x736b6970);
  const corpus = buildCorpus(featurizer, texts, o.minCount ?? 2);
  const rows = featurizer.tableRows;
  const emb = new Float32Array(rows * dim);
  for (let i = 0; i < emb.length; i++) emb[i] = (rand() * 2 - 1) / dim;
  const touched = new Uint8Array(rows);
  for (const us of corpus.units) for (const u of us) for (const r of u.rows) touched[r] = 1;
  const out = new Float32Array(corpus.vocab * dim);
  if (corpus.vocab === 0) return { table: emb, touched: new Uint8Array(rows) };
  const table = negativeTable(corpus.counts);
  const total = corpus.counts.reduce((a, b) => a + b, 0);
  const keep = Array.from(corpus.counts, (c) => Math.min(1, Math.sqrt(t * total / c) + t * total / c));
  const tokensPerEpoch = corpus.units.reduce((a, u) => a + u.length, 0);
  const h = new Float32Array(dim); const grad = new Float32Array(dim);
  let seen = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let lossSum = 0; let lossN = 0;
    for (const ti of shuffledIndices(corpus.units.length, rand)) {
      const units = corpus.units[ti].filter((u) => u.target < 0 || rand() < keep[u.target]);
      for (let i = 0; i < units.length; i++) {
        seen++;
        const lr = lr0 * Math.max(1e-4, 1 - seen / (epochs * tokensPerEpoch));
        const c = units[i].rows;
        h.fill(0);
        for (const r of c) for (let j = 0; j < dim; j++) h[j] += emb[r * dim + j];
        for (let j = 0; j < dim; j++) h[j] /= c.length;
        grad.fill(0);
        const w = 1 + Math.floor(rand() * window);
        for (let k = Math.max(0, i - w); k <= Math.min(units.length - 1, i + w); k++) {
          if (k === i || units[k].target < 0) continue;
          for (let n = 0; n <= negatives; n++) {
            const target = n === 0 ? units[k].target : table[Math.floor(rand() * table.length)];
            if (n > 0 && target === units[k].target) continue;
            const label = n === 0 ? 1 : 0;
            let dot = 0;
            for (let j = 0; j < dim; j++) dot += h[j] * out[target * dim + j];
            const p = sigmoid(dot);
            lossSum -= Math.log(Math.max(1e-7, label ? p : 1 - p)); lossN++;
            const g = lr * (label - p);
            for (let j = 0; j < dim; j++) { grad[j] += g * out[target * dim + j]; out[target * dim + j] += g * h[j]; }
          }
        }
        for (const r of c) for (let j = 0; j < dim; j++) emb[r * dim + j] += grad[j];
      }
    }
    o.onEpoch?.(epoch, lossN > 0 ? lossSum / lossN : 0);
  }
  return { table: emb, touched };
}

/**
 * Rescales the pre-trained (touched) rows so that their root-mean-square value is `rms`: the
 * classifier's init scale matters to Adam. Untouched rows (bigrams, unseen hashes) stay as they are.
 */
export function rescaleTable(table: Float32Array, touched: Uint8Array, dim: number, rms: number): Float32Array {
  let s = 0; let n = 0;
  for (let r = 0; r < touched.length; r++) if (touched[r]) for (let j = 0; j < dim; j++) { s += table[r * dim + j] ** 2; n++; }
  const f = s > 0 ? rms / Math.sqrt(s / n) : 1;
  return table.map((v, i) => (touched[Math.floor(i / dim)] ? v * f : v));
}
