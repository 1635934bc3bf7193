// K-fold comparison of sentiment configurations (issue #19, fourth round; docs/models.md, "Fourth
// round"). The pool (2016train + 2016dev) is cut into k stratified folds; for each fold every member
// any candidate needs is trained once on all other train-role and selection-role rows (recency
// weighting as shipped) for exactly one epoch: early-stopped on 2016dev, every member of every kind
// used here peaked after epoch 1 (experiments.jsonl). Each candidate (a weighted mixture of member
// groups) is scored on the held-out fold from the members' logits, with calibration and decision rule cross-fitted within the
// fold; scores are pooled over folds. Never reads the report split (2016devtest) or uses TweetEval val
// (its tweets are removed from every role, as in training).
//   npx tsx scripts/kfold-sentiment.ts [--data ../shared/data] [--k 3] [--seed 42] [--fold-seed 19] [--resamples 2000]
//     [--cache .scratch/sentiment-kfold | --no-cache] [--only <candidate,...>] [--round 4|5|6|7] [--fold-seeds 19,20]
// --round 5 (default 4): the fifth round's candidates, with pre-trained word vectors (vectors.ts;
// GloVe fetched on first use by scripts/fetch-embeddings.ts). --round 6: the shipped configuration and
// GloVe mean with calibration and decision rule fitted on the other folds' pooled rows (kfold.ts,
// crossFittedByFold), and the fit on all folds that the final model receives. --round 7: the same two
// candidates with the decision bias −log π, on every cut of --fold-seeds (default 19,20), chosen by
// log-loss over the cuts (kfold.ts, chooseByLogLoss; docs/models.md, "Seventh round").
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTweetEvalSplit, SENTIMENT_LABELS } from '../src/ml/data';
import { buildFolds, chooseByLogLoss, crossFitted, crossFittedByFold, fitPooled, pooledScore, recencyWeights, type CrossFit, type FoldPart } from '../src/ml/kfold';
import { cachedMember } from '../src/ml/member-cache';
import { memberLogits, mixLogProbs } from '../src/ml/mixture';
import { memberSeed } from '../src/ml/pipeline';
import { mulberry32 } from '../src/ml/rng';
import { loadSentimentSplits, SENTIMENT_SPLIT_PLAN } from '../src/ml/splits';
import { trainClassifier } from '../src/ml/train';
import { DEFAULT_FEATURIZER, type FeaturizerConfig } from '../src/ml/features';
import { readGlove, registerWordVectors, type VectorPool, type WordVectors } from '../src/ml/vectors';
import { DEFAULT_EMBEDDINGS_DIR, ensureEmbeddings, PACKAGE } from './fetch-embeddings';

