// The synthetic audience: users with heavy-tailed metrics and real place names, plus the store of
// every tweet the emulator has produced (ordered by id, so since_id lookups are binary searches).
import { Rng, hash32 } from './rng';
import { BIO, FIRST, LAST, PLACES } from './lexicon';
import { IdSource, type EmuTweet, type EmuUser } from './model';
import { compareIds } from './ids';

export const BRAND_USER_ID = '1000000001';

/** One person, drawn from their own seeded stream so adding users never changes existing ones. */
export function syntheticUser(seed: number, id: string, usernameHint?: string, location?: string): EmuUser {
  const r = new Rng(hash32(`${seed}:user:${id}`));
  const first = r.pick(FIRST);
  const last = r.pick(LAST);
  const username = (usernameHint ?? `${first}${r.chance(0.5) ? '_' : ''}${last}${r.chance(0.6) ? r.int(1000) : ''}`).slice(0, 15);
  // Most accounts are small (log-normal body); a Pareto tail gives the rare large ones.
  const followers = Math.round(r.chance(0.85) ? r.logNormal(Math.log(180), 1.4) : Math.min(5e7, r.pareto(2000, 1.05)));
  const following = Math.round(Math.min(7500 + followers * 0.1, r.logNormal(Math.log(350), 1.0)));
  const tweets = Math.round(r.logNormal(Math.log(2500), 1.6));
  const listed = Math.round(followers * 0.004 * r.logNormal(0, 0.8));
  const verified = r.chance(Math.min(0.9, 0.01 + followers / 250_000));
  const created = Date.UTC(2008, 0, 1) + Math.floor(r.next() * 16 * 365 * 86_400_000);
  const user: EmuUser = {
    id,
    username,
    name: `${cap(first)} ${cap(last)}`,
    verified,
    protected: r.chance(0.03),
    description: r.pick(BIO),
    created_at: new Date(created).toISOString(),
    public_metrics: { followers_count: followers, following_count: following, listed_count: listed, tweet_count: tweets },
    dmOpen: r.chance(0.92),
  };
  const loc = location ?? (r.chance(0.75) ? r.pick(PLACES) : undefined);
  if (loc) user.location = loc;
  return user;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export class World {
  readonly users = new Map<string, EmuUser>();
  readonly byUsername = new Map<string, string>();
  readonly userIds: string[] = [];
  /** Tweets in id order. */
  tweets: EmuTweet[] = [];
  readonly tweetsById = new Map<string, EmuTweet>();
  readonly tweetIds: IdSource;
  readonly brand: EmuUser;

  constructor(readonly seed: number, brandName: string, userCount: number, private readonly maxTweets = 500_000) {
    this.tweetIds = new IdSource(1_900_000_000_000_000_000n);
    const handle = brandName.replace(/[^A-Za-z0-9_]/g, '').slice(0, 15) || 'brand';
    this.brand = {
      id: BRAND_USER_ID,
      username: handle,
      name: brandName,
      verified: true,
      protected: false,
      description: `Official account of ${brandName}`,
      location: 'Earth',
      created_at: '2012-05-01T09:00:00.000Z',
      public_metrics: { followers_count: 250_000, following_count: 1200, listed_count: 1800, tweet_count: 42_000 },
      dmOpen: true,
    };
    this.addUser(this.brand);
    const ids = new IdSource(1_200_000_000n);
    for (let i = 0; i < userCount; i++) {
      // Spread ids like real ones (not contiguous), still deterministic.
      const id = ids.next() + String(hash32(`${seed}:${i}`) % 1000).padStart(3, '0');
      this.addUser(syntheticUser(seed, id));
    }
  }

  addUser(u: EmuUser): EmuUser {
    let name = u.username;
    const existing = this.byUsername.get(name.toLowerCase());
    if (existing && existing !== u.id) {
      // Usernames are unique at X; disambiguate synthetic collisions.
      name = (name.slice(0, 11) + (hash32(u.id) % 10000)).slice(0, 15);
      u = { ...u, username: name };
    }
    if (!this.users.has(u.id)) this.userIds.push(u.id);
    this.users.set(u.id, u);
    this.byUsername.set(name.toLowerCase(), u.id);
    return u;
  }

  addTweet(t: EmuTweet): void {
    const last = this.tweets[this.tweets.length - 1];
    if (last && compareIds(t.id, last.id) <= 0) {
      // Injected tweets with explicit ids may arrive out of order; keep the array sorted.
      let i = this.tweets.length;
      while (i > 0 && compareIds(this.tweets[i - 1]!.id, t.id) > 0) i--;
      this.tweets.splice(i, 0, t);
    } else this.tweets.push(t);
    this.tweetsById.set(t.id, t);
    if (this.tweets.length > this.maxTweets * 1.1) {
      const drop = this.tweets.splice(0, this.tweets.length - this.maxTweets);
      for (const d of drop) this.tweetsById.delete(d.id);
    }
  }

  /** Index of the first tweet with id > sinceId. */
  indexAfter(sinceId: string): number {
    let lo = 0;
    let hi = this.tweets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareIds(this.tweets[mid]!.id, sinceId) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
