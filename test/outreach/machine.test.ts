import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  initialState, nextStep, renderTemplate, settingsProblems, variantIndex, type ConversationEvent, type ConversationState,
} from '../../src/domain/conversation';
import { dmWindows, DEFAULT_DM_LIMITS, ticketWait } from '../../src/outreach/limiter';
import { matchesKeyword } from '../../src/domain/conversation';
import { settings } from './harness';

const cfg = { maxReminders: 2 };
function run(policy: 'auto' | 'review' | 'opt-in', events: ConversationEvent[]) {
  let s: ConversationState = initialState(policy);
  const actions: string[] = [];
  for (const e of [{ type: 'start' } as ConversationEvent, ...events]) {
    const step = nextStep(s, e, cfg);
    assert.equal(step.rejected, undefined, `${e.type} rejected: ${step.rejected}`);
    s = step.state;
    for (const a of step.actions) actions.push(a.kind === 'send' ? `send:${a.template}` : a.kind);
  }
  return { s, actions };
}

test('auto greets at once; review and opt-in send nothing first', () => {
  assert.deepEqual(run('auto', []).actions, ['send:greeting']);
  assert.equal(run('auto', []).s.stage, 'awaiting-reply');
  assert.deepEqual(run('review', []).actions, []);
  assert.equal(run('review', []).s.stage, 'pending-review');
  assert.deepEqual(run('opt-in', []).actions, []);
  assert.equal(run('opt-in', []).s.stage, 'awaiting-opt-in');
});

test('review: approve greets, reject and expiry end without a message', () => {
  assert.deepEqual(run('review', [{ type: 'approve', by: 'ann' }]).actions, ['send:greeting']);
  const rej = run('review', [{ type: 'reject', by: 'ann', reason: 'spam' }]);
  assert.equal(rej.s.stage, 'rejected');
  assert.deepEqual(rej.actions, []);
  assert.equal(run('review', [{ type: 'review-expired' }]).s.stage, 'expired');
});

test('opt-in: the signal, a YES or the keyword greets; other DMs do not; STOP suppresses', () => {
  assert.deepEqual(run('opt-in', [{ type: 'opt-in', source: 'reply' }]).actions, ['send:greeting']);
  assert.deepEqual(run('opt-in', [{ type: 'reply', text: 'yes' }]).actions, ['send:greeting']);
  assert.deepEqual(run('opt-in', [{ type: 'reply', text: 'hi there' }]).actions, []);
  assert.equal(run('opt-in', [{ type: 'reply', text: 'hi there' }]).s.stage, 'awaiting-opt-in');
  const stop = run('opt-in', [{ type: 'reply', text: 'STOP' }]);
  assert.equal(stop.s.stage, 'stopped');
  assert.deepEqual(stop.actions, ['suppress', 'send:stopConfirmation']);
});

test('opt-in: praise in a sentence is not consent ("ótimo atendimento hoje na loja"); a short "Super!" is a yes', () => {
  for (const text of ['ótimo atendimento hoje na loja', 'Your new flavour is super, well done', 'ahah il vostro spot è fantastico', 'Votre boutique de Lyon est super sympa !']) {
    const r = run('opt-in', [{ type: 'reply', text }]);
    assert.deepEqual(r.actions, [], text);
    assert.equal(r.s.stage, 'awaiting-opt-in', text);
  }
  for (const text of ['Super!', 'parfait, merci', 'Ótimo!']) assert.deepEqual(run('opt-in', [{ type: 'reply', text }]).actions, ['send:greeting'], text);
});

test('YES escalates with high priority and the bot goes quiet', () => {
  const r = run('auto', [{ type: 'reply', text: 'yes!' }, { type: 'reply', text: 'when can we talk?' }]);
  assert.equal(r.s.stage, 'escalated');
  assert.equal(r.s.escalation?.priority, 'high');
  assert.deepEqual(r.actions, ['send:greeting', 'escalate', 'send:escalationNotice', 'forward-to-escalation']);
});

test('HELP twice answers; the third HELP opens a low-priority escalation', () => {
  const r = run('auto', [{ type: 'reply', text: 'help' }, { type: 'reply', text: '?' }, { type: 'reply', text: 'info' }]);
  assert.deepEqual(r.actions, ['send:greeting', 'send:help', 'send:help', 'escalate', 'send:escalationNotice']);
  assert.equal(r.s.helpCount, 3);
  assert.equal(r.s.stage, 'escalated');
  assert.equal(r.s.escalation?.priority, 'low');
});

test('STOP suppresses, confirms once and ends', () => {
  const r = run('auto', [{ type: 'reply', text: 'stop messaging me' }]);
  assert.equal(r.s.stage, 'stopped');
  assert.deepEqual(r.actions, ['send:greeting', 'suppress', 'send:stopConfirmation']);
  assert.ok(nextStep(r.s, { type: 'reply', text: 'yes' }, cfg).rejected);
});

