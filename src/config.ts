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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as shells and .env files commonly leave them.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new UserError(`invalid ${name}=${JSON.stringify(env[name])}: expected ${issue.message}. Fix or unset ${name}.`);
  }
  const c = parsed.data;
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
