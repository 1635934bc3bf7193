// API keys: lifecycle through the API, identity by id, atomic bootstrap, host recovery.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bootstrapAdminKey, createApiKey } from '../../src/api/auth';
import { COLLECTIONS } from '../../src/store';
import { repoRoot } from '../helpers/stack';
import { startApi, type ApiUnderTest } from './harness';

let api: ApiUnderTest;
let admin: string;

before(async () => {
  api = await startApi('sec_keys');
  admin = await createApiKey(api.db, 'root', 'admin');
});
after(() => api.close());

test('list, create with expiry, use, revoke at once in every API process', async () => {
  const made = await api.call('POST', '/api-keys', admin, { name: 'sam', role: 'agent', expiresInDays: 30 });
  assert.equal(made.status, 201);
  assert.match(made.json.key, /^cf_/);
  assert.match(made.json.id, /^key_/);
  assert.equal((await api.call('GET', '/whoami', made.json.key)).json.who, `sam#${made.json.id}`);

  const list = await api.call('GET', '/api-keys', admin);
  const sam = list.json.items.find((k: { id: string }) => k.id === made.json.id);
  assert.ok(sam.lastUsedAt, 'lastUsedAt recorded');
  assert.ok(Date.parse(sam.expiresAt) > Date.now() + 29 * 86_400_000);
  assert.ok(!JSON.stringify(list.json).includes(made.json.key), 'the secret is never listed');
  assert.ok(!JSON.stringify(list.json).includes('hash'), 'nor its hash');

  const other = await api.second();
  assert.equal((await api.call('GET', `${other}/whoami`, made.json.key)).status, 200);
  assert.equal((await api.call('DELETE', `/api-keys/${made.json.id}`, admin)).status, 200);
  const refused = await api.call('GET', `${other}/whoami`, made.json.key);
  assert.equal(refused.status, 401);
  assert.match(refused.json.error.message, /revoked/);
  assert.equal((await api.call('DELETE', '/api-keys/key_doesnotexist', admin)).status, 404);
  assert.equal((await api.call('DELETE', '/api-keys/..%2F', admin)).status, 400);
  assert.equal((await api.call('POST', '/api-keys', admin, { name: 'x', role: 'god' })).status, 400);
  assert.equal((await api.call('POST', '/api-keys', admin, { name: 'x', role: 'agent', expiresInDays: -1 })).status, 400);
});

test('an expired key is refused with the reason', async () => {
  const { key } = await (async () => ({ key: await createApiKey(api.db, 'old', 'agent', { expiresAt: new Date(Date.now() - 1000) }) }))();
  const r = await api.call('GET', '/whoami', key);
  assert.equal(r.status, 401);
  assert.match(r.json.error.message, /expired/);
});

test('two keys with the same name are two identities', async () => {
  const a = await createApiKey(api.db, 'alice', 'agent');
  const b = await createApiKey(api.db, 'alice', 'agent');
  const wa = (await api.call('GET', '/whoami', a)).json.who;
  const wb = (await api.call('GET', '/whoami', b)).json.who;
  assert.notEqual(wa, wb);
});

test('rotation: a new secret for the same identity; the old one works for the grace period only', async () => {
  const made = (await api.call('POST', '/api-keys', admin, { name: 'bot', role: 'marketer' })).json;
  const rot = await api.call('POST', `/api-keys/${made.id}/rotate`, admin, { graceSeconds: 1 });
  assert.equal(rot.status, 201);
  assert.notEqual(rot.json.key, made.key);
  const whoNew = (await api.call('GET', '/whoami', rot.json.key)).json.who;
  const whoOld = (await api.call('GET', '/whoami', made.key)).json.who;
  assert.equal(whoNew, whoOld, 'same identity');
  assert.equal((await api.call('POST', `/api-keys/${made.id}/rotate`, admin, {})).status, 409, 'rotated once');
  await new Promise((r) => setTimeout(r, 1100));
  assert.equal((await api.call('GET', '/whoami', made.key)).status, 401, 'grace over');
  assert.equal((await api.call('GET', '/whoami', rot.json.key)).status, 200);
});

test('bootstrap is atomic: concurrent starts make one key; a crash between reserve and create no longer locks admins out', async () => {
  const fresh = await startApi('sec_boot');
  try {
    // The state the old two-step bootstrap left after a crash: reserved, no key.
    await fresh.db.collection(COLLECTIONS.meta).insertOne({ _id: 'bootstrap-admin' as never, at: new Date() });
    const keys = await Promise.all(Array.from({ length: 5 }, () => bootstrapAdminKey(fresh.db)));
    const made = keys.filter(Boolean) as string[];
    assert.equal(made.length, 1, 'exactly one admin key');
    assert.equal((await fresh.call('GET', '/api-keys', made[0]!)).status, 200);
    assert.equal(await bootstrapAdminKey(fresh.db), null, 'not again');
  } finally {
    await fresh.close();
  }
});

test('chirpflow keys create on the host makes a working admin key; bad input names the flag', async () => {
  const run = promisify(execFile);
  const env = { ...process.env, MONGODB_DB: api.db.databaseName };
  const { stdout } = await run(process.execPath, [join(repoRoot, 'bin', 'chirpflow.js'), 'keys', 'create', '--role', 'admin', '--name', 'rescue'], { env });
  const made = JSON.parse(stdout.trim());
  assert.equal((await api.call('GET', '/api-keys', made.key)).status, 200);
  await assert.rejects(run(process.execPath, [join(repoRoot, 'bin', 'chirpflow.js'), 'keys', 'create', '--role', 'root'], { env }),
    (e: { stderr: string; code: number }) => e.code === 2 && /--role/.test(e.stderr));
});
