// An API app on port 0 over a fresh test database and the real Temporal dev server.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../src/api/app';
import { loadConfig } from '../../src/config';
import { requireEnv, testDb } from '../helpers/stack';

export interface ApiUnderTest {
  base: string;
  db: Awaited<ReturnType<typeof testDb>>['db'];
  /** A second app on the same database: another API process. */
  second(): Promise<string>;
  call(method: string, path: string, key: string | null, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any; headers: Headers }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

export async function startApi(label: string, env: Record<string, string> = {}): Promise<ApiUnderTest> {
  const store = await testDb(label);
  const connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  const temporal = new Client({ connection });
  const config = loadConfig({ X_API_SECRET: 'consumer-secret', ...env });
  const servers: Server[] = [];
  const listen = async () => {
    const server = createApp({ db: store.db, temporal, config }).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const base = await listen();
  return {
    base, db: store.db, second: listen,
    async call(method, path, key, body, headers = {}) {
      const url = path.startsWith('http') ? path : base + path;
      const res = await fetch(url, {
        method, headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let json: unknown;
      try { json = text ? JSON.parse(text) : undefined; } catch { json = text; }
      return { status: res.status, json, headers: res.headers };
    },
    async close() {
      for (const s of servers) s.close();
      await connection.close();
      await store.close();
    },
  };
}
