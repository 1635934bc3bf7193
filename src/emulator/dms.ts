// Direct messages between the brand and the synthetic audience. People answer the brand's first
// message after a delay with YES, HELP, STOP, free text or not at all — each person's behaviour
// is fixed by the seed, so a run is reproducible per user regardless of message order.
import { Rng, hash32 } from './rng';
import { DM_FREE_TEXT, DM_UNSOLICITED } from './lexicon';
import { IdSource, type DmRecord } from './model';
import type { World } from './world';
import { compareIds } from './ids';

export interface ReplyProfile {
  yes: number;
  help: number;
  stop: number;
  free: number;
  none: number;
  /** Reply delay range in ms. */
  minDelayMs: number;
  maxDelayMs: number;
  /** Unsolicited DMs to the brand per minute across the audience (0 = none). */
  unsolicitedPerMinute: number;
}

export const DEFAULT_REPLY_PROFILE: ReplyProfile = {
  yes: 0.25, help: 0.1, stop: 0.1, free: 0.2, none: 0.35,
  minDelayMs: 2_000, maxDelayMs: 60_000, unsolicitedPerMinute: 0,
};

export type Behaviour = 'yes' | 'help' | 'stop' | 'free' | 'none';

export function behaviourOf(seed: number, userId: string, p: ReplyProfile): Behaviour {
  const u = hash32(`${seed}:dm:${userId}`) / 4294967296;
  const order: Behaviour[] = ['yes', 'help', 'stop', 'free', 'none'];
  const total = order.reduce((s, b) => s + p[b], 0);
  let acc = 0;
  for (const b of order) {
    acc += p[b] / total;
    if (u < acc) return b;
  }
  return 'none';
}

export function conversationId(a: string, b: string): string {
  return compareIds(a, b) <= 0 ? `${a}-${b}` : `${b}-${a}`;
}

/** X's bad days for DMs: listing lag and link rewriting (control API: PUT /_emulator/dm-options). */
export interface DmOptions {
  /** New DMs appear in GET /2/dm_events only this long after they were sent. */
  visibleAfterMs: number;
  /** Rewrite links in sent DMs to https://t.co/… as X does. */
  rewriteLinks: boolean;
}

const LINK = /\bhttps?:\/\/\S+|\b(?:[a-z0-9-]+\.)+(?:com|net|org|io|co|shop|store|app)(?:\/\S*)?/gi;

/** X's link shortening: every link becomes a t.co link (deterministic per link). */
export function rewriteLinks(text: string): string {
  return text.replace(LINK, (url) => `https://t.co/${hash32(`tco:${url}`).toString(36).padStart(7, '0').slice(0, 10)}`);
}

export class DmBook {
  options: DmOptions = { visibleAfterMs: 0, rewriteLinks: false };
  events: DmRecord[] = [];
  readonly ids = new IdSource(1_950_000_000_000_000_000n);
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly answered = new Set<string>();
  private unsolicitedTimer?: NodeJS.Timeout;
  private readonly rng: Rng;

  constructor(private readonly world: World, private readonly seed: number, public profile: ReplyProfile) {
    this.rng = new Rng(hash32(`${seed}:unsolicited`));
    this.startUnsolicited();
  }

  private record(sender: string, recipient: string, text: string, origin: DmRecord['origin'], extra: Partial<DmRecord> = {}): DmRecord {
    const e: DmRecord = {
      id: this.ids.next(),
      event_type: 'MessageCreate',
      text,
      sender_id: sender,
      recipient_id: recipient,
      dm_conversation_id: conversationId(sender, recipient),
      created_at: new Date().toISOString(),
      participant_ids: [sender, recipient],
      origin,
      ...extra,
    };
    this.events.push(e);
    return e;
  }

  /** The brand sends a DM (POST /2/dm_conversations/with/:id/messages). */
  sendFromBrand(recipient: string, text: string): DmRecord {
    const brand = this.world.brand.id;
    const dups = this.events.filter((e) => e.origin === 'api' && e.recipient_id === recipient && (e.sentText ?? e.text) === text).map((e) => e.id);
    const shown = this.options.rewriteLinks ? rewriteLinks(text) : text;
    const e = this.record(brand, recipient, shown, 'api', {
      ...(dups.length ? { duplicateOf: dups } : {}),
      ...(shown !== text ? { sentText: text } : {}),
      ...(this.options.visibleAfterMs > 0 ? { visibleAt: Date.now() + this.options.visibleAfterMs } : {}),
    });
    this.scheduleReply(recipient);
    return e;
  }

  /** A person writes to the brand (simulated or injected through the control API). */
  receive(sender: string, text: string, origin: 'simulated' | 'injected', behaviour?: string): DmRecord {
    return this.record(sender, this.world.brand.id, text, origin, behaviour ? { behaviour } : {});
  }

  private scheduleReply(userId: string): void {
    if (this.answered.has(userId)) return;
    this.answered.add(userId);
    const b = behaviourOf(this.seed, userId, this.profile);
    if (b === 'none') return;
    const r = new Rng(hash32(`${this.seed}:dmreply:${userId}`));
    const { minDelayMs, maxDelayMs } = this.profile;
    const delay = minDelayMs + Math.floor(r.next() * Math.max(0, maxDelayMs - minDelayMs));
    const text = b === 'yes' ? r.pick(['YES', 'Yes', 'yes!', 'YES please']) : b === 'help' ? 'HELP' : b === 'stop' ? 'STOP' : r.pick(DM_FREE_TEXT);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.receive(userId, text, 'simulated', b);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  private startUnsolicited(): void {
    clearInterval(this.unsolicitedTimer);
    const perMin = this.profile.unsolicitedPerMinute;
    if (perMin <= 0) return;
    const every = Math.max(50, 60_000 / perMin);
    this.unsolicitedTimer = setInterval(() => {
      const ids = this.world.userIds;
      const user = ids[1 + this.rng.int(ids.length - 1)]!;
      this.receive(user, this.rng.pick(DM_UNSOLICITED), 'simulated', 'unsolicited');
    }, every);
    this.unsolicitedTimer.unref();
  }

  setProfile(p: ReplyProfile): void {
    this.profile = p;
    this.startUnsolicited();
  }

  /** Newest first, like GET /2/dm_events; `before` is an exclusive id cursor. */
  page(max: number, before?: string, withUser?: string): { items: DmRecord[]; next?: string } {
    const items: DmRecord[] = [];
    const now = Date.now();
    const shown = (e: DmRecord) => (e.visibleAt === undefined || e.visibleAt <= now) && (!withUser || e.participant_ids.includes(withUser));
    for (let i = this.events.length - 1; i >= 0 && items.length < max; i--) {
      const e = this.events[i]!;
      if (before && compareIds(e.id, before) >= 0) continue;
      if (shown(e)) items.push(e);
    }
    const last = items[items.length - 1];
    const more = last ? this.events.some((e) => compareIds(e.id, last.id) < 0 && shown(e)) : false;
    return more && last ? { items, next: last.id } : { items };
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    clearInterval(this.unsolicitedTimer);
  }

  reset(): void {
    this.close();
    this.events = [];
    this.options = { visibleAfterMs: 0, rewriteLinks: false };
    this.answered.clear();
    this.startUnsolicited();
  }
}
