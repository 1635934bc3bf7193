// TLS options for a cluster or Temporal Cloud, from the environment (connectClient / connectWorker use them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { tlsOptions } from '../../src/temporal';

const dir = mkdtempSync(join(tmpdir(), 'cf-tls-'));
const file = (name: string, body: string) => { const p = join(dir, name); writeFileSync(p, body); return p; };
const base = { TEMPORAL_ADDRESS: 'temporal.internal:7233' };

test('no TLS settings: plain connection; an API key alone: TLS with the system CAs', () => {
  assert.equal(tlsOptions(loadConfig(base)), undefined);
  assert.equal(tlsOptions(loadConfig({ ...base, TEMPORAL_API_KEY: 'k'.repeat(20) })), true);
});

test('a private CA and a server name are used, with or without a client pair', () => {
  const ca = file('ca.pem', 'CA');
  const o = tlsOptions(loadConfig({ ...base, TEMPORAL_TLS_CA: ca, TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal' }));
  assert.deepEqual(o, { serverRootCACertificate: Buffer.from('CA'), serverNameOverride: 'frontend.temporal' });
  const m = tlsOptions(loadConfig({ ...base, TEMPORAL_TLS_CA: ca, TEMPORAL_TLS_CERT: file('c.pem', 'CRT'), TEMPORAL_TLS_KEY: file('k.pem', 'KEY') }));
  assert.deepEqual(m, { clientCertPair: { crt: Buffer.from('CRT'), key: Buffer.from('KEY') }, serverRootCACertificate: Buffer.from('CA') });
});
