// Connections to Temporal: the embedded dev server by default, a cluster or Temporal Cloud by env.
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import type { Config } from './config';
import { UserError } from './errors';
import { withTimeout } from './main';

/** TLS for a cluster or Temporal Cloud: on with an API key, mTLS with a client pair, a private CA and name when given. */
export function tlsOptions(c: Config): TLSConfig | true | undefined {
  const pair = c.TEMPORAL_TLS_CERT && c.TEMPORAL_TLS_KEY
    ? { clientCertPair: { crt: readFileSync(c.TEMPORAL_TLS_CERT), key: readFileSync(c.TEMPORAL_TLS_KEY) } } : {};
  const server = {
    ...(c.TEMPORAL_TLS_CA ? { serverRootCACertificate: readFileSync(c.TEMPORAL_TLS_CA) } : {}),
    ...(c.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: c.TEMPORAL_TLS_SERVER_NAME } : {}),
  };
  if (Object.keys(pair).length || Object.keys(server).length) return { ...pair, ...server };
  return c.TEMPORAL_API_KEY ? true : undefined;
}

function unreachable(c: Config, err: unknown): UserError {
  const why = (err as Error).message.split('\n')[0];
  return new UserError(`cannot reach Temporal at ${c.temporalAddress} (${why}). Start it, fix TEMPORAL_ADDRESS, or unset TEMPORAL_ADDRESS to use the embedded dev server.`);
}

export async function connectClient(c: Config): Promise<Client> {
  try {
    const connection = await Connection.connect({
      address: c.temporalAddress, tls: tlsOptions(c), apiKey: c.TEMPORAL_API_KEY, connectTimeout: 5000,
    });
    await connection.workflowService.getSystemInfo({});
    return new Client({ connection, namespace: c.TEMPORAL_NAMESPACE });
  } catch (err) {
    throw unreachable(c, err);
  }
}

export async function connectWorker(c: Config): Promise<NativeConnection> {
  try {
    // Imported here: the worker package is heavy and only worker processes need it.
    const { NativeConnection } = await import('@temporalio/worker');
    return await withTimeout(NativeConnection.connect({ address: c.temporalAddress, tls: tlsOptions(c), apiKey: c.TEMPORAL_API_KEY }), 8000);
  } catch (err) {
    throw unreachable(c, err);
  }
}

