import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainClassifier, classWeights } from '../../src/ml/train';
import { trainTask } from '../../src/ml/pipeline';
import { writeDirAtomic } from '../../src/ml/store';
import { LoadedModel } from '../../src/ml/model';
import { SentimentModel } from '../../src/ml/index';
import { NEG, POS, TINY, syntheticSet } from './tiny';


const tmp = () => mkdtempSync(join(tmpdir(), 'chirpflow-ml-'));

void test('training is deterministic for a seed and learns the synthetic task', () => {
  const set = syntheticSet();
  const run = (seed: number) => trainClassifier({
    labels: set.labels, train: set, valid: set, seed, epochs: 8, batchSize: 8, learningRate: 0.02,
    patience: 8, architecture: { dim: 8, hidden: 8 }, featurizer: TINY,
  });
  const a = run(7);
  const b = run(7);
  const c = run(8);
  assert.deepEqual(Array.from(a.params.w2), Array.from(b.params.w2));
  assert.deepEqual(Array.from(a.params.emb), Array.from(b.params.emb));
  assert.notDeepEqual(Array.from(a.params.w2), Array.from(c.params.w2));
  assert.ok(a.valid.accuracy > 0.9, `accuracy on the training set was ${a.valid.accuracy}`);
});

void test('class weights are balanced and absent classes get weight 0', () => {
  const w = classWeights([0, 0, 0, 2], 3, 1);
  assert.equal(w[1], 0);
  assert.ok(Math.abs(w[2] / w[0] - 3) < 1e-12);
  assert.ok(Math.abs((w[0] + w[2]) / 2 - 1) < 1e-12);
});

void test('writeDirAtomic replaces a directory without leaving temp dirs, and keeps the old one on failure', () => {
  const root = tmp();
  try {
    const out = join(root, 'model');
    writeDirAtomic(out, { 'a.txt': 'one' });
    writeDirAtomic(out, { 'b.txt': 'two' });
    assert.deepEqual(readdirSync(out), ['b.txt']);
    assert.deepEqual(readdirSync(root), ['model']);
    // A file name that cannot be written makes the save fail before the swap.
    assert.throws(() => writeDirAtomic(out, { 'c.txt': 'x', 'no/such/dir.txt': 'y' }));
    assert.deepEqual(readdirSync(out), ['b.txt']);
    assert.deepEqual(readdirSync(root), ['model']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

void test('trainTask on a CSV writes a loadable, versioned model; retraining changes the version', () => {
  const root = tmp();
  try {
    const set = syntheticSet();
    const csv = 'text,label\n' + set.texts.map((t, i) => `"${t}",${set.labels[set.y[i]]}`).join('\n') + '\n';
    const data = join(root, 'data.csv');
    writeFileSync(data, csv);
    const out = join(root, 'm');
    const opts = {
      task: 'sentiment' as const, data, format: 'csv' as const, outDir: out, seed: 3, epochs: 3, validFraction: 0.25,
      hyper: { featurizer: TINY, architecture: { dim: 8, hidden: 8 }, batchSize: 8 },
    };
    const first = trainTask(opts);
    for (const f of ['model.json', 'weights.bin', 'metrics.json', 'MODEL_CARD.md']) assert.ok(existsSync(join(out, f)), f);
    const loaded = LoadedModel.fromDir(out);
    assert.equal(loaded.meta.version, first.meta.version);
    assert.deepEqual(loaded.meta.labels, ['negative', 'neutral', 'positive']);
    loaded.dispose();
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { version: string };
    assert.equal(metrics.version, first.meta.version);
    const second = trainTask(opts);
    assert.notEqual(second.meta.version, first.meta.version);
    assert.equal(second.meta.sha256, first.meta.sha256); // same seed, same weights
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

void test('a 2-class Sentiment140 file still answers the 3-class interface', () => {
  const root = tmp();
  try {
    const rows: string[] = [];
    for (let r = 0; r < 4; r++) {
      POS.forEach((t, i) => rows.push(`"4","${i}","Mon Apr 06 22:19:45 PDT 2009","NO_QUERY","u${i}","${t} ${r}"`));
      NEG.forEach((t, i) => rows.push(`"0","${i}","Mon Apr 06 22:19:45 PDT 2009","NO_QUERY","u${i}","${t} ${r}"`));
    }
    const data = join(root, 's140.csv');
    writeFileSync(data, rows.join('\r\n'));
    const out = join(root, 'm');
    trainTask({ task: 'sentiment', data, format: 'sentiment140', outDir: out, seed: 1, epochs: 6, hyper: { featurizer: TINY, architecture: { dim: 8, hidden: 8 }, batchSize: 8, learningRate: 0.02 } });
    const model = new SentimentModel(LoadedModel.fromDir(out));
    assert.deepEqual(model.model.meta.labels, ['negative', 'positive']);
    const [r] = model.predict(['love it 0']);
    const sum = r.probs.negative + r.probs.neutral + r.probs.positive;
    assert.ok(Math.abs(sum - 1) < 1e-3, `probs sum to ${sum}`);
    assert.ok(Math.abs(r.subjectivity - (1 - r.probs.neutral)) < 1e-3);
    assert.ok(r.score >= 0 && r.score <= 1);
    model.model.dispose();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
