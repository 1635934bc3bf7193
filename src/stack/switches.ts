// The switches of `chirpflow start`: each has a flag and an environment variable, and they agree —
// the flag wins, the variable applies otherwise, else the documented default. The resolved values
// go to the worker and the API as their environment, so every process sees the same choice.
import { UserError } from '../errors';
import { processEnv } from '../config';

export interface StartFlags {
  /** --demo / --no-demo (undefined: not given). */
  demo?: boolean;
  /** --analytics-schedules / --no-analytics-schedules. */
  analyticsSchedules?: boolean;
  /** --dm-intake <poller|webhook>. */
  dmIntake?: string;
}

export interface StartSwitches {
  demo: boolean;
  analyticsSchedules: boolean;
  dmIntake: 'poller' | 'webhook';
}

/** Documented defaults (README, "Configuration"). */
export const SWITCH_DEFAULTS: StartSwitches = { demo: true, analyticsSchedules: true, dmIntake: 'poller' };

function boolEnv(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  throw new UserError(`invalid ${name}=${JSON.stringify(v)}: expected 0, 1, true or false. Fix or unset ${name}.`);
}

function intake(v: string | undefined, from: 'flag' | 'env'): StartSwitches['dmIntake'] | undefined {
  if (v === undefined || v === '') return undefined;
  if (v === 'poller' || v === 'webhook') return v;
  throw new UserError(from === 'flag'
    ? `invalid --dm-intake ${JSON.stringify(v)}: expected poller or webhook.`
    : `invalid DM_INTAKE=${JSON.stringify(v)}: expected poller or webhook. Fix or unset DM_INTAKE.`);
}

export function resolveStartSwitches(flags: StartFlags, env: NodeJS.ProcessEnv = processEnv()): StartSwitches {
  return {
    demo: flags.demo ?? boolEnv(env, 'DEMO') ?? SWITCH_DEFAULTS.demo,
    analyticsSchedules: flags.analyticsSchedules ?? boolEnv(env, 'ANALYTICS_SCHEDULES') ?? SWITCH_DEFAULTS.analyticsSchedules,
    dmIntake: intake(flags.dmIntake, 'flag') ?? intake(env.DM_INTAKE, 'env') ?? SWITCH_DEFAULTS.dmIntake,
  };
}

/** The switches as the child processes read them. */
export function switchesEnv(s: StartSwitches): Record<'DEMO' | 'ANALYTICS_SCHEDULES' | 'DM_INTAKE', string> {
  return { DEMO: s.demo ? '1' : '0', ANALYTICS_SCHEDULES: s.analyticsSchedules ? '1' : '0', DM_INTAKE: s.dmIntake };
}
