// The emulator stores objects in X's own v2 JSON shapes, so responses are projections of stored
// objects rather than translations.

export interface EmuUser {
  id: string;
  username: string;
  name: string;
  verified: boolean;
  protected: boolean;
  location?: string;
  description: string;
  created_at: string;
  public_metrics: { followers_count: number; following_count: number; listed_count: number; tweet_count: number };
  /** Not an X field: whether this person accepts DMs from the brand. */
  dmOpen?: boolean;
}

export interface EmuTweet {
  id: string;
  text: string;
  author_id: string;
  created_at: string;
  lang: string;
  conversation_id: string;
  referenced_tweets?: { type: 'retweeted' | 'quoted' | 'replied_to'; id: string }[];
  entities?: {
    hashtags?: { start: number; end: number; tag: string }[];
    mentions?: { start: number; end: number; username: string; id?: string }[];
    urls?: { start: number; end: number; url: string; expanded_url: string; display_url: string }[];
  };
  public_metrics: { retweet_count: number; reply_count: number; like_count: number; quote_count: number; impression_count?: number };
  edit_history_tweet_ids: string[];
  /** Not an X field: the generator's tone label (for checking downstream sentiment). */
  tone?: 'positive' | 'neutral' | 'negative' | 'off_topic';
}

export interface EmuRule {
  id: string;
  value: string;
  tag?: string;
}

export interface DmRecord {
  id: string;
  event_type: 'MessageCreate';
  text: string;
  sender_id: string;
  recipient_id: string;
  dm_conversation_id: string;
  created_at: string;
  participant_ids: string[];
  /** 'api' = sent by the client through POST, 'simulated' = a synthetic person, 'injected' = control API. */
  origin: 'api' | 'simulated' | 'injected';
  /** For API sends: earlier event ids with the same recipient and text (a retry that duplicated). */
  duplicateOf?: string[];
  /** For simulated replies: which behaviour the person follows. */
  behaviour?: string;
  /** For API sends whose links were rewritten (t.co): the text as posted. */
  sentText?: string;
  /** Epoch ms before which GET /2/dm_events does not list it (X's listing lag). */
  visibleAt?: number;
}

export interface EmittedRecord {
  id: string;
  ruleIds: string[];
  /** Number of stream connections the line was written to (0 = nobody connected). */
  deliveredTo: number;
  at: number;
}

/** A monotonically increasing snowflake-like id source. */
export class IdSource {
  constructor(private value: bigint) {}
  next(): string {
    this.value += 1n;
    return this.value.toString();
  }
  peek(): string {
    return this.value.toString();
  }
  set(v: string): void {
    this.value = BigInt(v);
  }
}

/** Entities computed from text the way X does: hashtags, mentions and urls with offsets. */
export function extractEntities(text: string, usersByName?: (name: string) => string | undefined): EmuTweet['entities'] {
  const hashtags: NonNullable<EmuTweet['entities']>['hashtags'] = [];
  const mentions: NonNullable<EmuTweet['entities']>['mentions'] = [];
  const urls: NonNullable<EmuTweet['entities']>['urls'] = [];
  const re = /(#[\p{L}\p{N}_]+)|(@[A-Za-z0-9_]{1,15})|(https?:\/\/[^\s]+)/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[1]) hashtags.push({ start, end, tag: m[1].slice(1) });
    else if (m[2]) {
      const username = m[2].slice(1);
      const id = usersByName?.(username.toLowerCase());
      mentions.push(id ? { start, end, username, id } : { start, end, username });
    } else if (m[3]) urls.push({ start, end, url: m[3], expanded_url: m[3], display_url: m[3].replace(/^https?:\/\//, '') });
  }
  const e: NonNullable<EmuTweet['entities']> = {};
  if (hashtags.length) e.hashtags = hashtags;
  if (mentions.length) e.mentions = mentions;
  if (urls.length) e.urls = urls;
  return Object.keys(e).length ? e : undefined;
}
