// `chirpflow train` and `chirpflow eval` end to end on a tiny CSV (default featurizer, 1 epoch).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIntOption } from '../../src/ml/options';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'chirpflow.js');
const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
};

void test('train writes a model with a progress bar on stderr; eval prints metrics and confusion', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chirpflow-cli-'));
  try {
    const rows = ['text,label'];
    for (let i = 0; i < 20; i++) rows.push(`"I love it ${i}",positive`, `"I hate it ${i}",negative`, `"bus at ${i}",neutral`);
    const data = join(dir, 'd.csv');
    writeFileSync(data, rows.join('\n'));
    const out = join(dir, 'model');
    const t = cli(['train', 'sentiment', '--data', data, '--format', 'csv', '--out', out, '--epochs', '1', '--seed', '5']);
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stderr, /epoch 1\/1 \[#+\] 100%/);
    assert.match(t.stdout, /wrote .* \(version sentiment-/);
    const meta = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { version: string };
    const e = cli(['eval', 'sentiment', '--model', out, '--data', data, '--format', 'csv']);
    assert.equal(e.status, 0, e.stderr);
    assert.ok(e.stdout.includes(meta.version));
    assert.match(e.stdout, /macro-recall=\d+\.\d\d {2}macro-F1=\d+\.\d\d {2}accuracy=\d+\.\d\d/);
    assert.match(e.stdout, /confusion \(rows = true, columns = predicted\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('bad arguments fail with one line naming the flag, and write nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chirpflow-cli-'));
  try {
    const out = join(dir, 'model');
    const cases: [string[], RegExp][] = [
      [['train', 'sentiment', '--data', 'x.csv', '--format', 'parquet', '--out', out], /--format/],
      [['train', 'sentiment', '--data', join(dir, 'missing.csv'), '--format', 'csv', '--epochs', '2', '--out', out], /--data/],
      [['eval', 'emotion', '--data', 'x.csv', '--format', 'airline'], /--format/],
    ];
    for (const [args, re] of cases) {
      const r = cli(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr.split('\n')[0], re);
    }
    assert.equal(existsSync(out), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('numeric options are validated with the flag named', () => {
  assert.throws(() => parseIntOption('--epochs', 'many', 1, 10), /^UserError: --epochs: expected an integer/);
  assert.throws(() => parseIntOption('--seed', '-1', 0, 10), /--seed: must be between 0 and 10/);
  assert.equal(parseIntOption('--epochs', '3', 1, 10), 3);
  assert.equal(parseIntOption('--epochs', undefined, 1, 10), undefined);
});
