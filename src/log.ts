import pino from 'pino';
import { loadLogSettings } from './config';

/** Keys whose values never reach a log line (pino's fast path; scrub() below covers any depth). */
export const REDACT = [
  '*.password', '*.secret', '*.token', '*.apiKey', '*.authorization', '*.bearerToken',
  'req.headers.authorization', 'req.headers["x-api-key"]', 'headers.authorization',
  '*.consumerSecret', '*.accessSecret', '*.accessToken',
];

/** A field whose name says it holds a secret, at any depth (x-api-key, X_BEARER_TOKEN, cookie...). */
const SECRET_FIELD = /(pass(word)?|secret|token|api[-_]?key|authori[sz]ation|cookie|bearer|credential|private[-_]?key)/i;
const CENSOR = '[redacted]';
const MAX_DEPTH = 8;

/** The values of the secret settings in this process's environment (too short ones would censor noise). */
export function secretValues(env?: NodeJS.ProcessEnv): string[] {
  return loadLogSettings(env).secrets;
}

/** Censors known secret values and credentials in URIs inside a text. */
export function scrubText(text: string, secrets: string[]): string {
  let out = text.replace(/(\w+:\/\/)[^@/\s]+@/g, `$1${CENSOR}@`);
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(CENSOR);
  return out;
}

/** A copy of a log record with secret fields and secret values censored, at any depth. */
export function scrub(value: unknown, secrets: string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_FIELD.test(k) && v !== undefined && v !== null && v !== '' ? CENSOR : scrub(v, secrets, depth + 1);
  }
  return out;
}

const settings = loadLogSettings();
const secrets = settings.secrets;

export const logger = pino({
  level: settings.level,
  redact: { paths: REDACT, censor: CENSOR },
  base: { svc: settings.service },
  formatters: { log: (obj) => scrub(obj, secrets) as Record<string, unknown> },
  hooks: {
    logMethod(args, method) {
      // The message text too: an error message may quote a URI or a header.
      method.apply(this, args.map((a) => (typeof a === 'string' ? scrubText(a, secrets) : a)) as Parameters<typeof method>);
    },
  },
});

export type Logger = typeof logger;
