// The workflow sandbox evaluates the reply reader's modules again for every conversation it creates
// or replays, so loading them must not compile the lexicons (that was ~25 ms of the worker's
// workflow thread per conversation, most of its CPU with 100,000 waiting conversations): they are
// built on the first reply read, with the same readings.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const PATTERNS = require.resolve('../../src/domain/conversation/reply/patterns');
const READER = require.resolve('../../src/domain/conversation/reply/index');

/** Calls of String.prototype.normalize (every lexicon entry is folded with it) while `fn` runs. */
function normalizeCalls(fn: () => void): number {
  const original = String.prototype.normalize;
  let calls = 0;
  String.prototype.normalize = function (this: string, form?: string) { calls++; return original.call(this, form); };
  try { fn(); } finally { String.prototype.normalize = original; }
  return calls;
}

test('loading the reply reader folds no lexicon entry; the first reading builds what it needs', () => {
  const reference = (require(READER) as typeof import('../../src/domain/conversation/reply/index')).readReplyText;
  const texts = ['STOP', 'no thanks', 'oui, avec plaisir !', 'ayuda por favor', 'nicht mehr schreiben', 'stoppp pls', 'leavemealone'];
  const expected = texts.map((t) => reference(t));
  // A fresh evaluation of the modules, as the sandbox does for each workflow.
  for (const id of Object.keys(require.cache)) if (id.includes('/src/domain/conversation/reply/')) delete require.cache[id];
  let fresh: typeof reference | undefined;
  const atLoad = normalizeCalls(() => { fresh = (require(READER) as { readReplyText: typeof reference }).readReplyText; require(PATTERNS); });
  assert.equal(atLoad, 0, `${atLoad} normalize calls while loading`);
  assert.ok(normalizeCalls(() => fresh!('stop')) > 100, 'the first reading builds the lexicons');
  assert.deepEqual(texts.map((t) => fresh!(t)), expected);
});
