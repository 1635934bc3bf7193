// The switches of `chirpflow start` (DEMO, ANALYTICS_SCHEDULES, DM_INTAKE): parsed by the real
// command line, flag wins, env otherwise, documented default; the resolved values are what the
// worker and API processes get and read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { register } from '../../src/cli/commands/start';
import { switchesEnv, type StartSwitches } from '../../src/stack/switches';
import { loadAnalyticsSettings } from '../../src/analytics/settings';
import { UserError } from '../../src/errors';

/** What `chirpflow start <args>` would start with, under this environment. */
async function startWith(args: string[], env: Record<string, string> = {}): Promise<StartSwitches> {
  let got: StartSwitches | undefined;
  const program = new Command('chirpflow').exitOverride();
  register(program, async (s) => { got = s; }, env);
  await program.parseAsync(['node', 'chirpflow', 'start', ...args]);
  assert.ok(got, 'the start action ran');
  return got;
}

test('DEMO: DEMO=0 starts no demo campaign; a flag wins over the env; default on', async () => {
  assert.equal((await startWith([], { DEMO: '0' })).demo, false, 'DEMO=0 npm start');
  assert.equal((await startWith([], { DEMO: 'false' })).demo, false);
  assert.equal((await startWith([], { DEMO: '1' })).demo, true);
  assert.equal((await startWith(['--demo'], { DEMO: '0' })).demo, true);
  assert.equal((await startWith(['--no-demo'], { DEMO: '1' })).demo, false);
  assert.equal((await startWith([])).demo, true, 'documented default');
  await assert.rejects(startWith([], { DEMO: 'no' }), (e: Error) => e instanceof UserError && /DEMO="no"/.test(e.message));
  assert.equal(switchesEnv(await startWith(['--no-demo'])).DEMO, '0');
});

test('ANALYTICS_SCHEDULES: env honoured, flag wins, default on; the worker reads what start resolved', async () => {
  assert.equal((await startWith([], { ANALYTICS_SCHEDULES: '0' })).analyticsSchedules, false);
  assert.equal((await startWith(['--analytics-schedules'], { ANALYTICS_SCHEDULES: '0' })).analyticsSchedules, true);
  assert.equal((await startWith(['--no-analytics-schedules'], { ANALYTICS_SCHEDULES: '1' })).analyticsSchedules, false);
  assert.equal((await startWith([])).analyticsSchedules, true);
  // The child processes get the resolved value as their env: the flag beats the parent's env there too.
  const parentEnv: Record<string, string> = { ANALYTICS_SCHEDULES: '1' };
  const child = { ...parentEnv, ...switchesEnv(await startWith(['--no-analytics-schedules'], parentEnv)) };
  assert.equal(loadAnalyticsSettings(child).schedules, false);
});

test('DM_INTAKE: env honoured, flag wins, default poller, bad values named', async () => {
  assert.equal((await startWith([], { DM_INTAKE: 'webhook' })).dmIntake, 'webhook');
  assert.equal((await startWith(['--dm-intake', 'poller'], { DM_INTAKE: 'webhook' })).dmIntake, 'poller');
  assert.equal((await startWith(['--dm-intake', 'webhook'])).dmIntake, 'webhook');
  assert.equal((await startWith([])).dmIntake, 'poller');
  await assert.rejects(startWith(['--dm-intake', 'carrier-pigeon']), (e: Error) => e instanceof UserError && /--dm-intake "carrier-pigeon": expected poller or webhook/.test(e.message));
  await assert.rejects(startWith([], { DM_INTAKE: 'email' }), /invalid DM_INTAKE="email": expected poller or webhook/);
  assert.equal(switchesEnv(await startWith([], { DM_INTAKE: 'webhook' })).DM_INTAKE, 'webhook');
});
