// startEmulator: an in-process HTTP server speaking the X API v2 subset Chirpflow uses.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApi } from './api';
import { handleControl } from './control';
import { EmulatorCore, type EmulatorOptions } from './core';
import { sendJson } from './http';

export interface RunningEmulator {
  url: string;
  port: number;
  /** Direct access to the state, for in-process tests and the integrator's demo mode. */
  core: EmulatorCore;
  brandUserId: string;
  close(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const core = new EmulatorCore(opts);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const handler = url.pathname.startsWith('/_emulator') ? handleControl : handleApi;
    handler(core, req, res, url).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { title: 'Internal Server Error', detail: String((err as Error)?.message ?? err), type: 'about:blank', status: 500 });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    core,
    brandUserId: core.world.brand.id,
    close: async () => {
      core.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
