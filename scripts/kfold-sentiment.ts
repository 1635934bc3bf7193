// K-fold comparison of sentiment configurations (issue #19, fourth round; docs/models.md, "Fourth
// round"). The pool (2016train + 2016dev) is cut into k stratified folds; for each fold every member
// any candidate needs is trained once on all other train-role and selection-role rows (recency
// weighting as shipped) for exactly one epoch: early-stopped on 2016dev, every member of every kind
// used here peaked after epoch 1 (experiments.jsonl). Each candidate (a weighted mixture of member
// groups) is scored on the held-out fold from the members' logits, with calibration and decision rule cross-fitted within the
// fold; scores are pooled over folds. Never reads the report split (2016devtest) or uses TweetEval val
// (its tweets are removed from every role, as in training).
//   npx tsx scripts/kfold-sentiment.ts [--data ../shared/data] [--k 3] [--seed 42] [--fold-seed 19] [--resamples 2000]
//     [--cache .scratch/sentiment-kfold | --no-cache] [--only <candidate,...>] [--round 4|5|6|7|8|9] [--fold-seeds 19,20]
// --round 5 (default 4): the fifth round's candidates, with pre-trained word vectors (vectors.ts;
// GloVe fetched on first use by scripts/fetch-embeddings.ts). --round 6: the shipped configuration and
// GloVe mean with calibration and decision rule fitted on the other folds' pooled rows (kfold.ts,
// crossFittedByFold), and the fit on all folds that the final model receives. --round 7: the same two
// candidates with the decision bias −log π, on every cut of --fold-seeds (default 19,20), chosen by
// log-loss over the cuts (kfold.ts, chooseByLogLoss; docs/models.md, "Seventh round").
// --round 8: students of the MiniLM read-out teacher (α 0.5). --round 9: the teacher's λ grid extended
// (T1) and T2 = T1 mixed with B's own cross-fitted member; students at α 0.5/0.7/0.9; α chosen on
// log-loss over the cuts, then the gate for a report look (kfold.ts, chooseAlpha and passesGate;
// docs/models.md, "Ninth round"). --only 0,1,2,3,4 runs A, B and the T1 students; 0,1,5,6,7 the T2 ones.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTweetEvalSplit, SENTIMENT_LABELS } from '../src/ml/data';
import { buildFolds, chooseAlpha, chooseByLogLoss, crossFitted, crossFittedByFold, fitPooled, passesGate, pooledScore, priorDecisionBias, recencyWeights, stratifiedFolds, type CrossFit, type CutScore, type FoldPart } from '../src/ml/kfold';
import { applyCalibration, decide, fitCalibration, type Calibration } from '../src/ml/calibration';
import { computeMetrics } from '../src/ml/metrics';
import { chooseMixWeight, embeddingsOf, fitTeacher, mixTeachers, MIX_WEIGHTS, teacherLogProbs, teacherOutOfFold, TEACHER_INNER_K, TEACHER_INNER_SEED, TEACHER_LAMBDAS, TEACHER_LAMBDAS_R9 } from '../src/ml/teacher';
import { embedTexts, TEACHER_DIM, TEACHER_NAME } from './fetch-teacher';
import { cachedMember } from '../src/ml/member-cache';
import { memberLogits, mixLogProbs } from '../src/ml/mixture';
import { memberSeed } from '../src/ml/pipeline';
import { mulberry32 } from '../src/ml/rng';
import { loadSentimentSplits, SENTIMENT_SPLIT_PLAN, type RoleSplit } from '../src/ml/splits';
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
  /** Round 8: a student, trained with this weight α on the teacher's out-of-fold probabilities; absent = none. */
  distill?: number;
  /** Round 9: the student's teacher is T2 (T1 mixed with B's own cross-fitted members); absent = T1. */
  teacherMix?: boolean;
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

