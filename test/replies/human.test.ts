// Asking for a person is handed to one at once (read as yes → escalation), in every language and
// however long or angry the reply; the same words in an opt-out, a decline or a question about the
// bot keep their reading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readReply } from '../../src/domain/conversation';

const ASKS = [
  'I need a human', 'talk to a person', 'can someone call me', 'can I speak to a real person please', 'human please', 'agent',
  'put me through to someone', 'connect me with your support team',
  'I have been waiting three weeks for my refund and nobody answers, I want to talk to a manager now',
  'quiero hablar con una persona', '¿me pueden llamar?', 'je veux parler à un conseiller', 'rappelez-moi svp',
  'ich möchte mit einem Mitarbeiter sprechen', 'bitte ruft mich an', 'quero falar com um atendente', 'me liga',
  'vorrei parlare con un operatore', 'chiamatemi',
];

void test('asking for a person reads as yes, and not as a weak yes the model could overrule', () => {
  for (const text of ASKS) {
    // A very negative reading must not turn it into a decline: the person asked for someone.
    const r = readReply(text, { negativity: 0.99 });
    assert.equal(r.intent, 'yes', `${text} → ${r.intent} (${r.why})`);
  }
});

void test('the same words in an opt-out, a decline or a question about the bot keep their reading', () => {
  const cases: [string, string][] = [
    ['stop calling me', 'stop'], ["don't call me", 'stop'], ['I want to talk to a human, stop the bot messages', 'stop'],
    ["I don't need a human", 'decline'], ['no need to talk to anyone', 'decline'], ['not now, call me back next week', 'decline'],
    ['are you a real person?', 'help'], ['is this a bot', 'help'],
    ['talk to you later', 'other'], ['call me maybe', 'other'],
  ];
  for (const [text, want] of cases) assert.equal(readReply(text).intent, want, `${text} (${readReply(text).why})`);
});
