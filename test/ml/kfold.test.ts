// K-fold selection (src/ml/kfold.ts): folds must be disjoint, cover the pool exactly once, keep the
// report split and non-pool files out of every held-out set, and score each held-out row with a
// calibration fitted without it; otherwise the k-fold estimate would flatter a configuration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyCalibration, decide, fitCalibration, fitDecisionBias } from '../../src/ml/calibration';
import { buildFolds, chooseAlpha, chooseByLogLoss, passesGate, crossFitted, crossFittedByFold, fitPooled, pooledScore, priorDecisionBias, recencyWeights, stratifiedFolds } from '../../src/ml/kfold';
import { mulberry32 } from '../../src/ml/rng';
import type { RoleSplit } from '../../src/ml/splits';

const LABELS = ['negative', 'neutral', 'positive'];

function split(file: string, n: number, offset: number): RoleSplit {
  const y = Array.from({ length: n }, (_, i) => (i * 7 + offset) % 3);
  return { texts: y.map((_, i) => `${file} tweet ${i}`), y, labels: LABELS, ids: y.map((_, i) => `${file}-${i}`), files: y.map(() => file) };
}

void test('stratified folds: every row once, each label spread evenly, deterministic for a seed', () => {
  const y = Array.from({ length: 101 }, (_, i) => (i % 5 === 0 ? 0 : i % 2 ? 1 : 2));
  const f = stratifiedFolds(y, 3, 7);
  assert.deepEqual(f, stratifiedFolds(y, 3, 7));
  assert.notDeepEqual(f, stratifiedFolds(y, 3, 8));
  for (const c of [0, 1, 2]) {
    const per = [0, 1, 2].map((k) => y.filter((l, i) => l === c && f[i] === k).length);
    assert.ok(Math.max(...per) - Math.min(...per) <= 1, `label ${c}: ${per.join('/')}`);
  }
  assert.ok(f.every((k) => k >= 0 && k < 3));
  assert.throws(() => stratifiedFolds(y, 1, 7), /k must be an integer >= 2/);
});

void test('folds hold out only pool rows, each exactly once, and never train on their held-out rows', () => {
  const a = split('twitter-2013train-A.tsv', 40, 0);
  const b = split('twitter-2016train-A.tsv', 30, 1);
  const train: RoleSplit = { texts: [...a.texts, ...b.texts], y: [...a.y, ...b.y], labels: LABELS, ids: [...a.ids, ...b.ids], files: [...a.files, ...b.files] };
  const selection = split('twitter-2016dev-A.tsv', 20, 2);
  const folds = buildFolds(train, selection, { poolFiles: ['twitter-2016train-A.tsv', 'twitter-2016dev-A.tsv'], k: 3, seed: 19 });
  assert.equal(folds.length, 3);
  const heldIds = folds.flatMap((f) => f.heldOut.ids);
  assert.equal(heldIds.length, 50);
  assert.equal(new Set(heldIds).size, 50);
  assert.ok(heldIds.every((id) => !id.startsWith('twitter-2013')));
  for (const f of folds) {
    const trainIds = new Set(f.train.ids);
    assert.ok(f.heldOut.ids.every((id) => !trainIds.has(id)));
    assert.equal(f.train.ids.length + f.heldOut.ids.length, 90, 'every other row trains');
    // Rows keep their file, so recency weights follow them into the fold's training set.
    assert.deepEqual(recencyWeights(f.train.files, 0.5).filter((w) => w < 1).length, 40);
  }
  assert.throws(() => buildFolds(train, selection, { poolFiles: ['twitter-2016devtest-A.tsv'], k: 3, seed: 19 }), /no rows of/);
});