/** Round 9 (docs/models.md, "Ninth round"): α grid of the students, and their candidates (A, B, S_B(T1, α), S_B(T2, α)). */
export const ALPHAS_R9 = [0.5, 0.7, 0.9];
/** Round 8's S_B log-loss on cuts 19 and 20: the gate's log-loss reference (rule, step 4). */
export const R8_SB_LOGLOSS = [0.7613, 0.7596];
const SB = (alpha: number, mix: boolean): Candidate => ({
  name: `S_B(${mix ? 'T2' : 'T1'}, α ${alpha})`,
  groups: [{ kind: { ...BAG, vectors: 'mean', distill: alpha, ...(mix ? { teacherMix: true } : {}) }, members: 4, weight: 1 }],
});

/** Round 8 (docs/models.md, "Eighth round"): students of B and of the shipped configuration, α = 0.5. */
export const DISTILL_ALPHA = 0.5;
export const CANDIDATES_R8: Candidate[] = [
  CANDIDATES_R5[0],
  CANDIDATES_R5[1],
  { name: 'S_B: bag x4 + GloVe mean, student', groups: [{ kind: { ...BAG, vectors: 'mean', distill: DISTILL_ALPHA }, members: 4, weight: 1 }] },
  { name: 'S_A: bag x4, student', groups: [{ kind: { ...BAG, distill: DISTILL_ALPHA }, members: 4, weight: 1 }] },
];

const kindKey = (m: MemberKind) => `r${m.recency}${m.linear ? '-linear' : ''}${m.tokenDrop > 0 ? `-td${m.tokenDrop}` : ''}${m.vectors ? `-glove-${m.vectors}` : ''}${m.distill ? `-distill${m.distill}` : ''}${m.teacherMix ? '-T2' : ''}`;

