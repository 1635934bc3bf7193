import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  backoffDelay, crcResponse, isValidWebhookSignature, webhookSignature, toXError, XAuthError, XBadRequestError,
  XForbiddenError, XNotFoundError, XRateLimitError, XTransientError, compareIds, campaignTag, campaignOfTag,
} from '../../src/x';
import { normalizeStreamPayload } from '../../src/x/normalize';
import { budgetsFromHeaders, endpointKey, RateLimitTracker } from '../../src/x/ratelimit';
import { rewriteUrl } from '../../src/x/plugin';
import { RecentIds } from '../../src/x/dedupe';

void describe('webhooks', () => {
  void it('CRC response is sha256= + base64 HMAC of the token with the consumer secret', () => {
    const expected = 'sha256=' + createHmac('sha256', 'secret').update('tok123').digest('base64');
    assert.deepEqual(crcResponse('tok123', 'secret'), { response_token: expected });
  });
  void it('accepts a correct signature and rejects tampered bodies, wrong secrets and junk headers', () => {
    const body = '{"for_user_id":"1","direct_message_events":[]}';
    const sig = webhookSignature(body, 's3cret');
    assert.equal(isValidWebhookSignature(body, sig, 's3cret'), true);
    assert.equal(isValidWebhookSignature(Buffer.from(body), [sig], 's3cret'), true);
    assert.equal(isValidWebhookSignature(body + ' ', sig, 's3cret'), false);
    assert.equal(isValidWebhookSignature(body, sig, 'other'), false);
    assert.equal(isValidWebhookSignature(body, undefined, 's3cret'), false);
    assert.equal(isValidWebhookSignature(body, 'sha256=short', 's3cret'), false);
    assert.equal(isValidWebhookSignature(body, sig.replace('sha256=', 'sha1='), 's3cret'), false);
  });
});

void describe('backoff follows X reconnection rules', () => {
  void it('network errors: linear 250 ms steps capped at 16 s', () => {
    assert.deepEqual([1, 2, 3].map((n) => backoffDelay('network', n)), [250, 500, 750]);
    assert.equal(backoffDelay('network', 1000), 16_000);
  });
  void it('HTTP errors: exponential from 5 s capped at 320 s', () => {
    assert.deepEqual([1, 2, 3, 7, 8].map((n) => backoffDelay('http', n)), [5000, 10_000, 20_000, 320_000, 320_000]);
  });
  void it('429: exponential from one minute', () => {
    assert.deepEqual([1, 2, 3].map((n) => backoffDelay('rateLimit', n)), [60_000, 120_000, 240_000]);
  });
});

void describe('error mapping', () => {
  void it('maps HTTP codes to typed errors with retryable', () => {
    const cases: [number | undefined, new (...a: never[]) => Error, boolean][] = [
      [401, XAuthError, false], [403, XForbiddenError, false], [404, XNotFoundError, false], [400, XBadRequestError, false],
      [500, XTransientError, true], [503, XTransientError, true], [undefined, XTransientError, true], [429, XRateLimitError, true],
    ];
    for (const [code, cls, retryable] of cases) {
      const e = toXError({ code, data: { title: 't', detail: 'd' } });
      assert.ok(e instanceof cls, `code ${code}`);
      assert.equal(e.retryable, retryable);
    }
  });
  void it('429 resetAt uses the 24-hour reset when that budget is the one spent', () => {
    const e = toXError({ code: 429, rateLimit: { reset: 1000, userDay: { reset: 5000, remaining: 0 } } }) as XRateLimitError;
    assert.equal(e.resetAt.getTime(), 5_000_000);
    const w = toXError({ code: 429, rateLimit: { reset: 1000, userDay: { reset: 5000, remaining: 3 } } }) as XRateLimitError;
    assert.equal(w.resetAt.getTime(), 1_000_000);
  });
});

