// Delivers a crisis alert to the configured webhook. One attempt per call: retries are Temporal's
// (the activity's retry policy), and every attempt is recorded on the alert.
import { createHmac } from 'node:crypto';
import type { Db } from 'mongodb';
import { analytics, type AlertDoc, type DeliveryStatus } from '../store/analytics';

export class PermanentDeliveryError extends Error {}

export interface DeliveryOutcome { status: DeliveryStatus; attempts: number }

export function alertPayload(a: AlertDoc) {
  return {
    id: a._id, type: a.type, kind: a.kind, key: a.key, hour: a.hour.toISOString(), observed: a.observed, baseline: a.baseline,
    zScore: a.zScore, reasons: a.reasons, createdAt: a.createdAt.toISOString(),
  };
}

export async function deliverAlertOnce(db: Db, alertId: string, target: { url: string | null; secret: string | null; timeoutMs?: number }): Promise<DeliveryOutcome> {
  const alerts = analytics(db).alerts;
  const alert = await alerts.findOne({ _id: alertId });
  if (!alert) throw new PermanentDeliveryError(`alert ${alertId} not found`);
  if (alert.delivery.status === 'delivered' || alert.delivery.status === 'skipped') return { status: alert.delivery.status, attempts: alert.delivery.attempts };
  if (!target.url) {
    await alerts.updateOne({ _id: alertId }, { $set: { 'delivery.status': 'skipped', 'delivery.lastError': 'ALERT_WEBHOOK_URL is not set', 'delivery.updatedAt': new Date() } });
    return { status: 'skipped', attempts: alert.delivery.attempts };
  }
  const body = JSON.stringify({ event: 'chirpflow.alert', alert: alertPayload(alert) });
  const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': alertId, 'user-agent': 'chirpflow-alerts' };
  if (target.secret) headers['x-chirpflow-signature'] = `sha256=${createHmac('sha256', target.secret).update(body).digest('hex')}`;
  let error: string | null = null;
  let permanent = false;
  try {
    const res = await fetch(target.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(target.timeoutMs ?? 10_000) });
    if (!res.ok) {
      error = `webhook answered HTTP ${res.status}`;
      // Client errors other than timeouts/rate limits will not fix themselves by retrying.
      permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
    }
    await res.body?.cancel().catch(() => undefined);
  } catch (err) {
    error = `webhook unreachable: ${(err as Error).message}`;
  }
  const now = new Date();
  if (error === null) {
    await alerts.updateOne({ _id: alertId }, { $set: { 'delivery.status': 'delivered', 'delivery.deliveredAt': now, 'delivery.updatedAt': now }, $inc: { 'delivery.attempts': 1 }, $unset: { 'delivery.lastError': '' } });
    return { status: 'delivered', attempts: alert.delivery.attempts + 1 };
  }
  await alerts.updateOne({ _id: alertId }, { $set: { 'delivery.lastError': error, 'delivery.updatedAt': now }, $inc: { 'delivery.attempts': 1 } });
  throw permanent ? new PermanentDeliveryError(error) : new Error(error);
}

export async function markAlertFailed(db: Db, alertId: string, reason: string): Promise<void> {
  await analytics(db).alerts.updateOne({ _id: alertId, 'delivery.status': 'pending' }, { $set: { 'delivery.status': 'failed', 'delivery.lastError': reason, 'delivery.updatedAt': new Date() } });
}
