import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import { DomainError, type DomainErrorKind } from '../errors';

/** The HTTP status of each kind of domain error. */
export const STATUS_OF: Record<DomainErrorKind, number> = { invalid: 400, not_found: 404, conflict: 409, unprocessable: 422, unavailable: 503 };

/** Seconds a client waits before sending a request the API could not complete now (503). */
export const UNAVAILABLE_RETRY_AFTER_S = 2;

/** One JSON error shape for every failure: { error: { code, message, details? } }. */
export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string, public details?: unknown) {
    super(message);
  }
}

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const notFound: RequestHandler = (req, _res, next) =>
  next(new ApiError(404, 'not_found', `no route for ${req.method} ${req.path}`));

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (err instanceof ApiError) {
    res.status(err.status).json({ error: { code: err.code, message: err.message, details: err.details } });
    return;
  }
  if (err instanceof DomainError) {
    // "Send it again": a client (or proxy) that honours Retry-After retries without guessing.
    if (err.kind === 'unavailable') res.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
    res.status(STATUS_OF[err.kind]).json({ error: { code: err.code, message: err.message, details: err.details } });
    return;
  }
  // body-parser errors carry a status and a type
  const e = err as { status?: number; type?: string; message?: string };
  if (e.type === 'entity.too.large') {
    res.status(413).json({ error: { code: 'too_large', message: 'request body is larger than allowed' } });
    return;
  }
  if (e.type === 'entity.parse.failed') {
    res.status(400).json({ error: { code: 'invalid_json', message: 'request body is not valid JSON' } });
    return;
  }
  // Other client errors the body parser raises (unsupported charset or encoding, aborted request…).
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && (err as { expose?: boolean }).expose) {
    res.status(e.status).json({ error: { code: e.type?.replace(/\W+/g, '_') ?? 'bad_request', message: e.message ?? 'bad request' } });
    return;
  }
  req.log?.error({ err }, 'unhandled error');
  res.status(500).json({ error: { code: 'internal', message: 'internal error' } });
};
