import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchContext, matches, parseRule, RuleSyntaxError } from '../../src/emulator';

function tweet(text: string, o: { lang?: string; retweet?: boolean; reply?: boolean; quote?: boolean; hashtags?: string[]; mentions?: string[]; urls?: number; author?: string; verified?: boolean } = {}) {
  const refs = [
    ...(o.retweet ? [{ type: 'retweeted' }] : []), ...(o.reply ? [{ type: 'replied_to' }] : []), ...(o.quote ? [{ type: 'quoted' }] : []),
  ];
  return matchContext(
    {
      text, lang: o.lang ?? 'en', referenced_tweets: refs,
      entities: {
        hashtags: (o.hashtags ?? [...text.matchAll(/#(\w+)/g)].map((m) => m[1]!)).map((tag) => ({ tag })),
        mentions: (o.mentions ?? [...text.matchAll(/@(\w+)/g)].map((m) => m[1]!)).map((username) => ({ username })),
        urls: new Array(o.urls ?? 0).fill({}),
      },
    },
    { username: o.author ?? 'someone', verified: o.verified ?? false },
  );
}
const m = (rule: string, ctx: ReturnType<typeof tweet>) => matches(parseRule(rule), ctx);

void describe('rule matching', () => {
  void it('keywords are case-insensitive whole tokens', () => {
    assert.equal(m('acme', tweet('I love ACME today')), true);
    assert.equal(m('acme', tweet('acmecorp is different')), false);
    assert.equal(m('acme', tweet('#Acme rocks')), true, 'a hashtag token still contains the keyword');
  });
  void it('implicit AND needs every term', () => {
    assert.equal(m('acme refund', tweet('acme where is my refund')), true);
    assert.equal(m('acme refund', tweet('acme is great')), false);
  });
  void it('OR and AND precedence: AND binds tighter', () => {
    const r = 'apple OR iphone ipad';
    assert.equal(m(r, tweet('apple pie')), true);
    assert.equal(m(r, tweet('iphone only')), false);
    assert.equal(m(r, tweet('iphone and ipad')), true);
  });
  void it('parentheses group', () => {
    const r = '(apple OR iphone) ipad';
    assert.equal(m(r, tweet('apple pie')), false);
    assert.equal(m(r, tweet('apple ipad')), true);
  });
  void it('quoted phrases match exact token sequences', () => {
    assert.equal(m('"customer service"', tweet('worst Customer Service ever')), true);
    assert.equal(m('"customer service"', tweet('service for the customer')), false);
  });
  void it('@mentions and #hashtags use entities', () => {
    assert.equal(m('@acme', tweet('hey @Acme help')), true);
    assert.equal(m('@acme', tweet('hey acme help')), false);
    assert.equal(m('#acme', tweet('love #ACME')), true);
    assert.equal(m('#acme', tweet('love acme')), false);
  });
  void it('negation of terms and groups', () => {
    assert.equal(m('acme -refund', tweet('acme refund please')), false);
    assert.equal(m('acme -refund', tweet('acme is nice')), true);
    assert.equal(m('acme -(refund OR late)', tweet('acme is late')), false);
    assert.equal(m('acme -"customer service"', tweet('acme customer service')), false);
  });
  void it('lang: and is:retweet / -is:retweet', () => {
    assert.equal(m('acme lang:es', tweet('acme es genial', { lang: 'es' })), true);
    assert.equal(m('acme lang:es', tweet('acme is great')), false);
    assert.equal(m('acme -is:retweet', tweet('RT @x: acme', { retweet: true })), false);
    assert.equal(m('acme -is:retweet', tweet('acme original')), true);
    assert.equal(m('acme is:retweet', tweet('RT @x: acme', { retweet: true })), true);
    assert.equal(m('acme is:reply', tweet('@x acme', { reply: true })), true);
    assert.equal(m('acme is:quote', tweet('acme', { quote: true })), true);
  });
  void it('from:, is:verified, has:links', () => {
    assert.equal(m('from:alice', tweet('anything', { author: 'Alice' })), true);
    assert.equal(m('acme is:verified', tweet('acme', { verified: true })), true);
    assert.equal(m('acme is:verified', tweet('acme')), false);
    assert.equal(m('acme has:links', tweet('acme https://x.y', { urls: 1 })), true);
  });
  void it('rejects malformed rules with a reason', () => {
    for (const bad of ['', '(acme', 'acme)', '"acme', 'lang:en', '-acme', 'acme OR', 'is:banana acme', 'foo:bar acme', 'x'.repeat(513), '@this_is_far_too_long_name']) {
      assert.throws(() => parseRule(bad), RuleSyntaxError, `should reject ${JSON.stringify(bad.slice(0, 30))}`);
    }
  });
});
