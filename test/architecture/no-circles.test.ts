// No import circles in src/, type-only imports included: a circle means two modules cannot be read,
// tested or moved apart (the outreach workflow, its activities and the DM router once formed one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { repoRoot } from '../helpers/stack';
import { components, importGraph, importsOf } from './import-graph';

test('src/ has no import circle', () => {
  const edges = importGraph(repoRoot);
  assert.ok(edges.length > 300, `the graph looks empty (${edges.length} edges): is the parser still reading src/?`);
  const found = components(edges);
  const report = found.map(({ files, loop }) => `  ${loop.join(' -> ')}\n    (component of ${files.length}: ${files.join(', ')})`);
  assert.equal(found.length, 0, `import circles in src/:\n${report.join('\n')}`);
});

test('the graph builder sees every kind of import, and finds a circle', () => {
  const specs = importsOf('x.ts', [
    "import a from './a';", "import type { B } from './b';", "import { type C } from './c';", "export * from './d';",
    "export type { E } from './e';", "const f = require('./f');", "const g = await import('./g');", "import h = require('./h');",
  ].join('\n'));
  assert.deepEqual(specs, [
    { spec: './a', typeOnly: false }, { spec: './b', typeOnly: true }, { spec: './c', typeOnly: true }, { spec: './d', typeOnly: false },
    { spec: './e', typeOnly: true }, { spec: './f', typeOnly: false }, { spec: './g', typeOnly: false }, { spec: './h', typeOnly: false },
  ]);
  const e = (from: string, to: string) => ({ from, to, typeOnly: false });
  const found = components([e('a', 'b'), e('b', 'c'), e('c', 'a'), e('c', 'd'), e('d', 'd'), e('x', 'a')]);
  assert.deepEqual(found.map((c) => c.loop).sort(), [['a', 'b', 'c', 'a'], ['d', 'd']]);
});
