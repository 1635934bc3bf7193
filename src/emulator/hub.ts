// Filtered-stream connections. Each broadcast serialises a tweet once per distinct field shape and
// writes each connection's lines in one socket write, which is what keeps the emulator fast.
import type { ServerResponse } from 'node:http';
import type { EmuRule, EmuTweet, EmuUser } from './model';
import { projectTweet, projectUser, type Projection } from './project';

export interface StreamConn {
  id: number;
  res: ServerResponse;
  proj: Projection;
  /** While stalled nothing is written, not even keep-alives (tests the client's timeout). */
  stalled: boolean;
  lastWrite: number;
}

export interface Matched {
  tweet: EmuTweet;
  author: EmuUser;
  rules: EmuRule[];
}

/** A client that lets this much pile up unread is disconnected, as X does with slow readers. */
const MAX_BUFFERED = 64 * 1024 * 1024;

export class StreamHub {
  readonly conns = new Map<number, StreamConn>();
  private nextId = 1;
  private keepAlive?: NodeJS.Timeout;

  constructor(private keepAliveMs: number) {
    this.startKeepAlive();
  }

  private startKeepAlive(): void {
    clearInterval(this.keepAlive);
    this.keepAlive = setInterval(() => {
      const now = Date.now();
      for (const c of this.conns.values()) {
        if (!c.stalled && now - c.lastWrite >= this.keepAliveMs * 0.9) {
          c.res.write('\r\n');
          c.lastWrite = now;
        }
      }
    }, this.keepAliveMs);
    this.keepAlive.unref();
  }

  setKeepAlive(ms: number): void {
    this.keepAliveMs = ms;
    this.startKeepAlive();
  }

  add(res: ServerResponse, proj: Projection): StreamConn {
    const c: StreamConn = { id: this.nextId++, res, proj, stalled: false, lastWrite: Date.now() };
    this.conns.set(c.id, c);
    res.on('close', () => this.conns.delete(c.id));
    return c;
  }

  /** Writes the batch; returns how many live connections received each line. */
  broadcast(batch: Matched[]): number {
    if (!batch.length) return 0;
    const live = [...this.conns.values()].filter((c) => !c.stalled);
    if (!live.length) return 0;
    const byShape = new Map<string, string>();
    const now = Date.now();
    for (const c of live) {
      let chunk = byShape.get(c.proj.key);
      if (chunk === undefined) {
        const parts: string[] = new Array(batch.length);
        for (let i = 0; i < batch.length; i++) parts[i] = serialise(batch[i]!, c.proj);
        chunk = parts.join('');
        byShape.set(c.proj.key, chunk);
      }
      c.res.write(chunk);
      c.lastWrite = now;
      if (c.res.writableLength > MAX_BUFFERED) this.disconnectSlow(c);
    }
    return live.length;
  }

  private disconnectSlow(c: StreamConn): void {
    const err = {
      errors: [{
        title: 'operational-disconnect',
        disconnect_type: 'OperationalDisconnect',
        detail: 'This stream has been disconnected because your client was unable to keep up with us.',
        type: 'https://api.twitter.com/2/problems/operational-disconnect',
      }],
    };
    c.res.end(JSON.stringify(err) + '\r\n');
    this.conns.delete(c.id);
  }

  writeRaw(text: string): void {
    for (const c of this.conns.values()) if (!c.stalled) c.res.write(text);
  }

  /** Cuts every connection abruptly (no error payload), like a network failure. */
  dropAll(): number {
    const n = this.conns.size;
    for (const c of this.conns.values()) c.res.destroy();
    this.conns.clear();
    return n;
  }

  stallAll(stalled: boolean): void {
    for (const c of this.conns.values()) c.stalled = stalled;
  }

  close(): void {
    clearInterval(this.keepAlive);
    this.dropAll();
  }
}

export function serialise(m: Matched, p: Projection): string {
  const payload: Record<string, unknown> = { data: projectTweet(m.tweet, p) };
  if (p.expandAuthor) payload.includes = { users: [projectUser(m.author, p)] };
  payload.matching_rules = m.rules.map((r) => ({ id: r.id, tag: r.tag ?? '' }));
  return JSON.stringify(payload) + '\r\n';
}
