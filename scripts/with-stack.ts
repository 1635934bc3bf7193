// Runs a command with a throw-away Temporal dev server and FerretDB on free ports (unless
// TEMPORAL_ADDRESS / MONGODB_URI already point somewhere), then stops them. Used by `npm test`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config';
import { binaries } from '../src/stack/paths';
import { freePort } from '../src/stack/ports';
import { startFerret, startTemporal, type Service } from '../src/stack/services';

async function main() {
  const sep = process.argv.indexOf('--');
  const cmd = process.argv.slice(sep + 1);
  const cfg = loadConfig();
  const bin = binaries(cfg.CHIRPFLOW_CACHE);
  const dataDir = mkdtempSync(join(tmpdir(), 'chirpflow-test-'));
  const services: Service[] = [];
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', TEMPORAL_TEST_SERVER_PATH: bin.temporalTestServer, CHIRPFLOW_TEST_DATA_DIR: dataDir };
  const stop = async () => { await Promise.all(services.map((s) => s.stop())); rmSync(dataDir, { recursive: true, force: true }); };
  try {
    const jobs: Promise<void>[] = [];
    if (!process.env.TEMPORAL_ADDRESS) {
      jobs.push((async () => {
        const [port, uiPort] = [await freePort(), await freePort()];
        services.push(await startTemporal({ bin: bin.temporal, port, uiPort, dataDir, headless: true }));
        env.TEMPORAL_ADDRESS = `127.0.0.1:${port}`;
        env.TEMPORAL_CLI_PATH = bin.temporal;
      })());
    }
    if (!process.env.MONGODB_URI) {
      jobs.push((async () => {
        const port = await freePort();
        services.push(await startFerret({ bin: bin.ferretdb, port, dataDir }));
        env.MONGODB_URI = `mongodb://127.0.0.1:${port}/`;
        env.CHIRPFLOW_TEST_FERRETDB_BIN = bin.ferretdb; // test files start their own (test/helpers/stack.ts)
      })());
    }
    await Promise.all(jobs);
  } catch (err) {
    await stop();
    throw err;
  }
  process.stderr.write(`[test] Temporal ${env.TEMPORAL_ADDRESS}, MongoDB ${env.MONGODB_URI}\n`);
  const child = spawn(cmd[0]!, cmd.slice(1), { stdio: 'inherit', env });
  const forward = (sig: NodeJS.Signals) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code: number = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
  await stop();
  process.exit(code);
}

main().catch((err: Error) => {
  process.stderr.write(`[test] ${err.message}\n`);
  process.exit(1);
});
