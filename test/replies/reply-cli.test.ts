// `chirpflow reply classify` as a process: output line i answers input line i whatever the input,
// answers stream out before stdin closes, and the sentiment model is a second opinion only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'chirpflow.js');
const haveModel = existsSync(join(ROOT, 'models', 'sentiment', 'model.json'));

interface Reading { intent: string; lang: string | null; why: string; note?: string }

function run(args: string[], input: Buffer): { status: number | null; out: Reading[]; raw: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'reply', 'classify', ...args], { input, cwd: ROOT, maxBuffer: 64 * 2 ** 20, timeout: 120_000 });
  const raw = r.stdout.toString('utf8');
  const out = raw === '' ? [] : raw.replace(/\n$/, '').split('\n').map((l) => JSON.parse(l) as Reading);
  return { status: r.status, out, raw, stderr: r.stderr.toString('utf8') };
}

function hostileInput(): Buffer {
  return Buffer.concat([
    Buffer.from('STOP\n'),
    Buffer.from('\n'), // empty line
    Buffer.from(`${'blah '.repeat(4000)}stop\n`), // 20,000 characters, an opt-out at the very end
    Buffer.from([0x53, 0x54, 0x4f, 0x50, 0xff, 0x0a]), // "STOP" + an invalid UTF-8 byte
    Buffer.from('basta ya\r\n'), // CRLF
    Buffer.from('\u202Eevil bidi\u202C and a NUL \u0000 char\n'),
    Buffer.from('   \n'),
    Buffer.from('\uFEFFno thanks\n'), // a BOM that is not at the start of the input
    Buffer.from('oui bien sûr'), // last line without newline
  ]);
}

void test('reply classify: hostile lines stay aligned, one JSON object per line (rules only)', () => {
  const r = run(['--no-model'], hostileInput());
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.out.length, 9, r.raw);
  assert.deepEqual(r.out.map((o) => o.intent), ['stop', 'other', 'stop', 'stop', 'stop', 'other', 'other', 'decline', 'yes']);
  assert.deepEqual(r.out[1], { intent: 'other', lang: null, why: 'empty' });
  assert.deepEqual(r.out[6], { intent: 'other', lang: null, why: 'empty' });
  assert.equal(r.out[3]!.note, 'invalid UTF-8 replaced');
  assert.equal(r.out[4]!.lang, 'es');
  assert.equal(r.out[8]!.lang, 'fr');
  for (const o of r.out) assert.deepEqual(Object.keys(o).slice(0, 3), ['intent', 'lang', 'why']);
});

void test('reply classify: empty stdin gives empty stdout; a BOM at the start is ignored', () => {
  assert.deepEqual(run(['--no-model'], Buffer.alloc(0)).out, []);
  assert.equal(run(['--no-model'], Buffer.from('\uFEFFstop\n')).out[0]!.intent, 'stop');
});

void test('reply classify: many lines keep their order across batches', () => {
  const texts = ['stop', 'yes', 'no thanks', 'help', 'nice weather'];
  const want = ['stop', 'yes', 'decline', 'help', 'other'];
  const n = 2001;
  const r = run(['--no-model'], Buffer.from(Array.from({ length: n }, (_, i) => texts[i % 5]).join('\n') + '\n'));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.out.length, n);
  r.out.forEach((o, i) => assert.equal(o.intent, want[i % 5], `line ${i + 1}`));
});

void test('reply classify: answers stream out before stdin closes', async () => {
  const child = spawn(process.execPath, [BIN, 'reply', 'classify', '--no-model'], { cwd: ROOT });
  try {
    const first = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => { buf += d.toString('utf8'); if (buf.includes('\n')) resolve(buf); });
      child.on('error', reject);
      child.on('exit', () => reject(new Error(`exited before answering: ${buf}`)));
      child.stdin.write('leave me alone\n'); // stdin stays open
    });
    assert.equal((JSON.parse(first.split('\n')[0]!) as Reading).intent, 'stop');
  } finally {
    child.stdin.end();
    child.kill();
  }
});

void test('reply classify: the sentiment model turns a clearly negative `other` into decline, never overrides stop', { skip: haveModel ? false : 'models/sentiment missing' }, () => {
  const input = 'so disappointed with you people\nstop, I love you guys\nyes\ndon\'t stop\n';
  const withModel = run([], Buffer.from(input));
  assert.equal(withModel.status, 0, withModel.stderr);
  assert.equal(withModel.out[0]!.intent, 'decline');
  assert.match(withModel.out[0]!.why, /^model:sentiment/);
  assert.equal(withModel.out[1]!.intent, 'stop');
  assert.equal(withModel.out[2]!.intent, 'yes');
  assert.equal(withModel.out[3]!.intent, 'other'); // the model reads "don't stop" as negative; a recognised harmless stop is not overruled
  const rulesOnly = run(['--no-model'], Buffer.from(input));
  assert.equal(rulesOnly.out[0]!.intent, 'other');
});

void test('reply classify: a bad --model path is a one-line error naming the flag', () => {
  const r = run(['--model', '/nonexistent/model'], Buffer.from('hi\n'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^chirpflow: --model: /);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});
