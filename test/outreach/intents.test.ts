// The conversation's decisions on reply intents (pure): decline, bounded answers to unclear
// replies, negativity, opt-in by YES only, the person's language, and STOP pre-empting the queue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CURRENT_FEATURES, DEFAULT_TEMPLATE_I18N, LEGACY_FEATURES, STOP_PREEMPTED, carriable, initialState, nextStep, queueStop,
  renderTemplate, settingsProblems, type ConversationEvent, type ConversationState, type MachineFeatures,
} from '../../src/domain/conversation';
import { CreateCampaignSchema, aggregateStats, summarizeConversation } from '../../src/domain/campaign';
import { outreachSettingsOf } from '../../src/campaigns/settings';
import { settings } from './harness';

const cfg = { maxReminders: 2, optInKeyword: 'JOIN' };
type Reply = Extract<ConversationEvent, { type: 'reply' }>;
const said = (text: string, intent?: Reply['intent'], over: Partial<Reply> = {}): Reply =>
  ({ type: 'reply', text, ...(intent ? { intent, lang: 'en' } : {}), ...over });

function run(policy: 'auto' | 'review' | 'opt-in', events: ConversationEvent[], f: MachineFeatures = CURRENT_FEATURES, c: Record<string, unknown> = cfg) {
  let s: ConversationState = initialState(policy);
  const actions: string[] = [];
  for (const e of [{ type: 'start' } as ConversationEvent, ...events]) {
    const step = nextStep(s, e, c as typeof cfg, f);
    assert.equal(step.rejected, undefined, `${e.type} rejected: ${step.rejected}`);
    s = step.state;
    for (const a of step.actions) actions.push(a.kind === 'send' ? `send:${a.template}` : a.kind === 'escalate' ? `escalate:${a.reason}` : a.kind);
  }
  return { s, actions };
}

test('decline: one polite close, the conversation ends as declined (and counts in the stats)', () => {
  const r = run('auto', [said('no thanks', 'decline')]);
  assert.deepEqual(r.actions, ['send:greeting', 'send:decline']);
  assert.equal(r.s.stage, 'declined');
  assert.ok(nextStep(r.s, said('hello?'), cfg).rejected, 'nothing after the end');
  const stats = aggregateStats({ tweets: 1, qualified: 1 }, [summarizeConversation({ stage: 'declined', transcript: [{ from: 'bot', template: 'greeting' }, { from: 'person', intent: 'decline' }] })]);
  assert.equal(stats.declined, 1);
  assert.equal(stats.stop, 0);
  assert.equal(stats.outcomes.declined, 1);
});

test('decline while escalated goes to the humans; decline before any greeting ends silently', () => {
  const esc = run('auto', [said('yes', 'yes'), said('no thanks', 'decline')]);
  assert.equal(esc.s.stage, 'escalated');
  assert.deepEqual(esc.actions.slice(-1), ['forward-to-escalation']);
  for (const policy of ['review', 'opt-in'] as const) {
    const r = run(policy, [said('not interested', 'decline')]);
    assert.equal(r.s.stage, 'declined');
    assert.deepEqual(r.actions, []);
  }
});

test('unclear replies: maxBotAnswers answers (default 2), then a low-priority "unclear" escalation and silence', () => {
  const r = run('auto', [said('love the boots', 'other'), said('my dog too', 'other'), said('hmm', 'other'), said('anyway', 'other')]);
  assert.deepEqual(r.actions, ['send:greeting', 'send:suggestion', 'send:suggestion', 'escalate:unclear', 'forward-to-escalation']);
  assert.equal(r.s.stage, 'escalated');
  assert.deepEqual(r.s.escalation, { priority: 'low', reason: 'unclear' });
  const one = run('auto', [said('a', 'other'), said('b', 'other')], CURRENT_FEATURES, { ...cfg, maxBotAnswers: 1 });
  assert.deepEqual(one.actions, ['send:greeting', 'send:suggestion', 'escalate:unclear']);
  // Release 1 answered every unclear reply: replays of old histories keep doing so.
  const old = run('auto', [said('a'), said('b'), said('c')], LEGACY_FEATURES);
  assert.deepEqual(old.actions, ['send:greeting', 'send:suggestion', 'send:suggestion', 'send:suggestion']);
});