test('unknown text gets the suggestion; silence gets maxReminders reminders, then no-response', () => {
  assert.deepEqual(run('auto', [{ type: 'reply', text: 'nice boots' }]).actions, ['send:greeting', 'send:suggestion']);
  const r = run('auto', [{ type: 'silence' }, { type: 'silence' }, { type: 'silence' }]);
  assert.deepEqual(r.actions, ['send:greeting', 'send:reminder', 'send:reminder']);
  assert.equal(r.s.stage, 'no-response');
  // a reply resets the reminder count
  const again = run('auto', [{ type: 'silence' }, { type: 'reply', text: 'hm' }, { type: 'silence' }]);
  assert.equal(again.s.remindersSent, 1);
});

test('escalation: claim before answering, only the claimer answers, resolve ends; STOP still wins', () => {
  const esc = run('auto', [{ type: 'reply', text: 'yes' }]).s;
  assert.match(nextStep(esc, { type: 'agent-reply', agent: 'bob', text: 'hi' }, cfg).rejected!, /claim/);
  const claimed = nextStep(esc, { type: 'claim', agent: 'bob' }, cfg).state;
  assert.equal(claimed.stage, 'claimed');
  assert.match(nextStep(claimed, { type: 'claim', agent: 'eve' }, cfg).rejected!, /already claimed by bob/);
  assert.match(nextStep(claimed, { type: 'agent-reply', agent: 'eve', text: 'x' }, cfg).rejected!, /claimed by bob/);
  assert.deepEqual(nextStep(claimed, { type: 'agent-reply', agent: 'bob', text: 'hi' }, cfg).actions, [{ kind: 'send-agent-text', agent: 'bob', text: 'hi' }]);
  const done = nextStep(claimed, { type: 'resolve', agent: 'bob', outcome: 'sale' }, cfg);
  assert.equal(done.state.stage, 'resolved');
  assert.equal(done.state.escalation?.outcome, 'sale');
  const stop = nextStep(claimed, { type: 'reply', text: 'STOP' }, cfg);
  assert.equal(stop.state.stage, 'stopped');
  assert.deepEqual(stop.actions.map((a) => a.kind), ['suppress', 'send', 'escalation-update']);
});

test('a refused send ends the conversation; events out of place are rejected', () => {
  const s = run('auto', []).s;
  assert.equal(nextStep(s, { type: 'suppressed' }, cfg).state.stage, 'suppressed');
  assert.equal(nextStep(s, { type: 'undeliverable', reason: 'dm closed' }, cfg).state.stage, 'undeliverable');
  assert.ok(nextStep(s, { type: 'approve', by: 'x' }, cfg).rejected);
  assert.ok(nextStep(s, { type: 'claim', agent: 'x' }, cfg).rejected);
});

test('settings: auto needs a consent basis; templates must be non-empty', () => {
  assert.deepEqual(settingsProblems(settings()), []);
  assert.deepEqual(settingsProblems(settings({ consentBasis: undefined })), ['consentBasis: required when policy is auto']);
  assert.deepEqual(settingsProblems(settings({ policy: 'review', consentBasis: undefined })), []);
  const bad = settings({ replyTimeoutMs: 0 });
  bad.templates.help = [];
  assert.deepEqual(settingsProblems(bad), ['replyTimeoutMs: an integer >= 1', 'templates.help: a non-empty text or non-empty list of texts']);
});

test('templates: the variant is a pure function of the person; variables are filled', () => {
  const s = settings();
  const a = renderTemplate(s, 'greeting', { xUserId: '123', name: 'Ada' });
  assert.deepEqual(renderTemplate(s, 'greeting', { xUserId: '123', name: 'Ada' }), a);
  assert.match(a.text, /Ada/);
  assert.match(a.text, /Acme/);
  assert.doesNotMatch(a.text, /\{/);
  const seen = new Set(Array.from({ length: 50 }, (_, i) => variantIndex(String(1000 + i), 'greeting', 2)));
  assert.deepEqual([...seen].sort(), [0, 1], 'both variants are used across people');
  assert.match(renderTemplate(s, 'suggestion', { xUserId: '1', name: '', username: 'ada_l' }).text, /@ada_l/);
});

test('limiter windows and the opt-in keyword', () => {
  // Windows roll (X's do): the send 200 places back, at 10:07, holds the next until 10:22.
  assert.deepEqual(dmWindows('9', DEFAULT_DM_LIMITS).map((x) => x.limit), [200, 1000, 15000]);
  const at = Date.UTC(2026, 0, 1, 10, 7);
  assert.equal(ticketWait(at, 15 * 60_000, Date.UTC(2026, 0, 1, 10, 15)), 7 * 60_000);
  assert.equal(ticketWait(at, 15 * 60_000, Date.UTC(2026, 0, 1, 10, 22)), 0);
  // The one keyword reader (isOptInReply, a second one used only here, is gone).
  assert.ok(matchesKeyword('count me in, JOIN!', 'join'));
  assert.ok(matchesKeyword('#join', 'JOIN'));
  assert.ok(!matchesKeyword('rejoined the gym', 'join'));
});
