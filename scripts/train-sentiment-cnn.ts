// Exploration only (issue #19, not shipped, not loadable by src/ml): does another model class beat
// the hashed bag on the selection split? A word CNN: hashed word ids (the bag's unigram rows) →
// 32-d embedding → conv1d 64×3 ReLU → global max pool, concatenated with the 12 lexicon features →
// dropout → softmax. Class-balanced, recency-weighted like the bag; scored on selection only
// (after calibration + decision rule, as the bag), every epoch logged to
// bench/results/sentiment-experiments.jsonl. The report split is never read here.
//   npx tsx scripts/train-sentiment-cnn.ts [--epochs 3] [--recency 0.3] [--seed 42] [--lr 0.002] [--dump <file>]
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTweetEvalSplit, SENTIMENT_LABELS } from '../src/ml/data';
import { DEFAULT_FEATURIZER, Featurizer } from '../src/ml/features';
import { applyCalibration, decide, fitCalibration, fitDecisionBias } from '../src/ml/calibration';
import { computeMetrics } from '../src/ml/metrics';
import { classWeights } from '../src/ml/train';
import { loadSentimentSplits } from '../src/ml/splits';
import { mulberry32, shuffledIndices } from '../src/ml/rng';
import { tf } from '../src/ml/tf';

const ROOT = join(__dirname, '..');
const arg = (n: string, d: string) => { const i = process.argv.indexOf(`--${n}`); return i >= 0 ? process.argv[i + 1] : d; };
const MAXLEN = 40;

function encode(f: Featurizer, texts: readonly string[]): { ids: tf.Tensor2D; dense: tf.Tensor2D } {
  const ids = new Int32Array(texts.length * MAXLEN);
  texts.forEach((t, i) => f.tokenUnits(t).slice(0, MAXLEN).forEach((u, j) => { ids[i * MAXLEN + j] = u.rows[0] + 1; }));
  const b = f.featurize(texts);
  return { ids: tf.tensor2d(ids, [texts.length, MAXLEN], 'int32'), dense: tf.tensor2d(b.dense, [texts.length, b.denseSize]) };
}

async function main(): Promise<void> {
  const data = join(ROOT, '..', 'shared', 'data');
  const epochs = Number(arg('epochs', '3')); const recency = Number(arg('recency', '0.3')); const seed = Number(arg('seed', '42')); const lr = Number(arg('lr', '0.002'));
  const val = loadTweetEvalSplit(join(data, 'tweeteval', 'sentiment'), 'val', 'sentiment');
  const splits = loadSentimentSplits(data, { excludeTexts: val.texts });
  const f = new Featurizer(DEFAULT_FEATURIZER);
  const year = (file: string) => Number(/twitter-(\d{4})/.exec(file)?.[1] ?? '2016');
  const cw = classWeights(splits.train.y, 3, 1);
  const w = splits.train.files.map((file, i) => recency ** (2016 - year(file)) * cw[splits.train.y[i]]);
  const tr = encode(f, splits.train.texts); const sel = encode(f, splits.selection.texts); const tv = encode(f, val.texts);
  const ids = tf.input({ shape: [MAXLEN], dtype: 'int32' });
  const lex = tf.input({ shape: [f.denseSize] });
  let x = tf.layers.embedding({ inputDim: f.config.wordBuckets + 1, outputDim: 32, embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed }) }).apply(ids) as tf.SymbolicTensor;
  x = tf.layers.conv1d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.globalMaxPooling1d().apply(x) as tf.SymbolicTensor;
  let h = tf.layers.concatenate().apply([x, lex]) as tf.SymbolicTensor;
  h = tf.layers.dropout({ rate: 0.3, seed: seed + 2 }).apply(h) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 3 }) }).apply(h) as tf.SymbolicTensor;
  const model = tf.model({ inputs: [ids, lex], outputs: out });
  const optimizer = tf.train.adam(lr);
  const y = tf.oneHot(tf.tensor1d(splits.train.y, 'int32'), 3);
  const wt = tf.tensor1d(w);
  const rand = mulberry32(seed);
  const logLine = (o: object) => { mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true }); appendFileSync(join(ROOT, 'bench', 'results', 'sentiment-experiments.jsonl'), JSON.stringify({ date: new Date().toISOString(), ...o }) + '\n'); };
  const t0 = Date.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    // Manual loop: tfjs-layers fit() has no sample weights (class balance × recency).
    const order = shuffledIndices(splits.train.texts.length, rand);
    for (let b = 0; b < order.length; b += 64) {
      const idx = tf.tensor1d(order.slice(b, b + 64), 'int32');
      const [bi, bd, by, bw] = [tf.gather(tr.ids, idx), tf.gather(tr.dense, idx), tf.gather(y, idx), tf.gather(wt, idx)];
      optimizer.minimize(() => {
        const p = model.apply([bi, bd], { training: true }) as tf.Tensor2D;
        return tf.mean(tf.mul(tf.neg(tf.sum(tf.mul(by, tf.log(tf.maximum(p, 1e-7))), 1)), bw)) as tf.Scalar;
      });
      tf.dispose([idx, bi, bd, by, bw]);
    }
    const logp = (e: { ids: tf.Tensor2D; dense: tf.Tensor2D }) => {
      const p = model.predict([e.ids, e.dense]) as tf.Tensor;
      const t = tf.tidy(() => tf.log(tf.maximum(p, 1e-12)));
      const lp = Float64Array.from(t.dataSync());
      t.dispose();
      p.dispose();
      return lp;
    };
    // Calibration and decision rule fitted on selection (as for the bag), then applied to val.
    const zs = logp(sel);
    // --dump <file>: the selection log-probabilities of the last epoch, to try mixing with the bag.
    if (epoch === epochs && process.argv.includes('--dump')) writeFileSync(arg('dump', ''), JSON.stringify(Array.from(zs)));
    const cal = fitCalibration(zs, splits.selection.y, 3);
    const ps = applyCalibration(zs, 3, cal);
    const bias = fitDecisionBias(ps, splits.selection.y, SENTIMENT_LABELS, 'macroRecall');
    const pv = applyCalibration(logp(tv), 3, cal);
    const mr = (p: Float32Array, yy: readonly number[]) => computeMetrics(yy, yy.map((_, i) => decide(p, i, 3, bias)), SENTIMENT_LABELS).macroRecall;
    const s = { macroRecall: mr(ps, splits.selection.y) }; const v = { macroRecall: mr(pv, val.y) };
    console.error(`epoch ${epoch}: selection macro-recall ${(100 * s.macroRecall).toFixed(2)} (calibrated + decision rule), TweetEval val ${(100 * v.macroRecall).toFixed(2)}, ${((Date.now() - t0) / 60000).toFixed(1)} min`);
    logLine({ tag: `word CNN 32-d, 64x3 filters, recency ${recency}, lr ${lr} (exploration)`, epoch, seed, scores: { selection: { macroRecall: Math.round(s.macroRecall * 1e4) / 1e4 }, 'tweeteval-val': { macroRecall: Math.round(v.macroRecall * 1e4) / 1e4 } } });
  }
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
