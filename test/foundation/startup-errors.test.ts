// Misconfiguration fails fast: one line naming the cause and the remedy, no stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../../src/stack/ports';

/** Start checks METRICS_PORT and the ports above it (two per worker): one free port alone is not
 * enough (a CI run found the next one taken by the API port the OS had just handed out). */
async function freeMetricsPorts(span = 8): Promise<number> {
  const isFree = (port: number) => new Promise<boolean>((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
  for (let tries = 0; tries < 50; tries++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    let ok = true;
    for (let p = base; p < base + span && ok; p++) ok = await isFree(p);
    if (ok) return base;
  }
  throw new Error('no run of free ports for METRICS_PORT');
}
import { loadConfig } from '../../src/config';
import { UserError } from '../../src/errors';
import { repoRoot, requireEnv } from '../helpers/stack';

function startWith(env: Record<string, string>): Promise<{ code: number | null; stderr: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(repoRoot, 'bin', 'chirpflow.js'), 'start', '--no-demo'], {
      env: { ...process.env, TEMPORAL_ADDRESS: '', MONGODB_URI: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    p.stderr.on('data', (d) => { stderr += d; });
    const kill = setTimeout(() => p.kill('SIGKILL'), 45_000);
    p.on('exit', (code) => { clearTimeout(kill); resolve({ code, stderr, ms: Date.now() - t0 }); });
  });
}

function assertOneLine(r: { code: number | null; stderr: string; ms: number }, pattern: RegExp) {
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('npm warn'));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  // Not a speed target: a start that waits on the port (or a retry loop) would run into the kill above.
  // Under a loaded CI machine the start alone (compile + connect) took 13.8 s once.
  assert.ok(r.ms < 45_000, `took ${r.ms} ms`);
}

test('loadConfig names the variable and what it expects', () => {
  assert.throws(() => loadConfig({ API_PORT: 'eighty' }), (e: Error) => e instanceof UserError && /API_PORT="eighty".*port number/.test(e.message));
  assert.throws(() => loadConfig({ MONGODB_URI: 'postgres://x' }), /MONGODB_URI.*mongodb:\/\//);
  assert.throws(() => loadConfig({ TEMPORAL_ADDRESS: 'nohostport' }), /TEMPORAL_ADDRESS.*host:port/);
  const c = loadConfig({});
  assert.equal(c.embeddedMongo && c.embeddedTemporal && c.embeddedX, true);
});

test('an unparseable env value stops the start command with one line', async () => {
  assertOneLine(await startWith({ API_PORT: '99999999' }), /invalid API_PORT=.*Fix or unset API_PORT/);
});

test('a taken port fails fast naming the port and the variable that moves it', async () => {
  const srv = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => srv.once('listening', r));
  const port = (srv.address() as { port: number }).port;
  try {
    assertOneLine(await startWith({ API_PORT: String(port), TEMPORAL_ADDRESS: requireEnv('TEMPORAL_ADDRESS'), MONGODB_URI: requireEnv('MONGODB_URI'), X_API_BASE_URL: 'http://127.0.0.1:9' }),
      new RegExp(`port ${port} is already in use.*API_PORT`));
  } finally {
    srv.close();
  }
});

test('an unreachable MONGODB_URI fails in seconds with the remedy', async () => {
  const dead = await freePort();
  assertOneLine(await startWith({ MONGODB_URI: `mongodb://127.0.0.1:${dead}/`, TEMPORAL_ADDRESS: requireEnv('TEMPORAL_ADDRESS'), X_API_BASE_URL: 'http://127.0.0.1:9', API_PORT: String(await freePort()), METRICS_PORT: String(await freeMetricsPorts()) }),
    /cannot reach MongoDB.*MONGODB_URI/);
});

test('an unreachable TEMPORAL_ADDRESS fails in seconds with the remedy', async () => {
  const dead = await freePort();
  assertOneLine(await startWith({ TEMPORAL_ADDRESS: `127.0.0.1:${dead}`, MONGODB_URI: requireEnv('MONGODB_URI'), X_API_BASE_URL: 'http://127.0.0.1:9', API_PORT: String(await freePort()), METRICS_PORT: String(await freeMetricsPorts()) }),
    /cannot reach Temporal.*TEMPORAL_ADDRESS/);
});
