// `chirpflow start`: brings up the embedded defaults (Temporal dev server + UI, FerretDB, the X
// emulator) unless env vars point elsewhere, then N workers (--workers / CHIRPFLOW_WORKERS) and
// the API; restarts a crashed worker or API; Ctrl-C stops everything in reverse order. Data lives
// in CHIRPFLOW_DATA_DIR.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig, processEnv, type Config } from '../config';
import { UserError } from '../errors';
import { connectStore, redactUri } from '../store';
import { connectClient } from '../temporal';
import { binaries } from './paths';
import { assertPortFree, waitFor } from './ports';
import { startFerret, startTemporal, stopProcess, type Service } from './services';
import { SWITCH_DEFAULTS, switchesEnv, type StartSwitches } from './switches';

const SRC = join(__dirname, '..');

interface Managed { name: string; stop(): Promise<void> }

/** Worker i's metrics ports (Temporal's, then the app's): two each from METRICS_PORT up. */
export const workerMetricsPort = (base: number, i: number): number => base + 2 * i;

/** `switches`: resolved from flags and env by the command (src/stack/switches.ts). */
export async function startStack(switches: StartSwitches = SWITCH_DEFAULTS, o: { workers?: number } = {}): Promise<void> {
  const config = loadConfig();
  const workers = o.workers ?? config.CHIRPFLOW_WORKERS;
  const childEnv = switchesEnv(switches);
  const bin = binaries(config.CHIRPFLOW_CACHE);
  const say = (s: string) => process.stdout.write(`${s}\n`);

  // Fail fast, before starting anything, on every port we are about to take.
  if (config.embeddedTemporal) {
    await assertPortFree(config.TEMPORAL_PORT, 'TEMPORAL_PORT');
    await assertPortFree(config.TEMPORAL_UI_PORT, 'TEMPORAL_UI_PORT');
  }
  if (config.embeddedMongo) await assertPortFree(config.MONGO_PORT, 'MONGO_PORT');
  if (config.embeddedX) await assertPortFree(config.EMULATOR_PORT, 'EMULATOR_PORT');
  await assertPortFree(config.API_PORT, 'API_PORT');
  for (let i = 0; i < workers; i++) {
    const port = workerMetricsPort(config.METRICS_PORT, i);
    await assertPortFree(port, i ? `METRICS_PORT (+${2 * i}, worker ${i + 1})` : 'METRICS_PORT');
    await assertPortFree(port + 1, `METRICS_PORT (+${2 * i + 1}, worker ${i + 1} app metrics)`);
  }

  const running: Managed[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('\nstopping…');
    for (const s of running.reverse()) {
      await s.stop().catch(() => undefined);
      say(`  stopped ${s.name}`);
    }
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  try {
    const infra: Promise<Service>[] = [];
    if (config.embeddedTemporal) {
      infra.push(startTemporal({ bin: bin.temporal, port: config.TEMPORAL_PORT, uiPort: config.TEMPORAL_UI_PORT, dataDir: config.CHIRPFLOW_DATA_DIR, namespace: config.TEMPORAL_NAMESPACE }));
    }
    if (config.embeddedMongo) {
      infra.push(startFerret({ bin: bin.ferretdb, port: config.MONGO_PORT, dataDir: config.CHIRPFLOW_DATA_DIR }));
    }
    const started = await Promise.allSettled(infra);
    for (const r of started) if (r.status === 'fulfilled') running.push(r.value);
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;

    // External parts must answer within seconds, or we say which and how to fix it.
    const [store, client] = await Promise.all([connectStore(config.mongoUri, config.MONGODB_DB), connectClient(config)]);
    await store.close();
    await client.connection.close();

    if (config.embeddedX) {
      const emulatorUp = async () => (await fetch(`http://127.0.0.1:${config.EMULATOR_PORT}/_emulator/health`).catch(() => null)) !== null;
      running.push(await child('emulator', join(SRC, 'cli', 'index.ts'), config, childEnv, ['emulator', '--port', String(config.EMULATOR_PORT)], 'X emulator', emulatorUp));
    }
    // Workers start together: they share everything through Temporal and MongoDB, and their
    // start-up steps (schedules, DM poller) are idempotent and retried when they race.
    const names = Array.from({ length: workers }, (_, i) => (workers === 1 ? 'worker' : `worker-${i + 1}`));
    const ws = await Promise.allSettled(names.map((name, i) => child(name, join(SRC, 'workers', 'main.ts'), config,
      { ...childEnv, METRICS_PORT: String(workerMetricsPort(config.METRICS_PORT, i)) }, [], name)));
    for (const r of ws) if (r.status === 'fulfilled') running.push(r.value);
    const wFailed = ws.find((r) => r.status === 'rejected');
    if (wFailed) throw (wFailed as PromiseRejectedResult).reason;
    running.push(await child('api', join(SRC, 'api', 'server.ts'), config, childEnv, [], 'API'));
    await waitFor('API', async () => (await fetch(`http://127.0.0.1:${config.API_PORT}/readyz`)).ok, 30_000);
    if (switches.demo) {
      // The stack is useful without the demo, so it stays up; but the reason is shown, not swallowed.
      await startDemo(config, switches).catch((e: Error) => process.stderr.write(`demo campaign not started: ${e.message} (start with --no-demo or DEMO=0 to skip it)\n`));
    }
  } catch (err) {
    for (const s of running.reverse()) await s.stop().catch(() => undefined);
    throw err;
  }

  say('');
  say('Chirpflow is up:');
  if (config.embeddedTemporal) say(`  Temporal Web UI   http://127.0.0.1:${config.TEMPORAL_UI_PORT}`);
  say(`  Temporal          ${config.temporalAddress}${config.embeddedTemporal ? ' (embedded dev server)' : ''}`);
  say(`  MongoDB           ${redactUri(config.mongoUri)}${config.embeddedMongo ? ' (embedded FerretDB)' : ''}`);
  say(`  X API             ${config.xBaseUrl}${config.embeddedX ? ' (emulator, synthetic audience)' : ''}`);
  say(`  REST API          http://127.0.0.1:${config.API_PORT}  (docs: /openapi.json, health: /readyz)`);
  say(`  Web app           http://127.0.0.1:${config.API_PORT}/  (sign in with an API key)`);
  say(`  Workers           ${workers}; metrics ${Array.from({ length: workers }, (_, i) => `http://127.0.0.1:${workerMetricsPort(config.METRICS_PORT, i)}/metrics`).join(', ')}`);
  say(`  Data              ${config.CHIRPFLOW_DATA_DIR}`);
  say(`  Switches          demo ${switches.demo ? 'on' : 'off'}, analytics schedules ${switches.analyticsSchedules ? 'on' : 'off'}, DM intake ${switches.dmIntake}`);
  say('Press Ctrl-C to stop.');
}

/** A supervised Node child: restarted with backoff if it dies, stopped gracefully on shutdown. */
async function child(name: string, entry: string, config: Config, switches: Record<string, string>, args: string[], label: string, probe?: () => Promise<boolean>): Promise<Managed> {
  const env: NodeJS.ProcessEnv = {
    ...processEnv(), ...switches, CHIRPFLOW_SERVICE: name, TEMPORAL_ADDRESS: config.temporalAddress, MONGODB_URI: config.mongoUri,
    X_API_BASE_URL: config.xBaseUrl, CHIRPFLOW_DATA_DIR: config.CHIRPFLOW_DATA_DIR,
    // The web app links to the embedded Temporal UI (children see TEMPORAL_ADDRESS as external).
    ...(config.embeddedTemporal && !config.TEMPORAL_UI_URL ? { TEMPORAL_UI_URL: `http://127.0.0.1:${config.TEMPORAL_UI_PORT}` } : {}),
  };
  let proc: ChildProcess;
  let stopped = false;
  let restarts = 0;
  const spawnOnce = () => new Promise<void>((resolve, reject) => {
    proc = fork(entry, args, { env, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], detached: true });
    let ready = false;
    proc.on('message', (m: { ready?: boolean }) => { if (m?.ready && !ready) { ready = true; resolve(); } });
    // Processes that do not speak IPC are ready when their probe answers.
    if (probe) {
      void waitFor(label, probe, 30_000).then(() => { if (!ready) { ready = true; resolve(); } }, reject);
    }
    proc.once('exit', (code, sig) => {
      if (!ready) return reject(new UserError(`${label} exited while starting (${code ?? sig})`));
      if (stopped) return;
      const delay = Math.min(30_000, 1000 * 2 ** restarts++);
      process.stderr.write(`${label} exited (${code ?? sig}); restarting in ${delay / 1000} s\n`);
      setTimeout(() => { if (!stopped) spawnOnce().catch((e: Error) => process.stderr.write(`${e.message}\n`)); }, delay);
    });
  });
  await spawnOnce();
  return {
    name,
    stop: () => {
      stopped = true;
      return stopProcess(proc, 15_000);
    },
  };
}

/** A demo campaign against the emulator's audience; loaded only when the demo runs. */
async function startDemo(config: Config, switches: StartSwitches): Promise<void> {
  const { startDemoCampaign } = await import('../campaigns/demo');
  await startDemoCampaign(config, { dmIntake: switches.dmIntake });
}