void test('cross-fitted scores: each half is labelled by the calibration and decision rule fitted on the other half', () => {
  const rand = mulberry32(3);
  const n = 300; const k = 3;
  const y = Array.from({ length: n }, () => Math.floor(rand() * k));
  // Noisy, miscalibrated log-probabilities that lean towards the true class.
  const z = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < k; c++) { z[i * k + c] = 3 * (rand() - 0.5) + (c === y[i] ? 1.2 : 0) + (c === 1 ? 0.8 : 0); s += Math.exp(z[i * k + c]); }
    for (let c = 0; c < k; c++) z[i * k + c] -= Math.log(s);
  }
  const r = crossFitted(z, y, LABELS, 5);
  const half = stratifiedFolds(y, 2, 5);
  for (const h of [0, 1]) {
    const fit = y.flatMap((_, i) => (half[i] === h ? [] : [i]));
    const rows = (ix: number[]) => { const o = new Float64Array(ix.length * k); ix.forEach((r2, j) => o.set(z.subarray(r2 * k, r2 * k + k), j * k)); return o; };
    const cal = fitCalibration(rows(fit), fit.map((i) => y[i]), k);
    const bias = fitDecisionBias(applyCalibration(rows(fit), k, cal), fit.map((i) => y[i]), LABELS, 'macroRecall');
    const use = y.flatMap((_, i) => (half[i] === h ? [i] : []));
    const p = applyCalibration(rows(use), k, cal);
    use.forEach((row, j) => {
      assert.equal(r.pred[row], decide(p, j, k, bias));
      assert.ok(Math.abs(r.logp[row] - Math.log(p[j * k + y[row]])) < 1e-5);
    });
  }
  const s = pooledScore(y, r, LABELS);
  assert.equal(s.n, n);
  assert.ok(s.macroRecall > 0.4 && s.nll < Math.log(3), `informative logits score above chance: ${s.macroRecall} / ${s.nll}`);
});

/** Noisy, miscalibrated log-probabilities leaning towards the true class (and towards class 1). */
function leaning(n: number, seed: number, lean = 1.2): { z: Float64Array; y: number[] } {
  const rand = mulberry32(seed); const k = 3;
  const y = Array.from({ length: n }, () => Math.floor(rand() * k));
  const z = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < k; c++) { z[i * k + c] = 3 * (rand() - 0.5) + (c === y[i] ? lean : 0) + (c === 1 ? 0.8 : 0); s += Math.exp(z[i * k + c]); }
    for (let c = 0; c < k; c++) z[i * k + c] -= Math.log(s);
  }
  return { z, y };
}

void test('round 6: each fold is labelled by the calibration and decision rule fitted on the other folds only', () => {
  const k = 3;
  // Folds from different "models": the fit must come from the other folds, never the fold itself.
  const parts = [leaning(200, 1, 1.2), leaning(150, 2, 2), leaning(250, 3, 0.6)];
  const r = crossFittedByFold(parts, LABELS);
  assert.equal(r.pred.length, 600);
  let offset = 0;
  parts.forEach((part, f) => {
    const others = parts.filter((_, g) => g !== f);
    const z = new Float64Array([...others.flatMap((o) => [...o.z])]);
    const fit = fitPooled(z, others.flatMap((o) => o.y), LABELS);
    assert.equal(fit.rows, others.reduce((s, o) => s + o.y.length, 0));
    const p = applyCalibration(part.z, k, fit.calibration);
    part.y.forEach((t, i) => {
      assert.equal(r.pred[offset + i], decide(p, i, k, fit.decisionBias), `fold ${f} row ${i}`);
      assert.ok(Math.abs(r.logp[offset + i] - Math.log(p[i * k + t])) < 1e-5);
    });
    // A fit that saw the fold would differ: the fold's own data moves the calibration.
    const own = fitPooled(new Float64Array([...z, ...part.z]), [...others.flatMap((o) => o.y), ...part.y], LABELS);
    assert.notEqual(own.calibration.scale, fit.calibration.scale);
    offset += part.y.length;
  });
  assert.throws(() => crossFittedByFold([parts[0]], LABELS), /at least 2 folds/);
});

void test('fitPooled: temperature + class bias by log-loss, then the decision bias by macro-recall on the calibrated rows', () => {
  const { z, y } = leaning(400, 9);
  const fit = fitPooled(z, y, LABELS);
  const cal = fitCalibration(z, y, 3);
  assert.deepEqual(fit.calibration, cal);
  assert.deepEqual(fit.decisionBias, fitDecisionBias(applyCalibration(z, 3, cal), y, LABELS, 'macroRecall'));
  assert.equal(fit.rows, 400);
  assert.throws(() => fitPooled(z.subarray(3), y, LABELS), /fitPooled: 1197 log-probabilities for 400 rows/);
});

void test('priorDecisionBias: −log of the class frequencies, class 0 at 0; the prior mode of fitPooled uses it', () => {
  const y = [0, 1, 1, 2, 2, 2, 2, 1];
  assert.deepEqual(priorDecisionBias(y, 3), [0, Math.round(-Math.log(3) * 1e4) / 1e4, Math.round(-Math.log(4) * 1e4) / 1e4]);
  assert.throws(() => priorDecisionBias([0, 2, 2], 3), /every class needs at least one row/);
  const { z, y: yy } = leaning(300, 4);
  const fit = fitPooled(z, yy, LABELS, 'prior');
  assert.deepEqual(fit.decisionBias, priorDecisionBias(yy, 3));
  assert.deepEqual(fit.calibration, fitCalibration(z, yy, 3));
});