const ROOT = join(__dirname, '..');
function arg(name: string, def?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

/** A kind of member (settings that change its weights besides the seed). */
export interface MemberKind {
  recency: number; linear: boolean; tokenDrop: number;
  /** Round 5: a GloVe block (top VECTOR_WORDS words, scale 1) pooled this way; absent = none. */
  vectors?: VectorPool;
}
export interface Group { kind: MemberKind; members: number; weight: number }
export interface Candidate { name: string; groups: Group[] }

export const BAG: MemberKind = { recency: 0.3, linear: false, tokenDrop: 0 };
const LIN: MemberKind = { recency: 0.3, linear: true, tokenDrop: 0 };
/** The candidates of the fourth round, fixed before any k-fold score (docs/models.md). */
export const CANDIDATES: Candidate[] = [
  { name: 'shipped: bag x4', groups: [{ kind: BAG, members: 4, weight: 1 }] },
  { name: 'bag x3 + linear x1 (0.8/0.2)', groups: [{ kind: BAG, members: 3, weight: 0.8 }, { kind: LIN, members: 1, weight: 0.2 }] },
  { name: 'bag x2 + linear x2 (0.8/0.2)', groups: [{ kind: BAG, members: 2, weight: 0.8 }, { kind: LIN, members: 2, weight: 0.2 }] },
  { name: 'bag x3 + linear(token drop 0.3) x1 (0.8/0.2)', groups: [{ kind: BAG, members: 3, weight: 0.8 }, { kind: { ...LIN, tokenDrop: 0.3 }, members: 1, weight: 0.2 }] },
  { name: 'bag x2 + bag(recency 0.6) x2 (0.8/0.2)', groups: [{ kind: BAG, members: 2, weight: 0.8 }, { kind: { ...BAG, recency: 0.6 }, members: 2, weight: 0.2 }] },
];

/** Round 5 (docs/models.md, "Fifth round"): fixed before any k-fold score of this round. */
export const CANDIDATES_R5: Candidate[] = [
  CANDIDATES[0],
  { name: 'bag x4 + GloVe mean', groups: [{ kind: { ...BAG, vectors: 'mean' }, members: 4, weight: 1 }] },
  { name: 'bag x4 + GloVe mean+negated', groups: [{ kind: { ...BAG, vectors: 'mean+negated' }, members: 4, weight: 1 }] },
  { name: 'bag x4 + GloVe mean+max', groups: [{ kind: { ...BAG, vectors: 'mean+max' }, members: 4, weight: 1 }] },
];

/** Round 6 (docs/models.md, "Sixth round"): A and B, both with calibration and decision rule fitted on the k-fold. */
export const CANDIDATES_R6: Candidate[] = [CANDIDATES_R5[0], CANDIDATES_R5[1]];

/** Words of the GloVe table (frequency order) in round 5. */
export const VECTOR_WORDS = 100000;

const kindKey = (m: MemberKind) => `r${m.recency}${m.linear ? '-linear' : ''}${m.tokenDrop > 0 ? `-td${m.tokenDrop}` : ''}${m.vectors ? `-glove-${m.vectors}` : ''}`;

export interface KfoldOptions {
  data: string; k: number; seed: number; foldSeed: number;
  /** Member cache (undefined = retrain every member). */
  cacheDir?: string;
  /** Where the GloVe table is (fetched on first use) when a candidate needs it. */
  embeddings?: string;
}

/**
 * Trains (or reads from the cache) every member the candidates need, fold by fold, and returns per
 * candidate and fold the mixture's held-out log-probabilities (uncalibrated) with their labels.
 */
export function kfoldParts(candidates: readonly Candidate[], o: KfoldOptions): FoldPart[][] {
  const { data, k, seed, foldSeed, cacheDir } = o;
  // Word vectors only when a candidate needs them (the round-4 candidates run without the download).
  const glove: WordVectors | undefined = candidates.some((c) => c.groups.some((g) => g.kind.vectors))
    ? registerWordVectors(readGlove(ensureEmbeddings(o.embeddings ?? DEFAULT_EMBEDDINGS_DIR), VECTOR_WORDS)) : undefined;
  const featurizerOf = (kind: MemberKind): FeaturizerConfig => (kind.vectors && glove
    ? { ...DEFAULT_FEATURIZER, vectors: glove.config(`GloVe 6B 100-d (PDDL) via ${PACKAGE} (MIT), top ${VECTOR_WORDS} words`, kind.vectors) }
    : DEFAULT_FEATURIZER);
  const val = loadTweetEvalSplit(join(data, 'tweeteval', 'sentiment'), 'val', 'sentiment');
  const splits = loadSentimentSplits(data, { excludeTexts: val.texts });
  const folds = buildFolds(splits.train, splits.selection, { poolFiles: POOL_FILES, k, seed: foldSeed });
  const classes = SENTIMENT_LABELS.length;
  // Members needed: per kind, the largest count any candidate asks for (seeds 42, 1042, …).
  const need = new Map<string, { kind: MemberKind; members: number }>();
  for (const c of candidates) for (const g of c.groups) {
    const key = kindKey(g.kind);
    need.set(key, { kind: g.kind, members: Math.max(need.get(key)?.members ?? 0, g.members) });
  }
  const t0 = Date.now();
  // logits[fold][kind][member] on the held-out fold.
  const logits = folds.map((fd, f) => {
    console.error(`fold ${f + 1}/${k}: train ${fd.train.texts.length}, held out ${fd.heldOut.texts.length}`);
    return new Map([...need].map(([key, { kind, members }]) => [key, Array.from({ length: members }, (_, m) => {
      const s = memberSeed(seed, m);
      const featurizer = featurizerOf(kind);
      // Keys of round-4 members are unchanged (no vectors field), so their cache entries still hit.
      const settings = { task: 'sentiment-kfold', plan: SENTIMENT_SPLIT_PLAN, poolFiles: POOL_FILES, k, fold: f, foldSeed, rows: fd.train.texts.length, dim: 16, hidden: 64, seed: s, epochs: 1, ...kind, vectors: featurizer.vectors };
      const { result, cached } = cachedMember(cacheDir, settings, () => trainClassifier({
        labels: SENTIMENT_LABELS, train: fd.train, valid: fd.heldOut, seed: s, epochs: 1, patience: 1,
        learningRate: 0.003, dropout: 0.3, balance: 1, rowWeights: recencyWeights(fd.train.files, kind.recency),
        tokenDropout: kind.tokenDrop, linear: kind.linear, architecture: { dim: 16, hidden: 64 }, select: 'macroRecall', featurizer,
      }));
      console.error(`fold ${f + 1} ${key} member ${m + 1}: ${cached ? 'cached' : `trained (${((Date.now() - t0) / 60000).toFixed(1)} min so far)`}`);
      return memberLogits(result, fd.heldOut.texts, classes);
    })]));
  });
  return candidates.map((c) => folds.map((fd, f) => {
    const ls = c.groups.flatMap((g) => logits[f].get(kindKey(g.kind))!.slice(0, g.members));
    const ws = c.groups.flatMap((g) => Array.from({ length: g.members }, () => g.weight / g.members));
    return { z: mixLogProbs(ls, ws, classes), y: fd.heldOut.y };
  }));
}

/** The k-fold pool: 2016train + 2016dev (the report file's own collection). */
export const POOL_FILES = ['twitter-2016train-A.tsv', 'twitter-2016dev-A.tsv'];

function main(): void {
  const data = arg('data', join(ROOT, '..', 'shared', 'data'))!;
  const k = Number(arg('k', '3'));
  const seed = Number(arg('seed', '42'));
  const foldSeed = Number(arg('fold-seed', '19'));
  const resamples = Number(arg('resamples', '2000'));
  const cacheDir = process.argv.includes('--no-cache') ? undefined : arg('cache', join(ROOT, '.scratch', 'sentiment-kfold'));
  const only = arg('only')?.split(',').map(Number);
  const round = arg('round', '4');
  if (round === '7') { round7(data, k, seed, (arg('fold-seeds', '19,20')!).split(',').map(Number), cacheDir, arg('embeddings')); return; }
  const all = round === '6' ? CANDIDATES_R6 : round === '5' ? CANDIDATES_R5 : CANDIDATES;
  const candidates = only ? all.filter((_, i) => only.includes(i)) : all;
  const t0 = Date.now();
  const parts = kfoldParts(candidates, { data, k, seed, foldSeed, cacheDir, embeddings: arg('embeddings') });
  // Pooled held-out rows: fold by fold.
  const y = parts[0].flatMap((p) => [...p.y]);
  const foldRows = parts[0].map((p, f) => { const o = parts[0].slice(0, f).reduce((s, x) => s + x.y.length, 0); return p.y.map((_, i) => o + i); });
  // Rounds 4–5: calibration and decision rule cross-fitted within each held-out fold (half / half).
  const withinFold = (c: number): CrossFit => {
    const fp = parts[c].map((p, f) => crossFitted(p.z, p.y, SENTIMENT_LABELS, foldSeed + f));
    return { pred: fp.flatMap((p) => p.pred), logp: fp.flatMap((p) => p.logp) };
  };
  // Round 6: each fold calibrated and labelled by the fit on the other folds' pooled rows.
  const fits: CrossFit[] = candidates.map((_, c) => (round === '6' ? crossFittedByFold(parts[c], SENTIMENT_LABELS) : withinFold(c)));
  const oldFits = round === '6' ? candidates.map((_, c) => withinFold(c)) : undefined;
  // Round 6, information only (decides nothing this round): the same, with the decision bias −log π.
  const priorFits = round === '6' ? candidates.map((_, c) => crossFittedByFold(parts[c], SENTIMENT_LABELS, 'prior')) : undefined;
  // Paired bootstrap against the first candidate (the shipped configuration): reported, not the rule.
  const rand = mulberry32(12345);
  const wins = candidates.map(() => ({ recall: 0, nll: 0 }));
  for (let t = 0; t < resamples; t++) {
    const idx = Array.from({ length: y.length }, () => Math.floor(rand() * y.length));
    const sc = fits.map((r) => pooledScore(y, r, SENTIMENT_LABELS, idx));
    sc.forEach((s, i) => { if (s.macroRecall > sc[0].macroRecall) wins[i].recall++; if (s.nll < sc[0].nll) wins[i].nll++; });
  }
  const rows = candidates.map((c, i) => ({
    name: c.name,
    ...(oldFits ? { withinFoldHalves: pooledScore(y, oldFits[i], SENTIMENT_LABELS) } : {}),
    ...(priorFits ? { priorDecision: { ...pooledScore(y, priorFits[i], SENTIMENT_LABELS), perFold: foldRows.map((r) => pooledScore(y, priorFits[i], SENTIMENT_LABELS, r).macroRecall) } } : {}),
    // Round 6: the fit on all folds' pooled rows, the one the final model receives.
    ...(round === '6' ? { pooledFit: fitPooled(concatZ(parts[i]), y, SENTIMENT_LABELS) } : {}),
    pooled: pooledScore(y, fits[i], SENTIMENT_LABELS),
    perFold: foldRows.map((r) => pooledScore(y, fits[i], SENTIMENT_LABELS, r).macroRecall),
    bootstrapVsShipped: { recallWins: wins[i].recall / resamples, nllWins: wins[i].nll / resamples },
  }));
  const pct = (x: number) => (100 * x).toFixed(2);
  console.log(`k = ${k} folds over ${POOL_FILES.join(' + ')} (${y.length} held-out tweets), ${((Date.now() - t0) / 60000).toFixed(1)} min`);
  console.log('| candidate | pooled macro-recall | pooled log-loss | per fold | vs shipped: recall wins / log-loss wins |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.name} | ${pct(r.pooled.macroRecall)} | ${r.pooled.nll.toFixed(4)} | ${r.perFold.map(pct).join(' / ')} | ${pct(r.bootstrapVsShipped.recallWins)} % / ${pct(r.bootstrapVsShipped.nllWins)} % |`);
  }
  if (round === '6') {
    console.log('\nround 6 rule (fit on the other folds) vs rounds 4-5 (fit on half of the held-out fold), and the fit on all folds:');
    for (const r of rows) {
      console.log(`${r.name}: ${pct(r.pooled.macroRecall)} / ${r.pooled.nll.toFixed(4)} vs ${pct(r.withinFoldHalves!.macroRecall)} / ${r.withinFoldHalves!.nll.toFixed(4)}; fit ${JSON.stringify(r.pooledFit)}; decision bias −log π (information only): ${pct(r.priorDecision!.macroRecall)} (${r.priorDecision!.perFold.map(pct).join(' / ')})`);
    }
  }
  const out = { date: new Date().toISOString(), round, k, seed, foldSeed, poolFiles: POOL_FILES, heldOut: y.length, minutes: (Date.now() - t0) / 60000, rows };
  writeResult(round!, k, [foldSeed], out);
}

/**
 * Round 7 (docs/models.md, "Seventh round"): A and B, calibrated on the other folds' pooled rows and
 * labelled with −log π of those rows, on each fold cut; the rule (chooseByLogLoss) decides.
 */
function round7(data: string, k: number, seed: number, foldSeeds: number[], cacheDir: string | undefined, embeddings?: string): void {
  if (foldSeeds.length === 0 || foldSeeds.some((s) => !Number.isInteger(s))) throw new Error('--fold-seeds: comma-separated integers, e.g. 19,20');
  const t0 = Date.now();
  const cuts = foldSeeds.map((foldSeed) => {
    const parts = kfoldParts(CANDIDATES_R6, { data, k, seed, foldSeed, cacheDir, embeddings });
    const y = parts[0].flatMap((p) => [...p.y]);
    const foldRows = parts[0].map((p, f) => { const o = parts[0].slice(0, f).reduce((s, x) => s + x.y.length, 0); return p.y.map((_, i) => o + i); });
    return {
      foldSeed, heldOut: y.length,
      rows: CANDIDATES_R6.map((c, i) => {
        const fit = crossFittedByFold(parts[i], SENTIMENT_LABELS, 'prior');
        return { name: c.name, ...pooledScore(y, fit, SENTIMENT_LABELS), perFold: foldRows.map((r) => pooledScore(y, fit, SENTIMENT_LABELS, r).macroRecall), fitOnAllFolds: fitPooled(concatZ(parts[i]), y, SENTIMENT_LABELS, 'prior') };
      }),
    };
  });
  const choice = chooseByLogLoss(cuts.map((c) => c.rows[0]), cuts.map((c) => c.rows[1]));
  const pct = (x: number) => (100 * x).toFixed(2);
  console.log(`round 7: k = ${k} over ${POOL_FILES.join(' + ')}, fold cuts ${foldSeeds.join(', ')}; decision bias −log π; ${((Date.now() - t0) / 60000).toFixed(1)} min`);
  console.log(`| candidate | ${cuts.map((c) => `macro-recall cut ${c.foldSeed} (per fold)`).join(' | ')} | ${cuts.map((c) => `log-loss cut ${c.foldSeed}`).join(' | ')} | log-loss over the cuts |`);
  console.log(`|---|${cuts.map(() => '---|').join('')}${cuts.map(() => '---|').join('')}---|`);
  CANDIDATES_R6.forEach((c, i) => {
    const nll = cuts.reduce((s, x) => s + x.rows[i].nll, 0) / cuts.length;
    console.log(`| ${c.name} | ${cuts.map((x) => `${pct(x.rows[i].macroRecall)} (${x.rows[i].perFold.map(pct).join(' / ')})`).join(' | ')} | ${cuts.map((x) => x.rows[i].nll.toFixed(4)).join(' | ')} | ${nll.toFixed(4)} |`);
  });
  console.log(`rule: ${choice.chosen === 'candidate' ? CANDIDATES_R6[1].name : CANDIDATES_R6[0].name} is chosen: ${choice.reason}`);
  for (const c of cuts) console.log(`cut ${c.foldSeed}, fit on all folds (what the final model receives): ${c.rows.map((r) => `${r.name} ${JSON.stringify(r.fitOnAllFolds)}`).join('; ')}`);
  const out = { date: new Date().toISOString(), round: '7', k, seed, foldSeeds, poolFiles: POOL_FILES, minutes: (Date.now() - t0) / 60000, cuts, choice };
  writeResult('7', k, foldSeeds, out);
}

/**
 * One result file per round, k and fold cut(s) under bench/results, so that a run for another round or
 * cut does not overwrite the last one (each round's numbers are quoted in docs/models.md).
 */
export function kfoldResultFile(round: string, k: number, foldSeeds: readonly number[]): string {
  return `sentiment-kfold-round${round}-k${k}-cut${foldSeeds.join('-')}.json`;
}

function writeResult(round: string, k: number, foldSeeds: readonly number[], out: object): void {
  const file = join(ROOT, 'bench', 'results', kfoldResultFile(round, k, foldSeeds));
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(file, JSON.stringify(out, null, 2));
  console.log(`wrote ${file}`);
}

/** Fold parts' log-probabilities, concatenated in fold order. */
export function concatZ(parts: readonly FoldPart[]): Float64Array {
  const z = new Float64Array(parts.reduce((s, p) => s + p.z.length, 0));
  parts.reduce((o, p) => { z.set(p.z, o); return o + p.z.length; }, 0);
  return z;
}

if (require.main === module) main();