void describe('rate-limit bookkeeping', () => {
  void it('reads window and 24-hour budgets', () => {
    const b = budgetsFromHeaders({
      'x-rate-limit-limit': '200', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '100',
      'x-user-limit-24hour-limit': '1000', 'x-user-limit-24hour-remaining': '5', 'x-user-limit-24hour-reset': '900',
      'x-app-limit-24hour-limit': '15000', 'x-app-limit-24hour-remaining': '0', 'x-app-limit-24hour-reset': '2000',
    });
    assert.deepEqual(b.window, { limit: 200, remaining: 0, reset: 100 });
    assert.deepEqual(b.userDay, { limit: 1000, remaining: 5, reset: 900 });
    assert.deepEqual(b.appDay, { limit: 15000, remaining: 0, reset: 2000 });
    const t = new RateLimitTracker();
    t.record('K', { 'x-rate-limit-limit': '200', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '100', 'x-app-limit-24hour-limit': '1', 'x-app-limit-24hour-remaining': '0', 'x-app-limit-24hour-reset': '2000' });
    assert.equal(t.blockedUntil('K', 50_000), 2_000_000, 'the later exhausted reset wins');
    assert.equal(t.blockedUntil('K', 2_000_001), undefined);
  });
  void it('endpoint keys collapse ids but keep the API version', () => {
    assert.equal(endpointKey('post', '/2/dm_conversations/with/12345/messages'), 'POST /2/dm_conversations/with/:id/messages');
    assert.equal(endpointKey('GET', '/prefix/2/users'), 'GET /2/users');
  });
});

void describe('small pieces', () => {
  void it('rewrites api.x.com to the base URL only', () => {
    assert.equal(rewriteUrl('https://api.x.com/2/users', 'http://127.0.0.1:1/'), 'http://127.0.0.1:1/2/users');
    assert.equal(rewriteUrl('https://api.x.com/2/users', 'https://api.x.com'), 'https://api.x.com/2/users');
  });
  void it('compares snowflake ids numerically', () => {
    assert.ok(compareIds('999', '1000') < 0);
    assert.ok(compareIds('1900000000000000002', '1900000000000000010') < 0);
    assert.equal(compareIds('5', '5'), 0);
  });
  void it('campaign tags round-trip', () => {
    assert.equal(campaignOfTag(campaignTag('c-1')), 'c-1');
    assert.equal(campaignOfTag('other'), undefined);
  });
  void it('dedupe window forgets the oldest ids beyond its capacity', () => {
    const r = new RecentIds(3);
    assert.equal(r.add('1'), true);
    assert.equal(r.add('1'), false);
    r.add('2'); r.add('3'); r.add('4');
    assert.equal(r.has('1'), false);
    assert.equal(r.has('4'), true);
    assert.equal(r.size, 3);
  });
  void it('normalises stream payloads and rejects non-tweets', () => {
    assert.equal(normalizeStreamPayload({} as never), undefined);
    assert.equal(normalizeStreamPayload({ data: { id: 1 } } as never), undefined);
    const t = normalizeStreamPayload({
      data: { id: '5', text: 'hi #a @b', author_id: '9', entities: { hashtags: [{ tag: 'a' }], mentions: [{ username: 'b' }] } },
      includes: { users: [{ id: '9', username: 'u', name: 'U' }] },
      matching_rules: [{ id: 7, tag: 'campaign:x' }],
    });
    assert.equal(t?.author?.username, 'u');
    assert.deepEqual(t?.entities, { hashtags: ['a'], mentions: ['b'] });
    assert.deepEqual(t?.matchingRules, [{ id: '7', tag: 'campaign:x' }]);
    assert.equal(t?.author?.publicMetrics.followers_count, 0);
  });
});

void describe('client options from config', () => {
  void it('fills placeholders for the emulator but never for X', async () => {
    const { loadConfig } = await import('../../src/config');
    const { xClientOptionsFromConfig, EMULATOR_BRAND_USER_ID } = await import('../../src/x');
    const { BRAND_USER_ID } = await import('../../src/emulator');
    assert.equal(EMULATOR_BRAND_USER_ID, BRAND_USER_ID);
    const emu = xClientOptionsFromConfig(loadConfig({}));
    assert.ok(emu.bearerToken && emu.accessSecret);
    assert.equal(emu.brandUserId, BRAND_USER_ID);
    const real = xClientOptionsFromConfig(loadConfig({ X_BEARER_TOKEN: 'real' }));
    assert.equal(real.baseUrl, 'https://api.x.com');
    assert.equal(real.bearerToken, 'real');
    assert.equal(real.accessToken, undefined);
    assert.equal(real.brandUserId, undefined);
  });
});
