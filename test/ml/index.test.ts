// The stable inference interface used by the worker, on the shipped models.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModels, toSentimentResult } from '../../src/ml/index';

const ROOT = join(__dirname, '..', '..');
const skip = existsSync(join(ROOT, 'models', 'sentiment', 'model.json')) ? false : 'shipped models missing under models/';

void test('loadModels: versions, batched predictions, probability invariants', { skip }, async () => {
  const models = await loadModels();
  const meta = JSON.parse(readFileSync(join(ROOT, 'models', 'sentiment', 'model.json'), 'utf8')) as { version: string };
  assert.equal(models.sentimentVersion, meta.version);
  assert.match(models.emotionVersion, /^emotion-/);
  const texts = ['I love you all, what a great day!', 'This is the worst. I hate it.', '', 'The meeting is at 3pm on Tuesday'];
  const s = models.sentiment(texts);
  assert.equal(s.length, texts.length);
  for (const r of s) {
    const sum = r.probs.negative + r.probs.neutral + r.probs.positive;
    assert.ok(Math.abs(sum - 1) < 1e-3);
    assert.ok(Math.abs(r.subjectivity - (1 - r.probs.neutral)) < 1e-3);
    assert.equal(r.score, r.probs.positive);
  }
  assert.equal(s[0].label, 'positive');
  assert.equal(s[1].label, 'negative');
  assert.ok(s[0].score > s[1].score);
  assert.deepEqual(s[2], { label: 'neutral', score: 0, probs: { negative: 0, neutral: 1, positive: 0 }, subjectivity: 0 });
  assert.equal(models.sentiment(['   https://t.co/abc '])[0].label, 'neutral');
  const e = models.emotion(texts);
  assert.equal(e.length, texts.length);
  assert.equal(e[0].label, 'joy');
  assert.ok(Math.abs(Object.values(e[0].probs).reduce((a, b) => a + b, 0) - 1) < 1e-3);
  assert.deepEqual(models.sentiment([]), []);
  assert.equal(await loadModels(), models); // loaded once per process
});

void test('toSentimentResult picks the most probable label and derives subjectivity', () => {
  const r = toSentimentResult(['negative', 'neutral', 'positive'], [0.2, 0.5, 0.3], 0);
  assert.equal(r.label, 'neutral');
  assert.equal(r.subjectivity, 0.5);
  assert.equal(r.score, 0.3);
});

void test('a 2-class model maps weak evidence to neutral and strong evidence to its label', () => {
  const labels = ['negative', 'positive'];
  assert.equal(toSentimentResult(labels, [0.45, 0.55], 0).label, 'neutral');
  assert.equal(toSentimentResult(labels, [0.05, 0.95], 0).label, 'positive');
  assert.equal(toSentimentResult(labels, [0.95, 0.05], 0).label, 'negative');
});