void test('chooseByLogLoss (round 7): lower mean log-loss over the cuts wins unless macro-recall drops by more than 0.3 on a cut; ties keep the shipped one', () => {
  const shipped = [{ nll: 0.7697, macroRecall: 0.6107 }, { nll: 0.7693, macroRecall: 0.6105 }];
  const better = chooseByLogLoss(shipped, [{ nll: 0.7660, macroRecall: 0.6122 }, { nll: 0.7649, macroRecall: 0.6095 }]);
  assert.equal(better.chosen, 'candidate');
  assert.ok(Math.abs(better.nll.candidate - 0.76545) < 1e-9);
  // 0.31 points below on the second cut: refused although the log-loss is lower.
  const drop = chooseByLogLoss(shipped, [{ nll: 0.7600, macroRecall: 0.6200 }, { nll: 0.7600, macroRecall: 0.6074 }]);
  assert.equal(drop.chosen, 'shipped');
  assert.match(drop.reason, /0\.31 points below/);
  // Exactly 0.3 below is allowed.
  assert.equal(chooseByLogLoss(shipped, [{ nll: 0.7600, macroRecall: 0.6107 }, { nll: 0.7600, macroRecall: 0.6075 }]).chosen, 'candidate');
  // Equal at 4 decimals (0.76950 vs 0.76950): the shipped configuration stays, whatever the recall.
  assert.equal(chooseByLogLoss(shipped, [{ nll: 0.76971, macroRecall: 0.65 }, { nll: 0.76929, macroRecall: 0.65 }]).chosen, 'shipped');
  assert.throws(() => chooseByLogLoss(shipped, shipped.slice(1)), /same, non-zero number of fold cuts/);
});

void test('chooseAlpha (round 9): the lowest log-loss averaged over the cuts; a tie at 4 decimals goes to the smaller α', () => {
  const run = (alpha: number, a: number, b: number) => ({ alpha, cuts: [{ nll: a, macroRecall: 0.6 }, { nll: b, macroRecall: 0.6 }] });
  assert.deepEqual(chooseAlpha([run(0.5, 0.7613, 0.7596), run(0.7, 0.7600, 0.7590), run(0.9, 0.7620, 0.7580)]).alpha, 0.7);
  // Means 0.76001 and 0.76004: equal at 4 decimals, so the smaller α wins although its raw mean is higher.
  assert.equal(chooseAlpha([run(0.9, 0.7600, 0.76002), run(0.5, 0.7600, 0.76008)]).alpha, 0.5);
  assert.throws(() => chooseAlpha([]), /at least one/);
});

void test('passesGate (round 9): ≥ 0.80 point over the shipped macro-recall AND log-loss below the reference, on every cut', () => {
  const shipped = [{ nll: 0.7697, macroRecall: 0.6107 }, { nll: 0.7693, macroRecall: 0.6105 }];
  const ref = [0.7613, 0.7596];
  // Exactly +0.80 on both cuts (at 2 decimals of a point) with a lower log-loss: passes.
  assert.equal(passesGate([{ nll: 0.7600, macroRecall: 0.61870 }, { nll: 0.7590, macroRecall: 0.61850 }], shipped, ref).pass, true);
  // +0.79 on the second cut: fails, and says which cut.
  const short = passesGate([{ nll: 0.7600, macroRecall: 0.6300 }, { nll: 0.7590, macroRecall: 0.6184 }], shipped, ref);
  assert.equal(short.pass, false);
  assert.match(short.reason, /cut 2: macro-recall gain 0\.79/);
  // Round 8's S_B itself (+0.15 / +0.17, log-loss equal to the reference): fails on both counts.
  assert.equal(passesGate([{ nll: 0.7613, macroRecall: 0.6122 }, { nll: 0.7596, macroRecall: 0.6122 }], shipped, ref).pass, false);
  // A large recall gain with a log-loss equal to the reference at 4 decimals: fails.
  const flat = passesGate([{ nll: 0.76126, macroRecall: 0.64 }, { nll: 0.7590, macroRecall: 0.64 }], shipped, ref);
  assert.equal(flat.pass, false);
  assert.match(flat.reason, /cut 1: log-loss 0\.7613 not below 0\.7613/);
  assert.throws(() => passesGate(shipped, shipped, [0.7]), /same, non-zero number/);
});
