// The X boundary. The rest of Chirpflow imports from here only; nothing else imports twitter-api-v2.
export { createXClient, TWEET_FIELDS, USER_FIELDS } from './client';
export type { XClient, XClientOptions, SearchOptions } from './client';
export type { StreamOptions, StreamEvent } from './stream';
export type {
  IncomingTweet, XUser, XUserMetrics, DmEvent, DmEventType, StreamRule, MatchingRule, TweetMetrics,
  ReferencedTweetType,
} from './types';
export { campaignTag, campaignOfTag } from './types';
export {
  XError, XAuthError, XForbiddenError, XRateLimitError, XNotFoundError, XTransientError, XBadRequestError, toXError,
} from './errors';
export { crcResponse, isValidWebhookSignature, webhookSignature } from './webhooks';
export { X_BACKOFF, backoffDelay } from './backoff';
export type { BackoffPolicy, FailureKind } from './backoff';
export type { EndpointBudgets, Budget } from './ratelimit';
export { compareIds, invalidTweetReason } from './normalize';
export { createXClientFromConfig, xClientOptionsFromConfig, EMULATOR_BRAND_USER_ID } from './fromConfig';
