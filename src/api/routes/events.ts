// Live updates for the browser (server-sent events). FerretDB 1.x has no change streams, so one
// poller per API process reads the open escalations' ids/status/updatedAt (a small collection)
// every half second while anyone listens, and tells listeners when that set changed. Events carry
// no data beyond "changed": the page re-reads through the normal, role-checked routes.
import type { Db } from 'mongodb';
import type { Response } from 'express';
import type { RouteContext } from '../app';
import { requireRole } from '../auth';
import { outreachCollections } from '../../store/conversations';

export const POLL_MS = 500;
const HEARTBEAT_MS = 15_000;

export class EscalationWatch {
  private listeners = new Set<Response>();
  private timer: NodeJS.Timeout | undefined;
  private last = '';
  private busy = false;
  constructor(private db: Db, private pollMs = POLL_MS) {}

  add(res: Response): void {
    this.listeners.add(res);
    if (!this.timer) {
      this.timer = setInterval(() => { void this.tick(); }, this.pollMs);
      this.timer.unref();
    }
  }

  remove(res: Response): void {
    this.listeners.delete(res);
    if (this.listeners.size === 0 && this.timer) { clearInterval(this.timer); this.timer = undefined; this.last = ''; }
  }

  /** Reads the fingerprint of the live escalations; a change is sent to every listener. */
  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const docs = await outreachCollections(this.db).escalations
        .find({ status: { $in: ['open', 'claimed'] } }, { projection: { _id: 1, status: 1, claimedBy: 1, updatedAt: 1 } }).toArray();
      const print = docs.map((d) => `${d._id}|${d.status}|${d.claimedBy ?? ''}|${new Date(d.updatedAt).getTime()}`).sort().join(',');
      if (print !== this.last) {
        this.last = print;
        for (const res of this.listeners) send(res, 'escalations', { open: docs.filter((d) => d.status === 'open').length, at: new Date() });
      }
    } catch {
      // The database hiccuped: try again at the next tick; listeners keep their last view.
    } finally {
      this.busy = false;
    }
  }
}

function send(res: Response, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

let openStreams = 0;
/** Event streams open in this process: one per connected browser, none left once they are gone. */
export const openEventStreams = (): number => openStreams;

export function mount({ router, deps }: RouteContext): void {
  const watch = new EscalationWatch(deps.db);
  // Not listed in /openapi.json: a stream that never ends is not a request/response route (and
  // generic clients of the spec, such as the API fuzz test, would wait on it forever).
  router.get('/events', requireRole('agent', 'operator'), (req, res) => {
    // The browser may have gone while authentication awaited the store: its 'close' has fired
    // already, and a stream opened now would tick (and hold the process) forever.
    if (req.socket.destroyed || res.destroyed) return;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(`retry: 1000\n\n`);
    send(res, 'ready', { pollMs: POLL_MS });
    watch.add(res);
    openStreams++;
    const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    // The response's 'close' comes once, when the connection ends for whatever reason.
    res.on('close', () => {
      openStreams--;
      clearInterval(beat);
      watch.remove(res);
    });
  });
}
