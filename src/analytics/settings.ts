// Analytics settings from the environment (beside src/config.ts, validated the same way).
import { z } from 'zod';
import { UserError } from '../errors';

const schema = z.object({
  ALERT_WEBHOOK_URL: z.string().url().refine((u) => /^https?:\/\//.test(u), 'an http(s) URL').optional(),
  /** When set, deliveries carry x-chirpflow-signature: sha256=HMAC(secret, body). */
  ALERT_WEBHOOK_SECRET: z.string().min(8).optional(),
  /** 0 disables schedule creation at worker start (tests, one-off workers). */
  ANALYTICS_SCHEDULES: z.enum(['0', '1', 'true', 'false']).default('1'),
});

export interface AnalyticsSettings { webhookUrl: string | null; webhookSecret: string | null; schedules: boolean }

export function loadAnalyticsSettings(env: NodeJS.ProcessEnv = process.env): AnalyticsSettings {
  const set = Object.fromEntries(Object.entries(env).filter(([k, v]) => k in schema.shape && v !== undefined && v !== ''));
  const r = schema.safeParse(set);
  if (!r.success) {
    const name = String(r.error.issues[0]!.path[0]);
    throw new UserError(`invalid ${name}=${JSON.stringify(env[name])}: expected ${r.error.issues[0]!.message}. Fix or unset ${name}.`);
  }
  return {
    webhookUrl: r.data.ALERT_WEBHOOK_URL ?? null,
    webhookSecret: r.data.ALERT_WEBHOOK_SECRET ?? null,
    schedules: r.data.ANALYTICS_SCHEDULES === '1' || r.data.ANALYTICS_SCHEDULES === 'true',
  };
}
