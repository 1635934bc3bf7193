// The one way the page talks to the API: same origin, the session cookie, and the CSRF token on
// every write. Errors keep the API's { code, message, details } so forms can place them.
export type Role = 'admin' | 'marketer' | 'agent' | 'operator';
export interface Links { temporalUi: string | null; namespace: string; metrics: string }
export interface Session { name: string; role: Role; who?: string; csrf: string; links: Links }
/** Whether an agent field (claimedBy: name#id, or a bare name before key identities) is this session. */
export const isMe = (s: Session, agent: string | undefined) => !!agent && (agent === s.who || (!agent.includes('#') && agent === s.name));
/** An agent identity for display: the name without its key id. */
export const agentName = (agent: string | undefined) => (agent ?? '').split('#')[0];

export class ApiError extends Error {
  constructor(
    public status: number, public code: string, message: string, public details?: { path: string; message: string }[],
    /** Seconds to wait before sending the same request again (429, 503). */
    public retryAfterS?: number,
  ) {
    super(message);
  }
}

let csrf = '';
export const setCsrf = (t: string) => { csrf = t; };

export async function call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(path, {
    method, credentials: 'same-origin',
    headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(method !== 'GET' ? { 'x-csrf-token': csrf } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: any;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  if (!res.ok) {
    const e = json?.error ?? {};
    const retryAfter = Number(res.headers.get('retry-after') ?? NaN);
    throw new ApiError(res.status, e.code ?? 'http', e.message ?? `${res.status} ${res.statusText}`, Array.isArray(e.details) ? e.details : undefined,
      Number.isFinite(retryAfter) ? retryAfter : undefined);
  }
  return { status: res.status, body: json as T };
}

/**
 * Idempotency keys of agent actions not yet answered for good, by what they ask. A retry — ours
 * after a 503/429, or the agent's second click after an error or a lost connection — is then the
 * same action, which the conversation performs once; a new key could send a reply twice.
 */
const unsettled = new Map<string, string>();

/**
 * POSTs an agent action (claim, reply, resolve) with an Idempotency-Key kept until the API answers
 * for good (2xx, or a 4xx other than 429). 503 and 429 are retried after Retry-After, `tries` times.
 */
export async function action<T = any>(path: string, body: unknown, o: { tries?: number; sleep?: (ms: number) => Promise<void> } = {}): Promise<{ status: number; body: T }> {
  const what = `${path} ${JSON.stringify(body)}`;
  const key = unsettled.get(what) ?? globalThis.crypto.randomUUID();
  unsettled.set(what, key);
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await call<T>('POST', path, body, { 'idempotency-key': key });
      unsettled.delete(what);
      return r;
    } catch (e) {
      // No answer (the request may have landed) or "send it again": the key stays for the next try.
      if (!(e instanceof ApiError)) throw e;
      if (e.status !== 503 && e.status !== 429) {
        unsettled.delete(what);
        throw e;
      }
      if (attempt >= (o.tries ?? 5)) throw e;
      await sleep(1000 * (e.retryAfterS ?? 2));
    }
  }
}

export const get = async <T = any>(path: string) => (await call<T>('GET', path)).body;
export const post = async <T = any>(path: string, body: unknown = {}, headers?: Record<string, string>) => (await call<T>('POST', path, body, headers)).body;

/** Which pages a role may see; the API still answers 403 to anything else. */
export const CAN = {
  inbox: ['admin', 'agent', 'operator'],
  review: ['admin', 'marketer', 'operator'],
  campaigns: ['admin', 'marketer'],
  analytics: ['admin', 'marketer', 'operator'],
  status: ['admin', 'operator'],
  planning: ['admin', 'marketer'],
  profiles: ['admin', 'marketer', 'agent'],
  suppressions: ['admin', 'operator'],
} as const satisfies Record<string, readonly Role[]>;
export const can = (role: Role, what: keyof typeof CAN) => (CAN[what] as readonly Role[]).includes(role);

export const fmtTime = (d: string | Date | null | undefined) => (d ? new Date(d).toLocaleString() : '—');
export const ago = (d: string | Date) => {
  const s = Math.max(0, Math.round((Date.now() - new Date(d).getTime()) / 1000));
  return s < 60 ? `${s}s ago` : s < 3600 ? `${Math.round(s / 60)}m ago` : s < 86400 ? `${Math.round(s / 3600)}h ago` : `${Math.round(s / 86400)}d ago`;
};
export const workflowUrl = (links: Links, workflowId: string) =>
  links.temporalUi ? `${links.temporalUi}/namespaces/${encodeURIComponent(links.namespace)}/workflows/${encodeURIComponent(workflowId)}` : null;
