// Configuration from the environment, validated once. A bad value fails with one line naming the
// variable and what it expects — never a stack trace.
import { z } from 'zod';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError } from './errors';

const port = (def: number) =>
  z.coerce.number({ error: 'a port number (1-65535)' }).int('a port number (1-65535)')
    .min(1, 'a port number (1-65535)').max(65535, 'a port number (1-65535)').default(def);

const schema = z.object({
  CHIRPFLOW_DATA_DIR: z.string().default(resolve(process.cwd(), '.data')),
  CHIRPFLOW_CACHE: z.string().default(join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'chirpflow')),
  TEMPORAL_ADDRESS: z.string().regex(/^[^:\s]+:\d+$/, 'host:port').optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_TLS_CERT: z.string().optional(),
  TEMPORAL_TLS_KEY: z.string().optional(),
  /** CA bundle (PEM file) of a self-hosted cluster whose certificate is not from a public CA. */
  TEMPORAL_TLS_CA: z.string().optional(),
  /** Name to check the server's certificate against when it differs from TEMPORAL_ADDRESS's host. */
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  TEMPORAL_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  /** The Temporal Web UI the web app links to (default: the embedded one; none for an external cluster). */
  TEMPORAL_UI_URL: z.string().regex(/^https?:\/\/[^\s]+$/, 'an http(s) URL').optional(),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'a mongodb:// or mongodb+srv:// URI').optional(),
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, 'a database name').default('chirpflow'),
  MONGO_PORT: port(27017),
  X_API_BASE_URL: z.string().url().optional(),
  X_BEARER_TOKEN: z.string().optional(),
  X_API_KEY: z.string().optional(),
  X_API_SECRET: z.string().optional(),
  X_ACCESS_TOKEN: z.string().optional(),
  X_ACCESS_SECRET: z.string().optional(),
  X_BRAND_USER_ID: z.string().regex(/^\d+$/, 'a numeric X user id').optional(),
  /** The app's X API access level: its caps on stream rules (count and length). */
  X_ACCESS_LEVEL: z.enum(['basic', 'pro', 'enterprise']).default('pro'),
  EMULATOR_PORT: port(8787),
  API_PORT: port(3000),
  METRICS_PORT: port(9464),
  TASK_QUEUE: z.string().min(1).default('chirpflow'),
  /** Workflows a worker keeps in memory; waiting conversations beyond it are replayed on their next event. */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(500),
  /** Worker processes `chirpflow start` runs (each polls every task queue; see docs/deploy-workers.md). */
  CHIRPFLOW_WORKERS: z.coerce.number({ error: 'a whole number from 1 to 64' }).int('a whole number from 1 to 64')
    .min(1, 'a whole number from 1 to 64').max(64, 'a whole number from 1 to 64').default(1),
  DEMO: z.enum(['0', '1', 'true', 'false']).default('1'),
  /** API rate limits per minute (0 = off): per key for reads and for writes, per client address. */
  RATE_LIMIT_READS_PER_MIN: z.coerce.number().int().min(0).default(1200),
  RATE_LIMIT_WRITES_PER_MIN: z.coerce.number().int().min(0).default(300),
  RATE_LIMIT_IP_PER_MIN: z.coerce.number().int().min(0).default(3000),
  RATE_LIMIT_AUTH_FAILURES_PER_MIN: z.coerce.number().int().min(0).default(30),
  /** Proxy hops in front of the API (e.g. 1 behind a TLS proxy): client addresses come from X-Forwarded-For. */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Audit entries older than this many days are removed. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
  /** Finished agent actions (claim, reply, resolve) older than this many days are removed: a retry with the same key after that is a new request. */
  AGENT_ACTION_RETENTION_DAYS: z.coerce.number({ error: 'a whole number of days (7-3650)' }).int('a whole number of days (7-3650)').min(7, 'a whole number of days (7-3650)').max(3650, 'a whole number of days (7-3650)').default(90),
  /** How replies reach conversations: the DM poller, or only the Account Activity webhook. */
  DM_INTAKE: z.enum(['poller', 'webhook'], { error: 'poller or webhook' }).default('poller'),
  /** 0: build the workflow bundle at start even when a prebuilt one exists. */
  CHIRPFLOW_PREBUILT_BUNDLE: z.enum(['0', '1']).default('1'),
  /** Influence history: days per period (one snapshot per person per period) and periods kept. */
  INFLUENCE_HISTORY_PERIOD_DAYS: z.coerce.number({ error: 'a whole number of days (1-365)' }).int('a whole number of days (1-365)').min(1, 'a whole number of days (1-365)').max(365, 'a whole number of days (1-365)').default(7),
  INFLUENCE_HISTORY_KEEP: z.coerce.number({ error: 'a number of periods (2-520)' }).int('a number of periods (2-520)').min(2, 'a number of periods (2-520)').max(520, 'a number of periods (2-520)').default(26),
});

