// Stream lines X's bad days can bring, on demand (POST /_emulator/stream {"action": "invalid-id" |
// "missing-author"}): a well-formed tweet payload, matching every rule, whose id is not a snowflake
// (letters, or more digits than 64 bits hold) or that has no author. Ingest must skip, count and
// dead-letter them and keep going.
import type { EmulatorCore } from './core';

export type BadLineKind = 'invalid-id' | 'missing-author';

const BAD_IDS = ['12ab34', '123456789012345678901234567890'];

export function badTweetLine(core: EmulatorCore, kind: BadLineKind, n: number): string {
  const author = core.world.users.get(core.world.userIds[1]!)!;
  const id = kind === 'invalid-id' ? BAD_IDS[n % BAD_IDS.length]! : core.world.tweetIds.next();
  const data: Record<string, unknown> = {
    id, text: `a ${kind} line about ${core.world.brand.name}`, created_at: new Date().toISOString(), lang: 'en',
    edit_history_tweet_ids: [id],
  };
  if (kind !== 'missing-author') data.author_id = author.id;
  const payload = {
    data,
    ...(kind !== 'missing-author' ? { includes: { users: [{ id: author.id, username: author.username, name: author.name }] } } : {}),
    matching_rules: core.rules.map((r) => ({ id: r.id, tag: r.tag ?? '' })),
  };
  return JSON.stringify(payload) + '\r\n';
}
