// The embedded dev server's SQLite runs in WAL mode (src/stack/services.ts): with a rollback journal
// and an fsync per commit its one connection queued every write, ~1.2 s per RPC under load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { binaries } from '../../src/stack/paths';
import { freePort } from '../../src/stack/ports';
import { startTemporal } from '../../src/stack/services';

test('the embedded dev server keeps its SQLite file in WAL mode', { timeout: 120_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chirpflow-devsqlite-'));
  const svc = await startTemporal({ bin: binaries(loadConfig().CHIRPFLOW_CACHE).temporal, port: await freePort(), uiPort: await freePort(), dataDir, headless: true });
  try {
    // SQLite keeps a -wal file beside the database while a WAL-mode connection is open (and has
    // written: the namespace and the search attributes were).
    assert.ok(existsSync(join(dataDir, 'temporal.sqlite-wal')), 'temporal.sqlite-wal exists');
  } finally {
    await svc.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
