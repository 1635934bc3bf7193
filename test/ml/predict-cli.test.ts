// The predict CLI contract: output line i always answers input line i, whatever the input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'chirpflow.js');

function run(args: string[], input: Buffer): { status: number | null; lines: string[]; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, cwd: ROOT, maxBuffer: 64 * 2 ** 20, timeout: 60_000 });
  const out = r.stdout.toString('utf8');
  return { status: r.status, lines: out === '' ? [] : out.replace(/\n$/, '').split('\n'), stderr: r.stderr.toString('utf8') };
}

const POSITIVE = 'I love this so much, best day ever! :)';
const NEGATIVE = 'I hate this, worst service ever, so angry and disappointed';

function hostileInput(): Buffer {
  return Buffer.concat([
    Buffer.from(`${POSITIVE}\n`),
    Buffer.from('\n'), // empty line
    Buffer.from(`${'blah '.repeat(2000)}\n`), // 10,000 characters
    Buffer.from([0xff, 0xfe, 0x41, 0x0a]), // invalid UTF-8
    Buffer.from('😍😍😍\n'), // emoji only
    Buffer.from('أنا سعيد جدا اليوم\n'), // right-to-left
    Buffer.from(`${NEGATIVE}\r\n`), // CRLF
    Buffer.from('\u202Eevil bidi override\u202C and a NUL \u0000 char\n'),
    Buffer.from(`${POSITIVE}`), // last line without newline
  ]);
}

const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'];
const EMOTION_LABELS = ['anger', 'joy', 'optimism', 'sadness'];
const haveModels = existsSync(join(ROOT, 'models', 'sentiment', 'model.json')) && existsSync(join(ROOT, 'models', 'emotion', 'model.json'));
const skip = haveModels ? false : 'shipped models missing under models/';

void test('sentiment predict: hostile lines stay aligned, one JSON object per line', { skip }, () => {
  const r = run(['sentiment', 'predict'], hostileInput());
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.lines.length, 9);
  const objs = r.lines.map((l) => JSON.parse(l) as { label?: string; score?: number; probs?: Record<string, number>; error?: string });
  assert.match(objs[3].error ?? '', /UTF-8/);
  objs.forEach((o, i) => {
    if (i === 3) return;
    assert.ok(SENTIMENT_LABELS.includes(o.label ?? ''), `line ${i + 1}: ${JSON.stringify(o)}`);
    const sum = Object.values(o.probs ?? {}).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-3, `line ${i + 1} probs sum ${sum}`);
    assert.equal(o.score, o.probs?.positive);
  });
  assert.equal(objs[0].label, 'positive');
  assert.equal(objs[6].label, 'negative');
  assert.equal(objs[8].label, 'positive');
});

void test('emotion predict: hostile lines stay aligned', { skip }, () => {
  const r = run(['emotion', 'predict'], hostileInput());
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.lines.length, 9);
  const objs = r.lines.map((l) => JSON.parse(l) as { label?: string; probs?: Record<string, number>; error?: string });
  assert.ok(objs[3].error);
  objs.forEach((o, i) => {
    if (i !== 3) assert.ok(EMOTION_LABELS.includes(o.label ?? ''), `line ${i + 1}: ${JSON.stringify(o)}`);
  });
  assert.equal(objs[6].label, 'anger');
});

void test('big input streams in batches without shifting lines', { skip }, () => {
  const n = 3001;
  const lines = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? POSITIVE : NEGATIVE));
  const r = run(['sentiment', 'predict'], Buffer.from(lines.join('\n') + '\n'));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.lines.length, n);
  r.lines.forEach((l, i) => assert.equal((JSON.parse(l) as { label: string }).label, i % 2 === 0 ? 'positive' : 'negative', `line ${i + 1}`));
});

void test('empty stdin gives empty stdout', { skip }, () => {
  const r = run(['sentiment', 'predict'], Buffer.alloc(0));
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.lines, []);
});

void test('a bad --model path is a one-line error naming the flag', () => {
  const r = run(['sentiment', 'predict', '--model', '/nonexistent/model'], Buffer.from('hi\n'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^chirpflow: --model: /);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});
