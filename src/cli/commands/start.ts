import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { UserError } from '../../errors';
import { resolveStartSwitches, type StartFlags, type StartSwitches } from '../../stack/switches';
import { processEnv } from '../../config';

/** How many worker processes, and anything else `start` decides that is not a child's switch. */
export interface StartOptions { workers: number }

/** Starts the stack with the resolved switches (replaceable so tests can check what a command line means). */
export type StartRunner = (switches: StartSwitches, o: StartOptions) => Promise<void>;

const runStack: StartRunner = async (switches, o) => {
  // Loaded on use: the stack's imports are heavy and other commands should start fast.
  const { startStack } = await import('../../stack/supervisor');
  await startStack(switches, o);
};

/** --workers wins over CHIRPFLOW_WORKERS (read through src/config.ts), default 1. */
export function resolveWorkers(flag: string | undefined, env: NodeJS.ProcessEnv): number {
  if (flag === undefined) return loadConfig(env).CHIRPFLOW_WORKERS;
  const n = Number(flag);
  if (!/^\d+$/.test(flag) || n < 1 || n > 64) throw new UserError(`invalid --workers ${JSON.stringify(flag)}: expected a whole number from 1 to 64.`);
  return n;
}

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
    .option('--workers <n>', 'worker processes to run (env CHIRPFLOW_WORKERS, default 1)')
    .action(async (o: StartFlags & { workers?: string }) => {
      const { workers, ...flags } = o;
      await run(resolveStartSwitches(flags, env), { workers: resolveWorkers(workers, env) });
    });
}
