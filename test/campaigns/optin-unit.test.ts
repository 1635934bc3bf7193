// The opt-in policy's pure parts: reading a reply to the prompt, the prompt's text, and the
// emulator's reading of which word a prompt asks for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keywordMatches, readOptInReply, renderOptInPrompt } from '../../src/campaigns/optin';
import { DEFAULT_TEMPLATES } from '../../src/domain/campaign';
import { promptKeyword } from '../../src/emulator/optin';

test('a reply opts in only with the keyword as a word; STOP wins; "no" is a no', () => {
  assert.equal(readOptInReply('@Acme JOIN', 'JOIN'), 'opt-in');
  assert.equal(readOptInReply('@Acme #join 🙌', 'join'), 'opt-in');
  assert.equal(readOptInReply('@Acme no thanks', 'JOIN'), 'declined');
  assert.equal(readOptInReply('@Acme rejoined the gym', 'JOIN'), 'declined');
  assert.equal(readOptInReply('@Acme STOP', 'JOIN'), 'stop');
  assert.equal(readOptInReply('unsubscribe', 'YES'), 'stop');
});

test('a YES keyword is met by yes in the person\'s language', () => {
  for (const [w, lang] of [['yes', 'en'], ['Sí', 'es'], ['oui!', 'fr'], ['Ja', 'de'], ['sim', 'pt'], ['sì', 'it']]) {
    assert.equal(readOptInReply(`@Acme ${w}`, 'YES', lang), 'opt-in', w);
    assert.ok(keywordMatches(w!, 'YES'), `${w} with the language guessed`);
  }
  assert.equal(readOptInReply('@Acme oui', 'JOIN', 'fr'), 'declined');
  assert.ok(!keywordMatches('yesterday', 'YES'));
  assert.ok(keywordMatches('ＪＯＩＮ!!', 'join'), 'look-alike letters');
});

test('a reply to the opt-in post that opts out in words no rule names is a stop (the reply model)', () => {
  assert.equal(readOptInReply('@Acme Take this account off your outreach', 'JOIN'), 'stop');
  assert.equal(readOptInReply('@Acme Your messages are unwelcome here', 'YES'), 'stop');
  assert.equal(readOptInReply('@Acme I love your coffee, JOIN', 'JOIN'), 'opt-in');
});

test('a keyword inside a no is a no', () => {
  assert.equal(readOptInReply('@Acme no, I will not join', 'JOIN'), 'declined');
  assert.equal(readOptInReply('@Acme nope JOIN', 'JOIN'), 'declined');
  assert.equal(readOptInReply('@Acme I said stop, no join', 'JOIN'), 'stop');
});

test('the prompt names the campaign\'s keyword', () => {
  const person = { xUserId: '42', username: 'ada', name: 'Ada' };
  const base = { brand: 'Acme', templates: { greeting: 'Hi', help: 'h', suggestion: 's', reminder: 'r', stopConfirmation: 'c', escalationNotice: 'e' } };
  const own = renderOptInPrompt({ ...base, optInKeyword: 'JOIN', templates: { ...base.templates, optInPrompt: 'Hey {name}, {brand}: reply {keyword}!' } }, person);
  assert.equal(own, 'Hey Ada, Acme: reply JOIN!');
  // The campaign default ("Reply YES") is replaced by one that names a non-YES keyword.
  const def = renderOptInPrompt({ ...base, optInKeyword: 'JOIN', templates: { ...base.templates, optInPrompt: DEFAULT_TEMPLATES.optInPrompt } }, person);
  assert.match(def, /Reply JOIN to opt in/);
  assert.doesNotMatch(def, /YES/);
  // A prompt that forgets the keyword gets one sentence naming it.
  assert.equal(renderOptInPrompt({ ...base, optInKeyword: 'JOIN', templates: { ...base.templates, optInPrompt: 'Hi {name}!' } }, person), 'Hi Ada! Reply JOIN to opt in.');
  assert.match(renderOptInPrompt(base, person), /Reply YES to opt in/);
});

test('the emulator reads the word a prompt asks for', () => {
  assert.equal(promptKeyword('Hi Ada! Reply JOIN to opt in.'), 'JOIN');
  assert.equal(promptKeyword('Answer with #rocket if you want in'), 'rocket');
  assert.equal(promptKeyword('Want to hear from us?'), 'YES');
});

test('the handles X puts first in a reply are not read as words', () => {
  assert.equal(readOptInReply('@Acme @ada STOP', 'JOIN'), 'stop');
  assert.equal(readOptInReply('@acme stop please', 'JOIN'), 'stop');
  assert.equal(readOptInReply('@JOIN hello', 'JOIN'), 'declined');
});
