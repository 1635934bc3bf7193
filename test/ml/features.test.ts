import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenizeTweet, normalizeTweet, decodeLiteralEscapes, MAX_TEXT_CHARS } from '../../src/ml/text';
import { Featurizer, GROUPS, hashString } from '../../src/ml/features';

const words = (s: string) => tokenizeTweet(s).tokens.map((t) => (t.negated ? `NEG_${t.text}` : t.text));

void test('normalisation: mentions, URLs, elongation, escapes, case', () => {
  const n = normalizeTweet('@Bob LOOOVE it https://t.co/xyz www.example.com ok');
  assert.equal(n.text.replace(/\s+/g, ' '), '@user loove it ok');
  assert.equal(n.elongated, 1);
  assert.equal(n.allCaps, 1);
  assert.equal(decodeLiteralEscapes('it\\u2019s'), 'it\u2019s');
  assert.equal(normalizeTweet('ab '.repeat(MAX_TEXT_CHARS)).text.length, MAX_TEXT_CHARS);
});

void test('tokens: emoji, emoticons, hashtags and punctuation runs are kept', () => {
  const t = tokenizeTweet('Great day :) 😍😍 #blessed!!!').tokens;
  assert.deepEqual(t.map((x) => [x.text, x.kind]), [
    ['great', 'word'], ['day', 'word'], [':)', 'emoticon'], ['😍', 'emoji'], ['😍', 'emoji'],
    ['#blessed', 'hashtag'], ['!!', 'punct'],
  ]);
});

void test('negation marks the following words until punctuation', () => {
  assert.deepEqual(words("I don't like it. It is good"), ['i', "don't", 'NEG_like', 'NEG_it', '.', 'it', 'is', 'good']);
  assert.deepEqual(words('not bad at all really truly'), ['not', 'NEG_bad', 'NEG_at', 'NEG_all', 'NEG_really', 'truly']);
  assert.deepEqual(words('I want it'), ['i', 'want', 'it']);
});

void test('right-to-left and non-Latin words are tokenised', () => {
  assert.deepEqual(words('أنا سعيد جدا'), ['أنا', 'سعيد', 'جدا']);
});

void test('hashing is stable across runs (saved models depend on it)', () => {
  assert.equal(hashString('good'), hashString('good'));
  assert.notEqual(hashString('good'), hashString('bad'));
  assert.equal(hashString(''), 0x811c9dc5);
});

void test('featurize: segments per row and group, counts, empty text pools to nothing', () => {
  const f = new Featurizer({ version: 1, wordBuckets: 1000, charBuckets: 500, charMin: 3, charMax: 5, lexicon: true });
  const b = f.featurize(['good movie', '', 'bad']);
  assert.equal(b.size, 3);
  assert.equal(b.ids.length, b.segments.length);
  // "good movie": 2 unigrams + 1 bigram; "<good>" has 4+3+2 = 9 char 3..5-grams, "<movie>" 5+4+3 = 12.
  assert.equal(b.counts[0], 3);
  assert.equal(b.counts[1], 21);
  assert.equal(b.counts[2], 1); // empty row: count floor of 1, no ids
  assert.equal(b.counts[3], 1);
  assert.ok(!Array.from(b.segments).some((s) => s === 2 || s === 3));
  for (let i = 0; i < b.ids.length; i++) {
    const group = b.segments[i] % GROUPS;
    if (group === 0) assert.ok(b.ids[i] >= 0 && b.ids[i] < 1000);
    else assert.ok(b.ids[i] >= 1000 && b.ids[i] < 1500);
  }
  // Lexicon: "good" is positive, "bad" negative (features 0 = VADER positive, 1 = VADER negative).
  assert.ok(b.dense[0] > 0 && b.dense[1] === 0);
  assert.ok(b.dense[2 * b.denseSize + 1] > 0 && b.dense[2 * b.denseSize] === 0);
});

void test('negated positive word counts as negative lexicon mass', () => {
  const f = new Featurizer({ version: 1, wordBuckets: 1000, charBuckets: 500, charMin: 3, charMax: 5, lexicon: true });
  const b = f.featurize(['not good']);
  assert.equal(b.dense[0], 0);
  assert.ok(b.dense[1] > 0);
});

void test('featurize treats a non-string entry as empty text', () => {
  const f = new Featurizer({ version: 1, wordBuckets: 100, charBuckets: 100, charMin: 3, charMax: 5, lexicon: false });
  const b = f.featurize([undefined as unknown as string]);
  assert.equal(b.ids.length, 0);
});
