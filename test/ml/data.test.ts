import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { decodeText, parseCsv, loadEvalSet } from '../../src/ml/data';

void test('parseCsv handles quotes, doubled quotes, embedded newlines and CRLF', () => {
  const rows = parseCsv('a,b\r\n"x, y","he said ""hi""\nbye"\r\n1,\n');
  assert.deepEqual(rows, [['a', 'b'], ['x, y', 'he said "hi"\nbye'], ['1', '']]);
});

void test('decodeText falls back to Windows-1252 when the bytes are not UTF-8', () => {
  assert.equal(decodeText(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x71, 0x94])), 'café \u201cq\u201d');
  assert.equal(decodeText(Buffer.from('café 😀', 'utf8')), 'café 😀');
});

const DATA = join(__dirname, '..', '..', '..', 'shared', 'data');
const skip = existsSync(DATA) ? false : `../shared/data not found at ${DATA}; skipping real-data loader checks`;

void test('cross-domain loaders map labels as documented in each SOURCE.md', { skip }, () => {
  const count = (s: { y: number[] }, k: number) => s.y.filter((v) => v === k).length;
  const airline = loadEvalSet(join(DATA, 'airline-sentiment', 'Tweets.csv'), 'airline', 'sentiment');
  assert.deepEqual([count(airline, 0), count(airline, 1), count(airline, 2)], [9178, 3099, 2363]);
  const sanders = loadEvalSet(join(DATA, 'sanders-twitter', 'full-corpus.csv'), 'sanders', 'sentiment');
  assert.deepEqual([count(sanders, 0), count(sanders, 1), count(sanders, 2)], [572, 2333, 519]);
  const sxsw = loadEvalSet(join(DATA, 'sxsw-brand-emotion', 'judge-1377884607_tweet_product_company.csv'), 'sxsw', 'sentiment');
  assert.deepEqual([count(sxsw, 0), count(sxsw, 2)], [570, 2978]);
  assert.ok(count(sxsw, 1) >= 5388 && count(sxsw, 1) <= 5389);
  const val = loadEvalSet(join(DATA, 'tweeteval', 'sentiment'), 'tweeteval', 'sentiment', 'val');
  assert.equal(val.texts.length, 2000);
  const emo = loadEvalSet(join(DATA, 'tweeteval', 'emotion'), 'tweeteval', 'emotion');
  assert.deepEqual([count(emo, 0), count(emo, 1), count(emo, 2), count(emo, 3)], [558, 358, 123, 382]);
});
