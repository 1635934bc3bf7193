// The reply model's P(stop) as a second opinion: it can only add a stop, never take one away,
// never override a recognised harmless "stop", and never decides a reply shorter than
// MODEL_MIN_WORDS. The shipped model runs in plain JS exactly as TensorFlow does, catches opt-outs
// no rule names, leaves random text alone, and retrains byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readReply, MODEL_MIN_WORDS, STOP_PROBABILITY_THRESHOLD } from '../../src/domain/conversation';
import { loadReplyStop, DEFAULT_REPLY_MODEL_PATH } from '../../src/ml/reply-stop';
import { LoadedModel } from '../../src/ml/model';
import { readIncoming } from '../../src/outreach/routing';

const T = STOP_PROBABILITY_THRESHOLD;
const ROOT = join(__dirname, '..', '..');
const TWEETS = join(ROOT, '..', 'shared', 'data', 'tweeteval', 'sentiment', 'val_text.txt');

void test('the hint turns other, decline, help and yes into stop at the threshold, and nothing below it', () => {
  for (const text of ['I love your coffee', 'no thanks, not now', 'what is this about?', 'yes please tell me']) {
    const before = readReply(text).intent;
    assert.notEqual(before, 'stop');
    assert.equal(readReply(text, { stopProbability: T - 0.01 }).intent, before, text);
    const r = readReply(text, { stopProbability: T });
    assert.equal(r.intent, 'stop', text);
    assert.match(r.why, /^model:reply \(P\(stop\)=/);
  }
  // Never a stop taken away, never over a recognised harmless "stop", never on too few words.
  assert.equal(readReply('STOP', { stopProbability: 0 }).intent, 'stop');
  assert.notEqual(readReply("don't stop, I love it", { stopProbability: 0.99 }).intent, 'stop');
  assert.equal(MODEL_MIN_WORDS, 4);
  for (const text of ['refund please', 'wow', 'keine Ahnung', 'me conta mais']) assert.notEqual(readReply(text, { stopProbability: 0.99 }).intent, 'stop', text);
});

void test('the shipped model: plain JS equals TensorFlow, and it reads opt-outs no rule names', () => {
  const m = loadReplyStop();
  const texts = [
    'I want nothing more to do with your marketing', 'Your messages are unwelcome here', 'Consider this account closed to your outreach',
    'yes please, tell me more', 'what is this about?', 'can I talk to a person', 'I love your coffee', 'Hello, I have a question about my order', '',
  ];
  const js = m.pStop(texts);
  const tf = LoadedModel.fromDir(DEFAULT_REPLY_MODEL_PATH).predict(texts);
  texts.forEach((t, i) => assert.ok(Math.abs(js[i]! - (tf.empty[i] ? 0 : tf.probs[i * 5]!)) < 1e-5, t));
  for (let i = 0; i < 3; i++) {
    assert.notEqual(readReply(texts[i]!).intent, 'stop', `the rules alone miss "${texts[i]}"`);
    assert.equal(readReply(texts[i]!, { stopProbability: js[i] }).intent, 'stop', `P(stop) ${js[i]} for "${texts[i]}"`);
  }
  for (let i = 3; i < texts.length; i++) assert.ok(js[i]! < 0.2, `P(stop) ${js[i]} for "${texts[i]}"`);
});

void test('random text is not an opt-out: on 2,000 tweets it never trained on, the model adds no stop', { skip: !existsSync(TWEETS) && 'needs ../shared/data' }, () => {
  const tweets = readFileSync(TWEETS, 'utf8').split('\n').filter(Boolean).map((t) => t.replace(/@user/g, ' ').trim());
  const p = loadReplyStop().pStop(tweets);
  const added = tweets.filter((t, i) => readReply(t).intent !== 'stop' && readReply(t, { stopProbability: p[i] }).intent === 'stop');
  assert.ok(added.length <= 2, `the model made ${added.length} of ${tweets.length} tweets a stop: ${added.slice(0, 5).join(' | ')}`);
});

void test('the DM router reads with the shipped reply model by default, and by the rules alone with null', async () => {
  const dm = { id: '1', text: 'Consider this account closed to your outreach', senderId: 'p', createdAt: new Date().toISOString() };
  assert.equal((await readIncoming(dm, {})).intent, 'stop');
  assert.notEqual((await readIncoming(dm, { stopProbability: null })).intent, 'stop');
});

void test('retraining with the documented command reproduces the shipped reply model (byte for byte on the machine it was trained on, within float rounding elsewhere)', { skip: !existsSync(TWEETS) && 'needs ../shared/data' }, () => {
  const out = execFileSync('npx', ['--no-install', 'tsx', join('scripts', 'train-reply-model.ts'), '--compare', DEFAULT_REPLY_MODEL_PATH], {
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });
  assert.match(out, /reproduces .*: yes, (byte for byte|within float rounding)/);
});
