// The README's Layout and docs/architecture.md describe the tree: every path they name exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/stack';

function layoutPaths(): string[] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Layout');
  assert.ok(start >= 0, 'README has a "## Layout" section');
  const block = /```\n([\s\S]*?)```/.exec(readme.slice(start))![1]!;
  return [...block.matchAll(/(?:^|\s)((?:src|models|bench|web|test|docs)(?:\/[\w.-]+)*\/?)(?=\s)/gm)].map((m) => m[1]!);
}

function architecturePaths(): string[] {
  const doc = readFileSync(join(repoRoot, 'docs', 'architecture.md'), 'utf8');
  return [...doc.matchAll(/\b((?:src|test)\/[\w./-]*[\w])/g)].map((m) => m[1]!)
    .flatMap((p) => (p.startsWith('src/store/') && !p.endsWith('.ts') ? [`${p}.ts`] : [p]));
}

test('every folder or file the README Layout names exists', () => {
  const paths = layoutPaths();
  assert.ok(paths.length >= 10, `found ${paths.length} paths`);
  assert.deepEqual(paths.filter((p) => !existsSync(join(repoRoot, p))), []);
});

test('every src/ or test/ path docs/architecture.md names exists', () => {
  const paths = architecturePaths();
  assert.ok(paths.length >= 10, `found ${paths.length} paths`);
  assert.deepEqual([...new Set(paths.filter((p) => !existsSync(join(repoRoot, p))))], []);
});

test('every folder directly under src/ has a line in the README Layout', () => {
  const named = new Set(layoutPaths().map((p) => p.replace(/\/$/, '')));
  const dirs = readdirSync(join(repoRoot, 'src'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `src/${d.name}`);
  assert.deepEqual(dirs.filter((d) => !named.has(d)), [], 'folders missing from the Layout');
});
