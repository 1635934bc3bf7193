import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/ml/tf';

void test('tfjs runs on the native tensorflow backend', () => {
  assert.equal(tf.getBackend(), 'tensorflow');
  const y = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync());
  assert.deepEqual(Array.from(y), [11]);
});
