// Registers Chirpflow's search attributes in TEMPORAL_NAMESPACE at TEMPORAL_ADDRESS, as the worker
// does at start (start.sh runs it so that tests which start conversations without the product's
// worker find them too).
import { loadConfig } from '../../src/config';
import { logger } from '../../src/log';
import { runMain } from '../../src/main';
import { ensureSearchAttributes } from '../../src/stack/search-attributes';
import { connectClient } from '../../src/temporal';

runMain('search-attributes', async () => {
  const config = loadConfig();
  const client = await connectClient(config);
  try {
    const r = await ensureSearchAttributes(client.connection.operatorService, config.TEMPORAL_NAMESPACE, logger);
    process.stderr.write(`[cluster] search attributes in ${config.TEMPORAL_NAMESPACE}: ${r.added.length ? `added ${r.added.join(', ')}` : 'all present'}\n`);
  } finally {
    await client.connection.close();
  }
});
