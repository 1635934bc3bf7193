// Shared outreach test plumbing: settings, a fake X that records DMs (for time-skipping runs
// where the emulator's real clock would not follow), activities over a real MongoDB.
import { randomInt } from 'node:crypto';
import type { Db } from 'mongodb';
import { loadConfig } from '../../src/config';
import { logger } from '../../src/log';
import { createOutreachActivities, type OutreachOptions } from '../../src/activities/outreach';
import { createOptInActivities } from '../../src/activities/optin';
import type { DmEvent, XClient } from '../../src/x';
import { XForbiddenError } from '../../src/x';
import type { OutreachSettings } from '../../src/domain/conversation';
import type { OutreachInput } from '../../src/workflows/outreach/contract';

export const BRAND = '1000000001';
export const DAY = 24 * 3600_000;

export function settings(over: Partial<OutreachSettings> = {}): OutreachSettings {
  return {
    policy: 'auto', consentBasis: 'replied to our post asking for DMs', replyTimeoutMs: DAY, maxReminders: 2, reviewExpiryMs: 3 * DAY,
    optInKeyword: 'JOIN', brand: 'Acme',
    templates: {
      greeting: ['Hi {name}! {brand} here. Reply YES to talk to us, HELP for info, STOP to opt out.', 'Hello {name}, this is {brand}. YES / HELP / STOP?'],
      help: 'We are {brand}. YES = talk to a person, STOP = no more messages.',
      suggestion: 'Sorry {name}, reply YES, HELP or STOP.',
      reminder: 'Just checking in, {name}: YES, HELP or STOP?',
      stopConfirmation: 'Done. {brand} will not message you again.',
      escalationNotice: 'Thanks {name}! A person from {brand} will answer here shortly.',
    },
    ...over,
  };
}

export const personId = (): string => String(randomInt(2_000_000_000, 2_100_000_000_000));

export function input(over: Partial<OutreachInput> = {}, s: Partial<OutreachSettings> = {}): OutreachInput {
  const xUserId = over.person?.xUserId ?? personId();
  return {
    campaignId: 'camp1', tweet: { id: '1900000000000000001', text: 'loving the new acme boots' },
    person: { xUserId, username: `u${xUserId.slice(-6)}`, name: 'Ada' }, settings: settings(s), ...over,
  };
}

export interface FakeX extends XClient {
  sent: { to: string; text: string; id: string; at: string }[];
  /** Public posts (the opt-in prompt is a reply to the person's tweet). */
  posts: { text: string; inReplyTo?: string; id: string }[];
  closed: Set<string>;
  /** Fail the next N sends after they reached "X" (simulates a crash between send and record). */
  failAfterSend: number;
  to(id: string): string[];
}

export function fakeX(): FakeX {
  let next = 1_950_000_000_000_000_000n;
  const x = {
    brandUserId: BRAND, sent: [] as FakeX['sent'], posts: [] as FakeX['posts'], closed: new Set<string>(), failAfterSend: 0, dmRequestTimeoutMs: 50,
    to(id: string) { return x.sent.filter((m) => m.to === id).map((m) => m.text); },
    async sendDm(participantId: string, text: string) {
      if (x.closed.has(participantId)) throw new XForbiddenError('You are not permitted to send messages to this user.', 403);
      const id = String(next++);
      x.sent.push({ to: participantId, text, id, at: new Date().toISOString() });
      if (x.failAfterSend > 0) { x.failAfterSend--; throw new Error('connection reset after send'); }
      return { dmEventId: id, dmConversationId: `${BRAND}-${participantId}` };
    },
    async postTweet(text: string, o: { inReplyTo?: string } = {}) {
      const id = String(next++);
      x.posts.push({ text, id, ...(o.inReplyTo ? { inReplyTo: o.inReplyTo } : {}) });
      return { id, text };
    },
    async listDmEvents() {
      const events: DmEvent[] = [...x.sent].reverse().map((m) => ({
        id: m.id, eventType: 'MessageCreate', text: m.text, senderId: BRAND, dmConversationId: `${BRAND}-${m.to}`, createdAt: m.at, participantIds: [BRAND, m.to],
      }));
      return { events };
    },
    async listDmEventsWith(participantId: string) {
      return { events: (await x.listDmEvents()).events.filter((e) => e.participantIds?.includes(participantId)) };
    },
  };
  return x as unknown as FakeX;
}

export function outreachActivities(db: Db, x: XClient, opts: OutreachOptions = {}) {
  const config = loadConfig({});
  // The fake X answers at once: a lost answer can no longer be in flight 100 ms later.
  const deps = { db, x, config, log: logger.child({ test: 'outreach' }), now: Date.now, models: async () => { throw new Error('no models in outreach tests'); } };
  // The opt-in prompt too: an opt-in conversation schedules it, and unregistered it retried forever.
  return { ...createOptInActivities(deps), ...createOutreachActivities(deps, { inFlightMarginMs: 100, ...opts }) };
}

export async function until<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
