// Every state-changing API call lands in the audit trail when its answer is sent: who (key
// identity, or "anonymous" when authentication failed), the route, the outcome.
import type { Db } from 'mongodb';
import type { RequestHandler } from 'express';
import { recordAudit } from '../../store/audit';

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function auditCalls(db: Db): RequestHandler {
  return (req, res, next) => {
    if (!CHANGES.has(req.method)) return next();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : req.path;
      const outcome = res.statusCode < 400 ? 'ok' : res.statusCode < 500 ? 'refused' : 'error';
      recordAudit(db, {
        who: req.principal?.who ?? 'anonymous', action: `${req.method} ${route}`, path: req.path, status: res.statusCode, outcome,
        ...(req.params && Object.keys(req.params).length ? { params: { ...req.params } } : {}),
        ip: req.ip,
      }).catch((err: Error) => req.log?.warn({ err: err.message }, 'audit write failed'));
    });
    next();
  };
}
