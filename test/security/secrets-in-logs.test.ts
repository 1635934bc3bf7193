// Nothing proves a full run logs no secret unless a full run is searched: the whole product
// (`chirpflow start`: worker, API, demo campaign) runs with secret values in its environment
// against the emulator, the main flows are exercised, and every line it printed is searched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../src/emulator';
import { freePort } from '../../src/stack/ports';
import { webhookSignature } from '../../src/x';
import { repoRoot, requireEnv, testDb } from '../helpers/stack';

const secret = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;

test('a full run with secrets set prints none of them', { timeout: 180_000 }, async () => {
  const emulator = await startEmulator({ rate: 20, seed: 7 });
  const store = await testDb('sec_logs'); // starts this file's FerretDB; the run uses its own database
  const dataDir = mkdtempSync(join(tmpdir(), 'cf-secrets-'));
  const secrets = {
    X_BEARER_TOKEN: secret('bearer'), X_API_KEY: secret('consumerkey'), X_API_SECRET: secret('consumersecret'),
    X_ACCESS_TOKEN: secret('accesstoken'), X_ACCESS_SECRET: secret('accesssecret'),
  };
  const metrics = await freePort(); // the app's own metrics take the next port too
  const apiPort = await freePort();
  const proc = spawn(process.execPath, [join(repoRoot, 'bin', 'chirpflow.js'), 'start'], {
    env: {
      ...process.env, ...secrets, LOG_LEVEL: 'debug', NODE_ENV: 'production', DEMO: '1',
      TEMPORAL_ADDRESS: requireEnv('TEMPORAL_ADDRESS'), MONGODB_URI: store.uri, MONGODB_DB: store.db.databaseName,
      X_API_BASE_URL: emulator.url, X_BRAND_USER_ID: emulator.brandUserId, API_PORT: String(apiPort), METRICS_PORT: String(metrics),
      CHIRPFLOW_DATA_DIR: dataDir, TASK_QUEUE: `secrets-${randomBytes(4).toString('hex')}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d) => { out += d; });
  proc.stderr.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((r) => proc.on('exit', (c) => r(c)));
  try {
    const deadline = Date.now() + 120_000;
    while (!/Chirpflow is up/.test(out)) {
      assert.ok(Date.now() < deadline && proc.exitCode === null, `did not come up:\n${out.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const admin = /Admin API key \(shown once[^)]*\): (cf_\S+)/.exec(out)?.[1];
    assert.ok(admin, 'the admin key is printed once');
    const base = `http://127.0.0.1:${apiPort}`;
    const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(base + path, { method, headers: { 'content-type': 'application/json', 'x-api-key': admin, ...headers }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    // The main flows: campaigns, keys, analytics, webhooks (good and bad signatures), a wrong key
    // that is one of the secrets, a body that quotes the secrets.
    assert.equal((await call('GET', '/campaigns')).status, 200);
    assert.equal((await call('POST', '/api-keys', { name: 'sam', role: 'agent' })).status, 201);
    assert.equal((await call('GET', '/analytics/influencers?keyword=acme&limit=5')).status, 200);
    assert.equal((await call('GET', '/whoami', undefined, { 'x-api-key': secrets.X_BEARER_TOKEN })).status, 401);
    const hostile = JSON.stringify({ direct_message_events: [{ type: 'message_create', id: '1', message_create: { sender_id: '2', message_data: { text: Object.values(secrets).join(' ') } } }] });
    assert.equal((await fetch(`${base}/webhooks/x`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': 'sha256=bad' }, body: hostile })).status, 401);
    const payload = JSON.stringify({ for_user_id: emulator.brandUserId, direct_message_events: [] });
    assert.equal((await fetch(`${base}/webhooks/x`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': webhookSignature(payload, secrets.X_API_SECRET) }, body: payload })).status, 200);
    // Let the demo campaign stream, score, qualify and send for a while.
    const until = Date.now() + 20_000;
    while (Date.now() < until && emulator.core.dms.events.length < 3) await new Promise((r) => setTimeout(r, 500));
  } finally {
    proc.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    if (proc.exitCode === null) proc.kill('SIGKILL');
    await emulator.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  assert.ok(out.split('\n').length > 10, 'the run printed its log');
  for (const [name, value] of Object.entries(secrets)) {
    const line = out.split('\n').find((l) => l.includes(value));
    assert.equal(line, undefined, `${name} appeared in the output: ${line}`);
  }
});
