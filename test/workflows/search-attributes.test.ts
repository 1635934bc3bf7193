// The one search-attribute list: the docs quote it exactly, and the dev server started by
// scripts/test.sh (through src/stack/services.ts) has every attribute with its type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { repoRoot, requireEnv } from '../helpers/stack';
import {
  SEARCH_ATTRIBUTES, devServerSearchAttributeFlags, operatorCreateCommand, operatorServiceSearchAttributes, searchAttributesDocTable,
} from '../../src/workflows/search-attributes';

const BLOCK = /<!-- search-attributes:begin -->\n([\s\S]*?)\n?<!-- search-attributes:end -->/g;

function markdownFiles(): string[] {
  const docs = join(repoRoot, 'docs');
  const out = [join(repoRoot, 'README.md')];
  if (existsSync(docs)) out.push(...readdirSync(docs).filter((f) => f.endsWith('.md')).map((f) => join(docs, f)));
  return out;
}

test('the list has unique names', () => {
  const names = SEARCH_ATTRIBUTES.map((a) => a.key.name);
  assert.deepEqual([...new Set(names)], names);
  assert.deepEqual(devServerSearchAttributeFlags().filter((f) => f !== '--search-attribute'),
    SEARCH_ATTRIBUTES.map((a) => `${a.key.name}=${({ KEYWORD: 'Keyword', INT: 'Int' } as Record<string, string>)[a.key.type]}`));
});

test('README carries the derived table, and every docs table between the markers matches the list', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  assert.match(readme, BLOCK, 'README.md has no <!-- search-attributes:begin/end --> block');
  for (const file of markdownFiles()) {
    for (const m of readFileSync(file, 'utf8').matchAll(BLOCK)) {
      assert.equal(m[1].trim(), searchAttributesDocTable(), `${file}: the search-attribute table differs from src/workflows/search-attributes.ts`);
    }
  }
});

test('every registration command and flag quoted in the docs matches the list', () => {
  const want = operatorCreateCommand();
  assert.ok(readFileSync(join(repoRoot, 'README.md'), 'utf8').includes(want), `README.md should quote \`${want}\``);
  const flags = new Set(devServerSearchAttributeFlags().filter((f) => f !== '--search-attribute'));
  for (const file of markdownFiles()) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/temporal operator search-attribute create(?: --name \S+ --type [A-Za-z]+)+/g)) {
      assert.equal(m[0], want, `${file}: stale registration command`);
    }
    for (const m of text.matchAll(/--search-attribute[ =]([A-Za-z]+=[A-Za-z]+)/g)) {
      assert.ok(flags.has(m[1]), `${file}: --search-attribute ${m[1]} is not in the list`);
    }
  }
});

test('the dev server started by the stack has every attribute with its type', async () => {
  const connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  try {
    const res = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    const custom = res.customAttributes ?? {};
    for (const [name, type] of Object.entries(operatorServiceSearchAttributes())) {
      assert.equal(custom[name], type, `${name}: registered as ${custom[name]}, the list says ${type}`);
    }
  } finally {
    await connection.close();
  }
});
