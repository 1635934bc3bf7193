// The product's view of X objects. Everything outside src/x codes against these shapes, never
// against twitter-api-v2's types, so the SDK can change without touching the product.

export interface XUserMetrics {
  followers_count: number;
  following_count: number;
  listed_count: number;
  tweet_count: number;
}

export interface XUser {
  id: string;
  username: string;
  name: string;
  verified: boolean;
  protected: boolean;
  location?: string;
  description?: string;
  createdAt?: string;
  publicMetrics: XUserMetrics;
}

export type ReferencedTweetType = 'retweeted' | 'quoted' | 'replied_to';

export interface TweetMetrics {
  retweet_count: number;
  reply_count: number;
  like_count: number;
  quote_count: number;
}

export interface MatchingRule {
  id: string;
  tag: string;
}

export interface IncomingTweet {
  id: string;
  text: string;
  authorId: string;
  createdAt: string;
  lang?: string;
  conversationId?: string;
  referencedTweets?: { type: ReferencedTweetType; id: string }[];
  entities?: { hashtags?: string[]; mentions?: string[]; urls?: string[] };
  publicMetrics?: TweetMetrics;
  author?: XUser;
  matchingRules?: MatchingRule[];
  /** How the tweet reached us: live on the filtered stream or recovered by a backfill search. */
  via?: 'stream' | 'backfill' | 'search';
}

export type DmEventType = 'MessageCreate' | 'ParticipantsJoin' | 'ParticipantsLeave';

export interface DmEvent {
  id: string;
  eventType: DmEventType;
  text: string;
  senderId: string;
  dmConversationId: string;
  createdAt: string;
  participantIds?: string[];
}

export interface StreamRule {
  id: string;
  value: string;
  tag: string;
}

/** Tag convention linking a filtered-stream rule to the campaign that owns it. */
export const campaignTag = (campaignId: string): string => `campaign:${campaignId}`;

/** The campaign id in a `campaign:<id>` tag, or undefined for foreign tags. */
export function campaignOfTag(tag: string | undefined): string | undefined {
  if (!tag || !tag.startsWith('campaign:')) return undefined;
  const id = tag.slice('campaign:'.length);
  return id.length ? id : undefined;
}