test('a clearly negative reply never gets the cheerful suggestion', () => {
  const r = run('auto', [said('this brand is the worst', 'other', { negativity: 0.93 })]);
  assert.deepEqual(r.actions, ['send:greeting', 'escalate:unclear']);
  assert.ok(!r.actions.includes('send:suggestion'));
  assert.deepEqual(run('auto', [said('nice', 'other', { negativity: 0.2 })]).actions, ['send:greeting', 'send:suggestion']);
});

test('opt-in: "no" never greets, a decline or STOP ends it; YES or the keyword opts in', () => {
  // The reader takes a bare "no" for a decline: the wait ends, with no message.
  const no = run('opt-in', [said('no')]);
  assert.equal(no.s.stage, 'declined');
  assert.deepEqual(no.actions, []);
  const unclear = run('opt-in', [said('what is this about?', 'help'), said('hmm', 'other')]);
  assert.equal(unclear.s.stage, 'awaiting-opt-in');
  assert.deepEqual(unclear.actions, []);
  assert.deepEqual(run('opt-in', [said('join!')]).actions, ['send:greeting']);
  assert.deepEqual(run('opt-in', [said('yes please', 'yes')]).actions, ['send:greeting']);
  assert.equal(run('opt-in', [said('no thank you', 'decline')]).s.stage, 'declined');
  const stop = run('opt-in', [said('STOP')]);
  assert.equal(stop.s.stage, 'stopped');
  assert.deepEqual(stop.actions, ['suppress', 'send:stopConfirmation']);
  // Release 1 greeted on any reply that was not STOP (kept for replay only).
  assert.deepEqual(run('opt-in', [said('no')], LEGACY_FEATURES).actions, ['send:greeting']);
});

test('the language the person writes in is remembered for later answers', () => {
  const r = run('auto', [said('ayuda', 'help', { lang: 'es' }), { type: 'silence' }]);
  assert.equal(r.s.lang, 'es');
  const later = nextStep(r.s, said('ok', 'other', { lang: null }), cfg);
  assert.equal(later.state.lang, 'es', 'a reply without a known language keeps the last one');
  const stop = nextStep(r.s, said('basta', 'stop', { lang: 'it' }), cfg);
  assert.equal(stop.state.lang, 'it');
  assert.equal(stop.lang, 'it');
});

test('templates per language: campaign variant, then built-in default, then the campaign text', () => {
  const s = settings();
  const p = { xUserId: '7', name: 'Ada' };
  assert.equal(renderTemplate(s, 'stopConfirmation', p, 'es').text, 'Entendido, Ada. Acme no volverá a escribirte.');
  assert.equal(renderTemplate(s, 'stopConfirmation', p, 'en').text, 'Done. Acme will not message you again.');
  assert.equal(renderTemplate(s, 'stopConfirmation', p, null).text, 'Done. Acme will not message you again.');
  assert.equal(renderTemplate(s, 'decline', p).text, 'Understood, Ada. Thanks for letting us know; Acme will not follow up on this.');
  s.templates.i18n = { es: { stopConfirmation: 'Vale {name}, {brand} no escribirá más.' }, en: { decline: 'OK {name}, noted.' } };
  assert.equal(renderTemplate(s, 'stopConfirmation', p, 'es').text, 'Vale Ada, Acme no escribirá más.');
  assert.equal(renderTemplate(s, 'decline', p, 'en').text, 'OK Ada, noted.');
  // No built-in Spanish greeting: the campaign's own text.
  assert.match(renderTemplate(s, 'greeting', p, 'es').text, /Acme/);
  for (const lang of ['es', 'fr', 'de', 'pt', 'it'] as const) {
    for (const key of ['stopConfirmation', 'decline', 'help'] as const) {
      const text = renderTemplate(s, key, p, lang).text;
      assert.ok(text.includes('Acme') && !text.includes('{'), `${lang}.${key}: ${text}`);
    }
    assert.notEqual(renderTemplate(s, 'stopConfirmation', p, lang).text, renderTemplate(s, 'stopConfirmation', p, 'en').text, `${lang} is not English`);
    assert.ok(DEFAULT_TEMPLATE_I18N[lang].reminder, `${lang} has a reminder`);
  }
});

