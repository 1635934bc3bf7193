// bench/models.ts --sentiment-dir: a candidate model can be measured (speed, cross-domain, selection split)
// without scoring the report split, which issue #19 scores once per candidate by a rule written first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBenchArgs } from '../../bench/models';

void test('bench:models options: the shipped models by default; a candidate dir skips the report split unless --report', () => {
  assert.deepEqual(parseBenchArgs([]), { writeCards: false, baselineRef: 'b75c27e', sentimentDir: undefined, scoreReport: true });
  assert.deepEqual(parseBenchArgs(['--write-cards', '--baseline-ref', 'abc1234']), { writeCards: true, baselineRef: 'abc1234', sentimentDir: undefined, scoreReport: true });
  assert.deepEqual(parseBenchArgs(['--sentiment-dir', '.scratch/r7-B']), { writeCards: false, baselineRef: 'b75c27e', sentimentDir: '.scratch/r7-B', scoreReport: false });
  assert.equal(parseBenchArgs(['--sentiment-dir', 'x', '--report']).scoreReport, true);
});

void test('bench:models options: refused with a message naming the flag', () => {
  assert.throws(() => parseBenchArgs(['--sentiment-dir']), /--sentiment-dir: a value is required/);
  assert.throws(() => parseBenchArgs(['--sentiment-dir', '--report']), /--sentiment-dir: a value is required/);
  assert.throws(() => parseBenchArgs(['--sentiment-dir', 'x', '--write-cards']), /--write-cards: the cards describe the shipped models/);
  assert.throws(() => parseBenchArgs(['--report']), /--report: only with --sentiment-dir/);
});
