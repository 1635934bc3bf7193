// The API process: Express over the Temporal client and the store.
import { loadConfig } from '../config';
import { runMain } from '../main';
import { logger } from '../log';
import { connectStore } from '../store';
import { ensureAllIndexes } from '../store/indexes';
import { connectClient } from '../temporal';
import { createApp } from './app';
import { bootstrapAdminKey } from './auth';
import { pruneAudit } from '../store/audit';
import { pruneAgentActions } from '../store/agent-actions';

export async function runApi(): Promise<void> {
  const config = loadConfig();
  const log = logger.child({ component: 'api' });
  const store = await connectStore(config.mongoUri, config.MONGODB_DB);
  await ensureAllIndexes(store.db);
  const temporal = await connectClient(config);
  const adminKey = await bootstrapAdminKey(store.db);
  if (adminKey) {
    // Printed once, to the terminal only (not the structured log): it is a secret.
    process.stdout.write(`\n  Admin API key (shown once, store it now): ${adminKey}\n\n`);
  }
  const app = createApp({ db: store.db, temporal, config, log });
  // Audit and agent-action retention: hourly is plenty for limits counted in days.
  const prune = () => Promise.all([
    pruneAudit(store.db, config.AUDIT_RETENTION_DAYS).catch((err: Error) => log.warn({ err: err.message }, 'audit pruning failed')),
    pruneAgentActions(store.db, config.AGENT_ACTION_RETENTION_DAYS).catch((err: Error) => log.warn({ err: err.message }, 'agent action pruning failed')),
  ]);
  void prune();
  setInterval(() => { void prune(); }, 3600_000).unref();
  const server = app.listen(config.API_PORT, '127.0.0.1');
  await new Promise<void>((resolve, reject) => { server.once('listening', resolve); server.once('error', reject); });
  log.info({ port: config.API_PORT }, 'api listening');
  process.send?.({ ready: true });
  const stop = () => {
    server.close(() => { void temporal.connection.close().then(() => store.close()).then(() => process.exit(0)); });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) runMain('api', runApi);
