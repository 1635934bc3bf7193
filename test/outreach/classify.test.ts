import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyReply, classifyReplyV1 } from '../../src/domain/conversation';

const cases: Record<string, string[]> = {
  yes: ['YES', 'yes', ' Yes!! ', 'yeah', 'Yep', 'yup.', 'sure', 'Sure, tell me more', 'y', 'Y', '👍', '👍🏽', 'yes 👍', 'YES please', 'ok', "I'm interested", 'sounds good!', 'Absolutely', 'yes please!!!'],
  help: ['HELP', 'help', 'Help?', '?', '???', 'info', 'more info', 'what is this?', 'who is this', 'need help', '❓', 'help me please'],
  stop: ['STOP', 'stop', 'Stop.', 'stop!!!', 'STOP please', 'please stop', 'unsubscribe', 'Unsubscribe me', 'cancel', 'quit', 'end', 'END.', 'stop messaging me', 'Stop messaging me!', 'please stop texting me', "don't message me", 'do not contact me', 'opt out', 'remove me from this list', 'leave me alone', '🛑', 'stop it'],
  // 'no', 'nope' and 'not interested' were `other` before the decline intent existed (issue 14): a no
  // must never be answered with the campaign's suggestion, so they are declines now.
  decline: ['no', 'nope', 'not interested', 'No thanks', 'not now'],
  other: ["don't stop", "Don't stop!", "can't stop loving it", 'I cannot stop wearing these boots', 'never stop', 'what a great day', 'the end of the year is near', 'I love your products', '', '   ', '😀', 'yes I saw that but I was talking about something else entirely and wanted to ask many things'],
};

for (const [intent, texts] of Object.entries(cases)) {
  test(`classifyReply → ${intent}`, () => {
    for (const t of texts) assert.equal(classifyReply(t), intent, JSON.stringify(t));
  });
}

// The 0.1.0 classifier, kept for replaying conversations recorded before the new reader: it must
// keep answering exactly as it did (these are the 0.1.0 test's cases, 'no' → other included).
const v1Cases: Record<string, string[]> = {
  yes: ['YES', 'yes', ' Yes!! ', 'yeah', 'Yep', 'yup.', 'sure', 'Sure, tell me more', 'y', 'Y', '👍', '👍🏽', 'yes 👍', 'YES please', 'ok', "I'm interested", 'sounds good!', 'Absolutely', 'yes please!!!'],
  help: ['HELP', 'help', 'Help?', '?', '???', 'info', 'more info', 'what is this?', 'who is this', 'need help', '❓', 'help me please'],
  stop: ['STOP', 'stop', 'Stop.', 'stop!!!', 'STOP please', 'please stop', 'unsubscribe', 'Unsubscribe me', 'cancel', 'quit', 'end', 'END.', 'stop messaging me', 'Stop messaging me!', 'please stop texting me', "don't message me", 'do not contact me', 'opt out', 'remove me from this list', 'leave me alone', '🛑', 'stop it'],
  other: ["don't stop", "Don't stop!", "can't stop loving it", 'I cannot stop wearing these boots', 'never stop', 'no', 'nope', 'not interested', 'what a great day', 'the end of the year is near', 'I love your products', '', '   ', '😀', 'yes I saw that but I was talking about something else entirely and wanted to ask many things'],
};

for (const [intent, texts] of Object.entries(v1Cases)) {
  test(`classifyReplyV1 (0.1.0, for replay) → ${intent}`, () => {
    for (const t of texts) assert.equal(classifyReplyV1(t), intent, JSON.stringify(t));
  });
}
