// Size budget: the JavaScript the first page loads (the entry script and every module it preloads,
// i.e. its static imports) is at most 300 KB gzipped. Charts load later, as their own chunk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { WEB_DIST } from '../../src/api/app';

const BUDGET = 300 * 1024;

/** The JS files index.html loads before anything else runs, with their gzipped sizes. */
export function firstPageScripts(dist: string): { file: string; gz: number }[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const srcs = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]!);
  return [...new Set(srcs)].map((src) => ({ file: src, gz: gzipSync(readFileSync(join(dist, src.replace(/^\//, '')))).length }));
}

test('first page JavaScript is within 300 KB gzipped', () => {
  assert.ok(existsSync(join(WEB_DIST, 'index.html')), 'web app not built: npm run setup builds web/dist');
  const scripts = firstPageScripts(WEB_DIST);
  assert.ok(scripts.length >= 1, 'index.html loads a module script');
  const total = scripts.reduce((a, s) => a + s.gz, 0);
  assert.ok(total <= BUDGET, `first page JS is ${(total / 1024).toFixed(1)} KB gzipped (budget 300 KB): ${JSON.stringify(scripts)}`);
  assert.ok(!scripts.some((s) => /charts/.test(s.file)), 'the charts chunk is not part of the first page');
});
