// Browser sign-in: POST /session exchanges an API key for a session cookie (see ../session.ts);
// GET /session says who is signed in (and the CSRF token the page must send with writes);
// DELETE /session signs out. Public routes: they authenticate by the key in the body or the cookie.
import { z } from 'zod';
import type { Request, RequestHandler } from 'express';
import type { RouteContext } from '../app';
import type { Config } from '../../config';
import { audit, type Principal } from '../auth';
import { ApiError } from '../errors';
import { parse } from '../validate';
import { checkCsrf, clearSessionCookie, createSession, deleteSession, findSession, setSessionCookie, type SessionDoc } from '../session';

const SignIn = z.strictObject({ key: z.string().trim().min(1).max(200) });

/** Where the browser links to: the Temporal Web UI and the worker's metrics (embedded defaults). */
export function uiLinks(config: Config) {
  return {
    temporalUi: config.TEMPORAL_UI_URL?.replace(/\/$/, '') ?? (config.embeddedTemporal ? `http://127.0.0.1:${config.TEMPORAL_UI_PORT}` : null),
    namespace: config.TEMPORAL_NAMESPACE,
    metrics: `http://127.0.0.1:${config.METRICS_PORT}/metrics`,
  };
}

export function mount({ publicRouter, deps, registry, authFailures }: RouteContext): void {
  const view = (s: SessionDoc & { principal: Principal }) => ({ name: s.name, role: s.role, who: s.principal.who, csrf: s.csrf, expiresAt: s.expiresAt, links: uiLinks(deps.config) });
  const current = async (req: Request) => {
    const s = await findSession(deps.db, req);
    if (!s) throw new ApiError(401, 'unauthenticated', 'not signed in');
    return s;
  };

  registry.registerPath({
    method: 'post', path: '/session', summary: 'Sign in: exchange an API key for an HttpOnly session cookie (browser)', security: [],
    request: { body: { content: { 'application/json': { schema: SignIn } } } },
    responses: { 201: { description: 'signed in: { name, role, csrf } (send csrf as x-csrf-token with writes)' }, 401: { description: 'unknown or revoked key' } },
  });
  // Sign-in is where keys would be guessed: failures count toward the per-address limit, and once it
  // is spent the address waits (429) like any API call with a bad key.
  const guard: RequestHandler = authFailures.guard ?? ((_req, _res, next) => next());
  publicRouter.post('/session', guard, async (req, res) => {
    const { key } = parse(SignIn, req.body ?? {});
    const created = await createSession(deps.db, key);
    if (!created) {
      await authFailures.record(req);
      throw new ApiError(401, 'unauthenticated', 'unknown or revoked API key');
    }
    await audit(deps.db, created.doc.principal.who, 'session.create', { role: created.doc.role });
    setSessionCookie(req, res, created.token);
    res.status(201).json(view(created.doc));
  });

  registry.registerPath({ method: 'get', path: '/session', summary: 'The signed-in browser session', security: [], responses: { 200: { description: '{ name, role, csrf }' }, 401: { description: 'not signed in' } } });
  publicRouter.get('/session', async (req, res) => {
    res.set('cache-control', 'no-store').json(view(await current(req)));
  });

  registry.registerPath({ method: 'delete', path: '/session', summary: 'Sign out (needs x-csrf-token)', security: [], responses: { 204: { description: 'signed out' } } });
  publicRouter.delete('/session', async (req, res) => {
    const s = await current(req);
    checkCsrf(req, s);
    await deleteSession(deps.db, s);
    clearSessionCookie(req, res);
    res.status(204).end();
  });
}
