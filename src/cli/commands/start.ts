import type { Command } from 'commander';
import { resolveStartSwitches, type StartFlags, type StartSwitches } from '../../stack/switches';
import { processEnv } from '../../config';

/** Starts the stack with the resolved switches (replaceable so tests can check what a command line means). */
export type StartRunner = (switches: StartSwitches) => Promise<void>;

const runStack: StartRunner = async (switches) => {
  // Loaded on use: the stack's imports are heavy and other commands should start fast.
  const { startStack } = await import('../../stack/supervisor');
  await startStack(switches);
};

export function register(program: Command, run: StartRunner = runStack, env: NodeJS.ProcessEnv = processEnv()): void {
  // Each switch is declared in both forms and without a default, so "not given" stays undefined
  // and the environment variable applies (a lone --no-x would default x to true and hide the env).
  program
    .command('start')
    .description('start the whole stack (embedded Temporal, FerretDB and X emulator unless env vars point elsewhere)')
    .option('--demo', 'start the demo campaign (env DEMO, default 1)')
    .option('--no-demo', 'do not start the demo campaign')
    .option('--analytics-schedules', 'create the analytics-* schedules (env ANALYTICS_SCHEDULES, default 1)')
    .option('--no-analytics-schedules', 'do not create the analytics schedules')
    .option('--dm-intake <mode>', 'how DM replies arrive: poller or webhook (env DM_INTAKE, default poller)')
    .action(async (o: StartFlags) => {
      await run(resolveStartSwitches(o, env));
    });
}