/** Names of the settings whose values are secrets: never logged, redacted wherever they appear. */
export const SECRET_SETTINGS = [
  'TEMPORAL_API_KEY', 'TEMPORAL_TLS_KEY', 'MONGODB_URI', 'X_BEARER_TOKEN', 'X_API_KEY', 'X_API_SECRET',
  'X_ACCESS_TOKEN', 'X_ACCESS_SECRET',
] as const;

export type Config = z.infer<typeof schema> & {
  /** True when we start Temporal/Mongo/the X emulator ourselves. */
  embeddedTemporal: boolean;
  embeddedMongo: boolean;
  embeddedX: boolean;
  temporalAddress: string;
  mongoUri: string;
  xBaseUrl: string;
};

/** Validates the variables `shape` names; a bad one fails with one line naming it. */
function parseEnv<S extends z.ZodRawShape>(shape: z.ZodObject<S>, env: NodeJS.ProcessEnv): z.infer<z.ZodObject<S>> {
  // An empty variable means "not set", as shells and .env files commonly leave them.
  const set = Object.fromEntries(Object.entries(env).filter(([k, v]) => k in shape.shape && v !== undefined && v !== ''));
  const parsed = shape.safeParse(set);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new UserError(`invalid ${name}=${JSON.stringify(env[name])}: expected ${issue.message}. Fix or unset ${name}.`);
  }
  return parsed.data;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const c = parseEnv(schema, env);
  return {
    ...c,
    embeddedTemporal: !c.TEMPORAL_ADDRESS,
    embeddedMongo: !c.MONGODB_URI,
    embeddedX: !c.X_API_BASE_URL && !c.X_BEARER_TOKEN,
    temporalAddress: c.TEMPORAL_ADDRESS ?? `127.0.0.1:${c.TEMPORAL_PORT}`,
    mongoUri: c.MONGODB_URI ?? `mongodb://127.0.0.1:${c.MONGO_PORT}/`,
    xBaseUrl: c.X_API_BASE_URL ?? (c.X_BEARER_TOKEN ? 'https://api.x.com' : `http://127.0.0.1:${c.EMULATOR_PORT}`),
  };
}

// ---- settings of single features (each validated the same way) ----------------------------------

const positive = (def: number) => z.coerce.number({ error: 'a positive integer' }).int('a positive integer').min(1, 'a positive integer').default(def);

/** X's DM limits per sender and app; ours stay within them. */
export interface DmLimits {
  /** DMs per sender per 15 minutes (X: 200). */
  perSender15m: number;
  /** DMs per sender per 24 hours (X: 1,000). */
  perSenderDay: number;
  /** DMs per app per 24 hours (X: 15,000). */
  perAppDay: number;
}

export const DEFAULT_DM_LIMITS: DmLimits = { perSender15m: 200, perSenderDay: 1000, perAppDay: 15_000 };

const outreachSchema = z.object({
  CHIRPFLOW_DM_LIMIT_15M: positive(DEFAULT_DM_LIMITS.perSender15m),
  CHIRPFLOW_DM_LIMIT_DAY: positive(DEFAULT_DM_LIMITS.perSenderDay),
  CHIRPFLOW_DM_LIMIT_APP_DAY: positive(DEFAULT_DM_LIMITS.perAppDay),
  /** Margin after a DM request's timeout before its outcome is looked up at X. */
  CHIRPFLOW_DM_INFLIGHT_MARGIN_MS: z.coerce.number({ error: 'a whole number of ms' }).int('a whole number of ms').min(0, 'a whole number of ms').optional(),
});

