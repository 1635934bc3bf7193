// House rule: HTTP belongs to the API. Features throw domain errors (src/errors.ts) and return
// data; src/api maps errors to status codes and streams responses. Only the API itself, and the
// processes that start it (src/cli, src/stack), may import src/api or Express.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importsOf, resolveImport, sources } from './source';

const MAY_IMPORT_API = ['src/api/', 'src/cli/', 'src/stack/'];

test('no feature module imports src/api or express', () => {
  const offenders: string[] = [];
  for (const f of sources('src')) {
    if (MAY_IMPORT_API.some((p) => f.path.startsWith(p))) continue;
    for (const spec of importsOf(f)) {
      const target = resolveImport(f.path, spec);
      if (target === 'express' || target.startsWith('express/') || target === 'src/api' || target.startsWith('src/api/')) {
        offenders.push(`${f.path} imports ${spec}`);
      }
    }
  }
  assert.deepEqual(offenders, [], `feature modules reaching into HTTP:\n${offenders.join('\n')}`);
});
