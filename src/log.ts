import pino from 'pino';

/** Keys whose values never reach a log line. */
export const REDACT = [
  '*.password', '*.secret', '*.token', '*.apiKey', '*.authorization', '*.bearerToken',
  'req.headers.authorization', 'req.headers["x-api-key"]', 'headers.authorization',
  '*.consumerSecret', '*.accessSecret', '*.accessToken',
];

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info'),
  redact: { paths: REDACT, censor: '[redacted]' },
  base: { svc: process.env.CHIRPFLOW_SERVICE ?? 'chirpflow' },
});

export type Logger = typeof logger;