test('settings and campaign schema accept per-language templates and a decline text; bad ones are named', () => {
  const s = settings();
  s.templates.i18n = { es: { help: '' } } as never;
  assert.deepEqual(settingsProblems(s), ['templates.i18n.es.help: a non-empty text or non-empty list of texts']);
  s.templates.i18n = { xx: { help: 'x' } } as never;
  assert.match(settingsProblems(s)[0]!, /templates\.i18n\.xx/);
  assert.deepEqual(settingsProblems(settings({ maxBotAnswers: -1 })), ['maxBotAnswers: an integer >= 0']);
  const c = CreateCampaignSchema.parse({
    name: 'c', brand: 'Acme', tracking: { keywords: ['acme'] }, templates: { decline: 'Bye {name}', i18n: { es: { stopConfirmation: 'Adiós' } } },
  });
  const o = outreachSettingsOf(c);
  assert.equal(o.templates.decline, 'Bye {name}');
  assert.equal(o.templates.i18n?.es?.stopConfirmation, 'Adiós');
  assert.equal(o.maxBotAnswers, 2);
  assert.deepEqual(settingsProblems(o).filter((p) => !p.startsWith('consentBasis')), []);
  assert.equal(CreateCampaignSchema.safeParse({ name: 'c', brand: 'A', tracking: { keywords: ['a'] }, templates: { i18n: { xx: {} } } }).success, false);
  assert.equal(CreateCampaignSchema.safeParse({ name: 'c', brand: 'A', tracking: { keywords: ['a'] }, templates: { i18n: { es: { nope: 'x' } } } }).success, false);
});

test('a STOP goes ahead of queued events; queued updates are refused', () => {
  const ev = (type: string, stop = false) => ({ event: { type } as ConversationEvent, stop, name: type });
  const q = [ev('reply'), ev('agent-reply'), ev('opt-in'), ev('claim')];
  const r = queueStop(q, ev('reply', true));
  assert.deepEqual(r.queue.map((x) => `${x.name}${x.stop ? '!' : ''}`), ['reply!', 'reply', 'opt-in']);
  assert.deepEqual(r.dropped.map((x) => x.name), ['agent-reply', 'claim']);
  const again = queueStop(r.queue, { ...ev('reply', true), name: 'second' });
  assert.deepEqual(again.queue.map((x) => x.name), ['reply', 'second', 'reply', 'opt-in'], 'the first STOP stays first');
  assert.equal(carriable(q), undefined, 'updates wait: no continue-as-new with them queued');
  assert.equal(carriable(r.queue)?.length, 3);
  assert.match(STOP_PREEMPTED, /asked to stop/);
});

test('a send refused because of a waiting STOP does not end the conversation: the STOP is handled next', () => {
  const s = run('auto', [said('help', 'help')]).s;
  assert.equal(nextStep(s, { type: 'suppressed', byStop: true }, cfg).state.stage, 'awaiting-reply');
  assert.equal(nextStep(s, { type: 'suppressed' }, cfg).state.stage, 'suppressed');
  assert.equal(nextStep(s, { type: 'suppressed', byStop: true }, cfg, LEGACY_FEATURES).state.stage, 'suppressed');
});
