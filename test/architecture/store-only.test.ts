// House rule: only src/store talks to collections by name. Everything else uses the typed
// accessors there, so a collection's name, document type and indexes have one home.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hits, sources } from './source';

test('no module outside src/store calls .collection(', () => {
  const offenders = sources('src')
    .filter((f) => !f.path.startsWith('src/store/'))
    .flatMap((f) => hits(f, /\.collection\s*(<.*?>)?\s*\(/));
  assert.deepEqual(offenders, [], `raw collection access outside src/store (add a typed accessor in src/store/):\n${offenders.join('\n')}`);
});
