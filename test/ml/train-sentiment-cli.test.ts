// scripts/train-sentiment.ts --weights: fixed group weights (a configuration chosen by k-fold) are
// checked before any data is read or member trained, with a message naming the flag.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'train-sentiment.ts'), '--data', '/nonexistent', ...args], { cwd: ROOT, encoding: 'utf8' });

void test('--weights that do not match the groups or do not sum to 1 are refused before any work', () => {
  for (const w of ['0.5,0.6', '0.8', '1.2,-0.2', '0.8,x']) {
    const r = run('--group', 'members=1', '--group', 'linear=1', '--weights', w);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /--weights: 2 non-negative group weights summing to 1 expected/, `weights ${w}`);
  }
  // Valid weights get past the check and fail only at the (absent) data.
  const ok = run('--group', 'members=1', '--group', 'linear=1', '--weights', '0.8,0.2');
  assert.notEqual(ok.status, 0);
  assert.doesNotMatch(ok.stderr, /--weights/);
});

void test('--vector-pool other than mean, mean+negated or mean+max is refused before the vectors are fetched', () => {
  const r = run('--vectors', '1000', '--vector-pool', 'max', '--embeddings', '/nonexistent');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /--vector-pool: mean, mean\+negated or mean\+max, got "max"/);
});

void test('--calibrate-on: only selection or kfold, and kfold only for settings the k-fold members were trained with', () => {
  const bad = run('--calibrate-on', 'report');
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--calibrate-on: selection or kfold, got "report"/);
  const other = run('--calibrate-on', 'kfold', '--lr', '0.001', '--dim', '32');
  assert.notEqual(other.status, 0);
  assert.match(other.stderr, /--calibrate-on kfold: the k-fold's members are trained with other settings; needs --dim 16, --lr 0.003/);
  const ok = run('--calibrate-on', 'kfold', '--recency', '0.3', '--members', '4');
  assert.notEqual(ok.status, 0);
  assert.doesNotMatch(ok.stderr, /--calibrate-on/);
});

void test('--decision: fit or prior, and prior only with --calibrate-on kfold (refused before any work)', () => {
  const bad = run('--calibrate-on', 'kfold', '--recency', '0.3', '--decision', 'argmax');
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--decision: fit or prior, got "argmax"/);
  const sel = run('--decision', 'prior');
  assert.notEqual(sel.status, 0);
  assert.match(sel.stderr, /--decision prior: only with --calibrate-on kfold/);
  const ok = run('--calibrate-on', 'kfold', '--recency', '0.3', '--members', '4', '--decision', 'prior');
  assert.notEqual(ok.status, 0);
  assert.doesNotMatch(ok.stderr, /--decision|--calibrate-on/);
});