export interface KfoldOptions {
  data: string; k: number; seed: number; foldSeed: number;
  /** Member cache (undefined = retrain every member). */
  cacheDir?: string;
  /** Where the GloVe table is (fetched on first use) when a candidate needs it. */
  embeddings?: string;
  /** Round 8: the teacher, when a candidate is a student. */
  teacher?: TeacherContext;
  /** Round 9: where T2's mix weight and B-teacher calibration of each fold are recorded. */
  mixLog?: MixRecord[];
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
  if ([...need.values()].some((n) => n.kind.distill) && !o.teacher) throw new Error('a student candidate needs the teacher (KfoldOptions.teacher)');
  // logits[fold][kind][member] on the held-out fold.
  const logits = folds.map((fd, f) => {
    console.error(`fold ${f + 1}/${k}: train ${fd.train.texts.length}, held out ${fd.heldOut.texts.length}`);
    // Round 8: the teacher's out-of-fold probabilities of this fold's training rows (never its held-out rows).
    let soft: Float32Array | undefined;
    let softMix: Float32Array | undefined;
    const softTargets = (kind: MemberKind) => (kind.teacherMix
      ? (softMix ??= mixedTargets(o.teacher!, fd.train, { cacheDir, featurizer: featurizerOf({ ...BAG, vectors: 'mean' }), key: { task: 'sentiment-kfold-teacherB', k, fold: f, foldSeed }, log: o.mixLog }))
      : (soft ??= studentTargets(o.teacher!, fd.train)));
    return new Map([...need].map(([key, { kind, members }]) => [key, Array.from({ length: members }, (_, m) => {
      const s = memberSeed(seed, m);
      const featurizer = featurizerOf(kind);
      // Keys of round-4 members are unchanged (no vectors field), so their cache entries still hit.
      const settings = { task: 'sentiment-kfold', plan: SENTIMENT_SPLIT_PLAN, poolFiles: POOL_FILES, k, fold: f, foldSeed, rows: fd.train.texts.length, dim: 16, hidden: 64, seed: s, epochs: 1, ...kind, vectors: featurizer.vectors, ...(kind.distill ? { teacher: kind.teacherMix ? { ...o.teacher!.key, mix: MIX_KEY } : o.teacher!.key } : {}) };
      const { result, cached } = cachedMember(cacheDir, settings, () => trainClassifier({
        labels: SENTIMENT_LABELS, train: fd.train, valid: fd.heldOut, seed: s, epochs: 1, patience: 1,
        learningRate: 0.003, dropout: 0.3, balance: 1, rowWeights: recencyWeights(fd.train.files, kind.recency),
        tokenDropout: kind.tokenDrop, linear: kind.linear, architecture: { dim: 16, hidden: 64 }, select: 'macroRecall', featurizer,
        ...(kind.distill ? { distill: kind.distill, softTargets: softTargets(kind) } : {}),
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
  if (round === '9' && process.argv.includes('--teacher-side')) { round9TeacherSide(data, k, (arg('fold-seeds', '19,20')!).split(',').map(Number), cacheDir, arg('embeddings')); return; }
  if (round === '9') { round9(data, k, seed, (arg('fold-seeds', '19,20')!).split(',').map(Number), cacheDir, arg('embeddings'), only); return; }
  if (round === '8') { round8(data, k, seed, (arg('fold-seeds', '19,20')!).split(',').map(Number), cacheDir, arg('embeddings'), only); return; }
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

/** One fold cut scored as in rounds 7-9: each candidate's parts cross-fitted by fold (calibration and −log π from the other folds), pooled and per fold. */
function scoreCut(parts: FoldPart[][], names: readonly string[], foldSeed: number) {
  const y = parts[0]!.flatMap((p) => [...p.y]);
  const foldRows = parts[0]!.map((p, f) => { const o = parts[0]!.slice(0, f).reduce((s, x) => s + x.y.length, 0); return p.y.map((_, i) => o + i); });
  return {
    foldSeed, heldOut: y.length,
    rows: parts.map((pp, i) => {
      const fit = crossFittedByFold(pp, SENTIMENT_LABELS, 'prior');
      return { name: names[i]!, ...pooledScore(y, fit, SENTIMENT_LABELS), perFold: foldRows.map((r) => pooledScore(y, fit, SENTIMENT_LABELS, r).macroRecall), fitOnAllFolds: fitPooled(concatZ(pp), y, SENTIMENT_LABELS, 'prior') };
    }),
  };
}

/** The markdown table of rounds 7-9: macro-recall (per fold) and log-loss per cut, log-loss over the cuts. */
function printCutTable(cuts: ReturnType<typeof scoreCut>[], names: readonly string[]): void {
  const pct = (x: number) => (100 * x).toFixed(2);
  console.log(`| candidate | ${cuts.map((c) => `macro-recall cut ${c.foldSeed} (per fold)`).join(' | ')} | ${cuts.map((c) => `log-loss cut ${c.foldSeed}`).join(' | ')} | log-loss over the cuts |`);
  console.log(`|---|${cuts.map(() => '---|').join('')}${cuts.map(() => '---|').join('')}---|`);
  names.forEach((name, i) => {
    const nll = cuts.reduce((s, x) => s + x.rows[i]!.nll, 0) / cuts.length;
    console.log(`| ${name} | ${cuts.map((x) => `${pct(x.rows[i]!.macroRecall)} (${x.rows[i]!.perFold.map(pct).join(' / ')})`).join(' | ')} | ${cuts.map((x) => x.rows[i]!.nll.toFixed(4)).join(' | ')} | ${nll.toFixed(4)} |`);
  });
}

/**
 * Round 7 (docs/models.md, "Seventh round"): A and B, calibrated on the other folds' pooled rows and
 * labelled with −log π of those rows, on each fold cut; the rule (chooseByLogLoss) decides.
 */
function round7(data: string, k: number, seed: number, foldSeeds: number[], cacheDir: string | undefined, embeddings?: string): void {
  if (foldSeeds.length === 0 || foldSeeds.some((s) => !Number.isInteger(s))) throw new Error('--fold-seeds: comma-separated integers, e.g. 19,20');
  const t0 = Date.now();
  const names = CANDIDATES_R6.map((c) => c.name);
  const cuts = foldSeeds.map((foldSeed) => scoreCut(kfoldParts(CANDIDATES_R6, { data, k, seed, foldSeed, cacheDir, embeddings }), names, foldSeed));
  const choice = chooseByLogLoss(cuts.map((c) => c.rows[0]), cuts.map((c) => c.rows[1]));
  console.log(`round 7: k = ${k} over ${POOL_FILES.join(' + ')}, fold cuts ${foldSeeds.join(', ')}; decision bias −log π; ${((Date.now() - t0) / 60000).toFixed(1)} min`);
  printCutTable(cuts, names);
  console.log(`rule: ${choice.chosen === 'candidate' ? CANDIDATES_R6[1].name : CANDIDATES_R6[0].name} is chosen: ${choice.reason}`);
  for (const c of cuts) console.log(`cut ${c.foldSeed}, fit on all folds (what the final model receives): ${c.rows.map((r) => `${r.name} ${JSON.stringify(r.fitOnAllFolds)}`).join('; ')}`);
  const out = { date: new Date().toISOString(), round: '7', k, seed, foldSeeds, poolFiles: POOL_FILES, minutes: (Date.now() - t0) / 60000, cuts, choice };
  writeResult('7', k, foldSeeds, out);
}

/** The teacher of round 8: its embedding table (train + selection roles), λ chosen on 2016dev. */
export interface TeacherContext {
  index: Map<string, number>; table: Float32Array; lambda: number;
  /** Everything that changes the teacher's probabilities (part of a student member's cache key). */
  key: Record<string, unknown>;
  /** 2016dev log-loss and macro-recall (−log π of the train role) of each λ, trained on the train role. */
  selection: { lambda: number; nll: number; macroRecall: number }[];
}

/** Teacher recency weighting (the members'): the rule's step 1. */
const TEACHER_RECENCY = 0.3;

/**
 * Embeds the train and selection roles with the teacher (cached) and chooses λ on 2016dev log-loss
 * (a teacher trained on the full train role): the eighth round's rule, step 1.
 */
export function teacherContext(data: string, teacherDir?: string, lambdas: readonly number[] = TEACHER_LAMBDAS): TeacherContext {
  const val = loadTweetEvalSplit(join(data, 'tweeteval', 'sentiment'), 'val', 'sentiment');
  const splits = loadSentimentSplits(data, { excludeTexts: val.texts });
  const texts = [...splits.train.texts, ...splits.selection.texts];
  const table = embedTexts(texts, teacherDir);
  const index = new Map(texts.map((t, i) => [t, i]));
  const classes = SENTIMENT_LABELS.length;
  const xTrain = embeddingsOf(splits.train.texts, index, table, TEACHER_DIM);
  const xSel = embeddingsOf(splits.selection.texts, index, table, TEACHER_DIM);
  const w = recencyWeights(splits.train.files, TEACHER_RECENCY);
  const bias = priorDecisionBias(splits.train.y, classes);
  const selection = lambdas.map((lambda) => {
    const lp = teacherLogProbs(fitTeacher(xTrain, TEACHER_DIM, splits.train.y, w, classes, { lambda }), xSel);
    const y = splits.selection.y;
    const nll = -y.reduce((s, t, i) => s + lp[i * classes + t], 0) / y.length;
    const pred = y.map((_, i) => decide(Float64Array.from(lp.subarray(i * classes, (i + 1) * classes), Math.exp), 0, classes, bias));
    return { lambda, nll, macroRecall: computeMetrics(y, pred, SENTIMENT_LABELS).macroRecall };
  });
  const best = selection.reduce((a, b) => (b.nll < a.nll ? b : a));
  for (const s of selection) console.error(`teacher λ ${s.lambda}: 2016dev log-loss ${s.nll.toFixed(4)}, macro-recall (−log π) ${(100 * s.macroRecall).toFixed(2)}${s === best ? '  <- chosen' : ''}`);
  return {
    index, table, lambda: best.lambda, selection,
    key: { teacher: TEACHER_NAME, lambda: best.lambda, recency: TEACHER_RECENCY, innerK: TEACHER_INNER_K, innerSeed: TEACHER_INNER_SEED, steps: 300 },
  };
}

/** The teacher's out-of-fold probabilities of a training set's rows (the rule's step 2). */
export function studentTargets(t: TeacherContext, train: { texts: readonly string[]; y: readonly number[]; files: readonly string[] }): Float32Array {
  const x = embeddingsOf(train.texts, t.index, t.table, TEACHER_DIM);
  return teacherOutOfFold(x, TEACHER_DIM, train.y, recencyWeights(train.files, TEACHER_RECENCY), SENTIMENT_LABELS.length, { lambda: t.lambda });
}

/** Round 9: what T2's mix adds to the teacher key of a student (part of its cache key). */
export const MIX_KEY = { teacherB: 'bag + GloVe mean, 16x64, recency 0.3, 1 member (seed 42), 1 epoch, calibrated on its out-of-fold rows', weights: MIX_WEIGHTS, innerK: TEACHER_INNER_K, innerSeed: TEACHER_INNER_SEED };

/** Round 9: one training set's T2 choices (recorded in the result file). */
export interface MixRecord { key: Record<string, unknown>; rows: number; w: number; losses: number[]; calibration: Calibration }

/** Rows of a role split as a standalone set. */
function subset(s: RoleSplit, rows: readonly number[]): RoleSplit {
  return { texts: rows.map((i) => s.texts[i]), y: rows.map((i) => s.y[i]), labels: s.labels, ids: rows.map((i) => s.ids[i]), files: rows.map((i) => s.files[i]) };
}

/**
 * T_B (round 9, step 1): B's own member as a teacher, cross-fitted on T1's inner folds. Each inner fold's
 * rows are predicted by one B member (seed 42, one epoch) trained on the other inner folds (cached under
 * `key` + the inner fold); the out-of-fold log-probabilities are then calibrated (temperature + class
 * bias) on themselves, since B's members are trained class-balanced.
 */
export function bagTeacherOutOfFold(train: RoleSplit, o: { cacheDir?: string; featurizer: FeaturizerConfig; key: Record<string, unknown>; seed?: number }): { q: Float32Array; calibration: Calibration } {
  const classes = SENTIMENT_LABELS.length;
  const seed = o.seed ?? 42;
  const fold = stratifiedFolds(train.y, TEACHER_INNER_K, TEACHER_INNER_SEED);
  const z = new Float64Array(train.y.length * classes);
  for (let j = 0; j < TEACHER_INNER_K; j++) {
    const fitRows = train.y.flatMap((_, i) => (fold[i] === j ? [] : [i]));
    const useRows = train.y.flatMap((_, i) => (fold[i] === j ? [i] : []));
    const fitSet = subset(train, fitRows); const useSet = subset(train, useRows);
    const settings = { ...o.key, plan: SENTIMENT_SPLIT_PLAN, poolFiles: POOL_FILES, rows: fitRows.length, innerK: TEACHER_INNER_K, innerSeed: TEACHER_INNER_SEED, inner: j, dim: 16, hidden: 64, seed, epochs: 1, ...BAG, vectors: o.featurizer.vectors };
    const { result, cached } = cachedMember(o.cacheDir, settings, () => trainClassifier({
      labels: SENTIMENT_LABELS, train: fitSet, valid: useSet, seed, epochs: 1, patience: 1, learningRate: 0.003, dropout: 0.3, balance: 1,
      rowWeights: recencyWeights(fitSet.files, BAG.recency), tokenDropout: 0, linear: false, architecture: { dim: 16, hidden: 64 }, select: 'macroRecall', featurizer: o.featurizer,
    }));
    console.error(`  T_B inner fold ${j + 1}/${TEACHER_INNER_K}: ${cached ? 'cached' : 'trained'}`);
    const lp = mixLogProbs([memberLogits(result, useSet.texts, classes)], [1], classes);
    useRows.forEach((r, i) => z.set(lp.subarray(i * classes, (i + 1) * classes), r * classes));
  }
  const calibration = fitCalibration(z, train.y, classes);
  return { q: applyCalibration(z, classes, calibration), calibration };
}

/** T2's out-of-fold probabilities of a training set's rows: T1 and T_B mixed with w chosen on these rows. */
export function mixedTargets(t: TeacherContext, train: RoleSplit, o: { cacheDir?: string; featurizer: FeaturizerConfig; key: Record<string, unknown>; log?: MixRecord[] }): Float32Array {
  const classes = SENTIMENT_LABELS.length;
  const q1 = studentTargets(t, train);
  const { q: qb, calibration } = bagTeacherOutOfFold(train, o);
  const { w, losses } = chooseMixWeight(q1, qb, train.y, recencyWeights(train.files, TEACHER_RECENCY), classes);
  console.error(`  T2 mix weight of T1: ${w} (weighted log-loss per w ${MIX_WEIGHTS.map((x, i) => `${x}: ${losses[i].toFixed(4)}`).join(', ')})`);
  o.log?.push({ key: o.key, rows: train.y.length, w, losses, calibration });
  return mixTeachers(q1, qb, w, classes);
}

/** The teacher alone on the k-fold (information only): per fold trained on the fold's training rows. */
function teacherParts(t: TeacherContext, data: string, k: number, foldSeed: number): FoldPart[] {
  const val = loadTweetEvalSplit(join(data, 'tweeteval', 'sentiment'), 'val', 'sentiment');
  const splits = loadSentimentSplits(data, { excludeTexts: val.texts });
  const folds = buildFolds(splits.train, splits.selection, { poolFiles: POOL_FILES, k, seed: foldSeed });
  return folds.map((fd) => {
    const fit = fitTeacher(embeddingsOf(fd.train.texts, t.index, t.table, TEACHER_DIM), TEACHER_DIM, fd.train.y, recencyWeights(fd.train.files, TEACHER_RECENCY), SENTIMENT_LABELS.length, { lambda: t.lambda });
    return { z: teacherLogProbs(fit, embeddingsOf(fd.heldOut.texts, t.index, t.table, TEACHER_DIM)), y: fd.heldOut.y };
  });
}

/** Round 8's choice (docs/models.md, "Eighth round", step 5): is a student eligible against A and B? */
export function studentEligible(student: readonly CutScore[], refs: readonly (readonly CutScore[])[], maxRecallLoss = 0.003): { eligible: boolean; reason: string } {
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  for (let c = 0; c < student.length; c++) {
    for (const ref of refs) {
      if (!(r4(student[c].nll) < r4(ref[c].nll))) return { eligible: false, reason: `cut ${c + 1}: log-loss ${r4(student[c].nll)} not below ${r4(ref[c].nll)}` };
      if (r4(student[c].macroRecall - ref[c].macroRecall) < -maxRecallLoss) return { eligible: false, reason: `cut ${c + 1}: macro-recall ${(100 * student[c].macroRecall).toFixed(2)} more than ${(100 * maxRecallLoss).toFixed(2)} below ${(100 * ref[c].macroRecall).toFixed(2)}` };
    }
  }
  return { eligible: true, reason: 'log-loss below A and B and macro-recall within 0.30 on every cut' };
}

/**
 * Round 8 (docs/models.md, "Eighth round"): A, B and the students S_B, S_A (all, or --only 0,1,2),
 * plus the teacher alone, on each fold cut, scored as in round 7 (decision bias −log π).
 */
function round8(data: string, k: number, seed: number, foldSeeds: number[], cacheDir: string | undefined, embeddings?: string, only?: number[]): void {
  const t0 = Date.now();
  const teacher = teacherContext(data, arg('teacher-dir'));
  const candidates = only ? CANDIDATES_R8.filter((_, i) => only.includes(i)) : CANDIDATES_R8;
  const names = [...candidates.map((c) => c.name), 'teacher alone (information; cannot ship)'];
  const cuts = foldSeeds.map((foldSeed) => scoreCut([...kfoldParts(candidates, { data, k, seed, foldSeed, cacheDir, embeddings, teacher }), teacherParts(teacher, data, k, foldSeed)], names, foldSeed));
  console.log(`round 8: k = ${k} over ${POOL_FILES.join(' + ')}, fold cuts ${foldSeeds.join(', ')}; decision bias −log π; teacher λ ${teacher.lambda}; ${((Date.now() - t0) / 60000).toFixed(1)} min`);
  printCutTable(cuts, names);
  // The rule: students against A and B (the first two candidates).
  const scoresOf = (i: number) => cuts.map((c) => c.rows[i]);
  const ia = candidates.indexOf(CANDIDATES_R8[0]); const ib = candidates.indexOf(CANDIDATES_R8[1]);
  const verdicts = candidates.flatMap((c, i) => (c.groups.some((g) => g.kind.distill) && ia >= 0 && ib >= 0
    ? [{ name: c.name, nll: scoresOf(i).reduce((s, x) => s + x.nll, 0) / cuts.length, ...studentEligible(scoresOf(i), [scoresOf(ia), scoresOf(ib)]) }] : []));
  for (const v of verdicts) console.log(`rule: ${v.name}: ${v.eligible ? 'eligible' : 'not eligible'} (${v.reason})`);
  const chosen = verdicts.filter((v) => v.eligible).sort((a, b) => a.nll - b.nll)[0];
  console.log(chosen ? `chosen: ${chosen.name}` : 'chosen: none (the report split is not scored)');
  for (const c of cuts) console.log(`cut ${c.foldSeed}, fit on all folds: ${c.rows.map((r) => `${r.name} ${JSON.stringify(r.fitOnAllFolds)}`).join('; ')}`);
  const out = { date: new Date().toISOString(), round: '8', k, seed, foldSeeds, poolFiles: POOL_FILES, minutes: (Date.now() - t0) / 60000, teacher: { ...teacher.key, selection: teacher.selection }, cuts, verdicts, chosen: chosen?.name ?? null };
  writeResult(only ? `8-only${only.join('')}` : '8', k, foldSeeds, out);
}

/**
 * Round 9 (docs/models.md, "Ninth round"): A, B and the students of T1 and T2 at each α (all, or --only),
 * plus T1 alone, on each fold cut, scored as in rounds 7–8; α chosen per teacher on log-loss over the cuts,
 * then the gate (≥ 0.8 point macro-recall over A on every cut, log-loss below round 8's S_B).
 */
function round9(data: string, k: number, seed: number, foldSeeds: number[], cacheDir: string | undefined, embeddings?: string, only?: number[]): void {
  const t0 = Date.now();
  const teacher = teacherContext(data, arg('teacher-dir'), TEACHER_LAMBDAS_R9);
  const all = [CANDIDATES_R5[0], CANDIDATES_R5[1], ...ALPHAS_R9.map((a) => SB(a, false)), ...ALPHAS_R9.map((a) => SB(a, true))];
  const candidates = only ? all.filter((_, i) => only.includes(i)) : all;
  if (candidates[0] !== all[0]) throw new Error('--only must include 0 (A, the gate\'s reference)');
  const names = [...candidates.map((c) => c.name), 'T1 alone (information; cannot ship)'];
  const mixLog: MixRecord[] = [];
  const cuts = foldSeeds.map((foldSeed) => scoreCut([...kfoldParts(candidates, { data, k, seed, foldSeed, cacheDir, embeddings, teacher, mixLog }), teacherParts(teacher, data, k, foldSeed)], names, foldSeed));
  console.log(`round 9: k = ${k} over ${POOL_FILES.join(' + ')}, fold cuts ${foldSeeds.join(', ')}; decision bias −log π; T1 λ ${teacher.lambda}; ${((Date.now() - t0) / 60000).toFixed(1)} min`);
  printCutTable(cuts, names);
  const scoresOf = (i: number) => cuts.map((c) => c.rows[i]);
  // α per teacher, only when every α of that teacher ran (the rule's step 2); then the gate (step 4).
  const sameCuts = foldSeeds.join(',') === '19,20';
  const verdicts = [false, true].flatMap((mix) => {
    const idx = candidates.flatMap((c, i) => (c.groups[0].kind.distill && !!c.groups[0].kind.teacherMix === mix ? [i] : []));
    if (idx.length !== ALPHAS_R9.length) return [];
    const pick = chooseAlpha(idx.map((i) => ({ alpha: candidates[i].groups[0].kind.distill!, cuts: scoresOf(i) })));
    const i = idx.find((j) => candidates[j].groups[0].kind.distill === pick.alpha)!;
    const gate = sameCuts ? passesGate(scoresOf(i), scoresOf(0), R8_SB_LOGLOSS) : { pass: false, reason: 'the gate is defined on cuts 19 and 20 only' };
    return [{ teacher: mix ? 'T2' : 'T1', alpha: pick.alpha, name: candidates[i].name, nll: pick.nll, ...gate }];
  });
  for (const v of verdicts) console.log(`rule: ${v.teacher}: α ${v.alpha} chosen (log-loss over the cuts ${v.nll.toFixed(4)}); ${v.name} ${v.pass ? 'PASSES' : 'fails'} the gate: ${v.reason}`);
  const chosen = verdicts.filter((v) => v.pass).sort((a, b) => a.nll - b.nll)[0];
  console.log(chosen ? `chosen for the report look: ${chosen.name}` : 'chosen: none (the report split is not scored)');
  for (const m of mixLog) console.log(`T2 mix, ${JSON.stringify(m.key)}: w ${m.w} (losses ${m.losses.map((x) => x.toFixed(4)).join(' / ')}), T_B calibration scale ${m.calibration.scale.toFixed(3)}`);
  const out = { date: new Date().toISOString(), round: '9', k, seed, foldSeeds, poolFiles: POOL_FILES, minutes: (Date.now() - t0) / 60000, teacher: { ...teacher.key, selection: teacher.selection }, mixLog, cuts, verdicts, chosen: chosen?.name ?? null };
  writeResult(only ? `9-only${only.join('')}` : '9', k, foldSeeds, out);
}

/**
 * Round 9, information only (`--round 9 --teacher-side`): T2's teacher side without its students: per
 * outer fold of each cut, T_B's cross-fitted members (the cache entries the T2 students use), T_B's
 * calibration and T1's mix weight w with the training rows' log-loss of every w.
 */
function round9TeacherSide(data: string, k: number, foldSeeds: number[], cacheDir: string | undefined, embeddings?: string): void {
  const teacher = teacherContext(data, arg('teacher-dir'), TEACHER_LAMBDAS_R9);
  const glove = registerWordVectors(readGlove(ensureEmbeddings(embeddings ?? DEFAULT_EMBEDDINGS_DIR), VECTOR_WORDS));
  const featurizer: FeaturizerConfig = { ...DEFAULT_FEATURIZER, vectors: glove.config(`GloVe 6B 100-d (PDDL) via ${PACKAGE} (MIT), top ${VECTOR_WORDS} words`, 'mean') };
  const val = loadTweetEvalSplit(join(data, 'tweeteval', 'sentiment'), 'val', 'sentiment');
  const splits = loadSentimentSplits(data, { excludeTexts: val.texts });
  const log: MixRecord[] = [];
  for (const foldSeed of foldSeeds) {
    buildFolds(splits.train, splits.selection, { poolFiles: POOL_FILES, k, seed: foldSeed }).forEach((fd, f) => {
      mixedTargets(teacher, fd.train, { cacheDir, featurizer, key: { task: 'sentiment-kfold-teacherB', k, fold: f, foldSeed }, log });
    });
  }
  console.log(`round 9, T2's teacher side (T1 λ ${teacher.lambda}): training rows' recency-weighted log-loss per T1 weight w (${MIX_WEIGHTS.join(' / ')})`);
  for (const m of log) console.log(`cut ${String(m.key.foldSeed)} fold ${Number(m.key.fold) + 1}: w ${m.w}; ${m.losses.map((x) => x.toFixed(4)).join(' / ')}; T_B calibration scale ${m.calibration.scale.toFixed(3)}, bias ${m.calibration.bias.map((b) => b.toFixed(2)).join(' / ')}`);
  writeResult('9-teacher-side', k, foldSeeds, { date: new Date().toISOString(), round: '9', k, foldSeeds, teacher: { ...teacher.key, selection: teacher.selection }, mixKey: MIX_KEY, mixLog: log });
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