/** Limits from CHIRPFLOW_DM_LIMIT_15M / _DAY / _APP_DAY, defaulting to X's published ones. */
export function loadDmLimits(env: NodeJS.ProcessEnv = process.env): DmLimits {
  const o = parseEnv(outreachSchema, env);
  return { perSender15m: o.CHIRPFLOW_DM_LIMIT_15M, perSenderDay: o.CHIRPFLOW_DM_LIMIT_DAY, perAppDay: o.CHIRPFLOW_DM_LIMIT_APP_DAY };
}

/** The send protocol's in-flight margin (ms), when set. */
export function loadDmInFlightMarginMs(env: NodeJS.ProcessEnv = process.env): number | undefined {
  return parseEnv(outreachSchema, env).CHIRPFLOW_DM_INFLIGHT_MARGIN_MS;
}

const analyticsSchema = z.object({
  ALERT_WEBHOOK_URL: z.string().url().refine((u) => /^https?:\/\//.test(u), 'an http(s) URL').optional(),
  /** When set, deliveries carry x-chirpflow-signature: sha256=HMAC(secret, body). */
  ALERT_WEBHOOK_SECRET: z.string().min(8).optional(),
  /** 0 disables schedule creation at worker start (tests, one-off workers). */
  ANALYTICS_SCHEDULES: z.enum(['0', '1', 'true', 'false']).default('1'),
});

export interface AnalyticsSettings { webhookUrl: string | null; webhookSecret: string | null; schedules: boolean }

export function loadAnalyticsSettings(env: NodeJS.ProcessEnv = process.env): AnalyticsSettings {
  const a = parseEnv(analyticsSchema, env);
  return {
    webhookUrl: a.ALERT_WEBHOOK_URL ?? null,
    webhookSecret: a.ALERT_WEBHOOK_SECRET ?? null,
    schedules: a.ANALYTICS_SCHEDULES === '1' || a.ANALYTICS_SCHEDULES === 'true',
  };
}

const logSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'a pino level (fatal, error, warn, info, debug, trace, silent)' }).optional(),
  /** `test` makes the default level `warn`. */
  NODE_ENV: z.string().optional(),
  /** Set by `chirpflow start` for each child process: the `svc` of its log lines. */
  CHIRPFLOW_SERVICE: z.string().default('chirpflow'),
});

export function loadLogSettings(env: NodeJS.ProcessEnv = process.env): { level: string; service: string; secrets: string[] } {
  const l = parseEnv(logSchema, env);
  return {
    level: l.LOG_LEVEL ?? (l.NODE_ENV === 'test' ? 'warn' : 'info'),
    service: l.CHIRPFLOW_SERVICE,
    secrets: SECRET_SETTINGS.map((n) => env[n]).filter((v): v is string => typeof v === 'string' && v.length >= 6),
  };
}

/** TensorFlow's native log level: only errors unless TF_CPP_MIN_LOG_LEVEL says otherwise. */
export function quietTensorflow(env: NodeJS.ProcessEnv = process.env): void {
  if (env.TF_CPP_MIN_LOG_LEVEL === undefined) env.TF_CPP_MIN_LOG_LEVEL = '2';
}

/**
 * The environment as given, for what passes it on: the child processes `chirpflow start` launches
 * and its switches (flag, else variable, else default: src/stack/switches.ts).
 */
export function processEnv(): NodeJS.ProcessEnv {
  return process.env;
}

/** Every variable read here: the README's Configuration section lists exactly these. */
export const ENV_VARIABLES: readonly string[] = [
  ...Object.keys(schema.shape), ...Object.keys(outreachSchema.shape), ...Object.keys(analyticsSchema.shape),
  ...Object.keys(logSchema.shape), 'XDG_CACHE_HOME', 'TF_CPP_MIN_LOG_LEVEL',
];
