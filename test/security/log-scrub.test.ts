// Log scrubbing: secret fields at any depth, secret values and URI credentials anywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { scrub, scrubText } from '../../src/log';
import { repoRoot } from '../helpers/stack';

test('fields named like secrets are censored at any depth; other fields are kept', () => {
  const out = scrub({ a: { b: { c: { password: 'p1', 'x-api-key': 'k1', X_BEARER_TOKEN: 't1', ok: 'visible' } } }, list: [{ cookie: 'c1' }] }, []) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(out.a.b.c.password, '[redacted]');
  assert.equal(out.a.b.c['x-api-key'], '[redacted]');
  assert.equal(out.a.b.c.X_BEARER_TOKEN, '[redacted]');
  assert.equal(out.a.b.c.ok, 'visible');
  assert.equal(out.list[0].cookie, '[redacted]');
});

test('secret values and URI credentials are censored inside any text', () => {
  assert.equal(scrubText('failed with sekret-123456 in it', ['sekret-123456']), 'failed with [redacted] in it');
  assert.equal(scrubText('cannot reach mongodb://u:pw@host:1/', []), 'cannot reach mongodb://[redacted]@host:1/');
});

test('the process logger scrubs nested fields, messages and errors (a child process with secrets in its environment)', () => {
  const code = `
    const { logger } = require(${JSON.stringify(join(repoRoot, 'src', 'log.ts'))});
    logger.warn({ req: { headers: { deep: { authorization: 'Bearer zzz-abc-123' } } }, cfg: { x: { X_API_SECRET: process.env.X_API_SECRET } } }, 'nested');
    logger.warn('message quoting ' + process.env.X_ACCESS_SECRET);
    logger.warn({ err: new Error('boom with ' + process.env.X_BEARER_TOKEN) }, 'error');
    logger.warn({ note: 'value under an innocent name: ' + process.env.X_API_KEY }, 'innocent');
  `;
  const env = { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', X_API_SECRET: 'consumer-sekret-1', X_ACCESS_SECRET: 'access-sekret-2', X_BEARER_TOKEN: 'bearer-sekret-3', X_API_KEY: 'consumer-key-4' };
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout + r.stderr;
  assert.equal(out.trim().split('\n').length, 4, out);
  for (const s of ['zzz-abc-123', 'consumer-sekret-1', 'access-sekret-2', 'bearer-sekret-3', 'consumer-key-4']) assert.ok(!out.includes(s), `${s} leaked: ${out}`);
});
