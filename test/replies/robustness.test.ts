// Every opt-out in the reply set must survive what people (and evaders) do to text: shouting,
// invisible characters between letters, look-alike letters from other scripts, fullwidth forms,
// letter-stretching and trailing emoji. Declines must never turn into yes under the same changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyReply } from '../../src/domain/conversation';
import { parseReplySet } from '../../src/domain/conversation/reply/score';

const rows = parseReplySet(readFileSync(join(__dirname, '..', 'fixtures', 'replies', 'replies.tsv'), 'utf8'));
const CYRILLIC: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', i: 'і', s: 'ѕ', A: 'А', E: 'Е', O: 'О', P: 'Р', C: 'С', T: 'Т', S: 'Ѕ', H: 'Н', K: 'К', M: 'М' };

const TRANSFORMS: Record<string, (t: string) => string> = {
  shouting: (t) => `${t.toUpperCase()}!!!`,
  'zero-width between letters': (t) => [...t].join('\u200B'),
  'word joiners and soft hyphens': (t) => [...t].join('\u2060').replace(/ /g, ' \u00AD'),
  'Cyrillic look-alikes': (t) => [...t].map((c) => CYRILLIC[c] ?? c).join(''),
  fullwidth: (t) => [...t].map((c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join(''),
  'stretched vowels': (t) => t.replace(/([aeiouAEIOU])(?=[^aeiouAEIOU]*(\s|$))/g, '$1$1$1$1'),
  'angry emoji after': (t) => `${t} 😡😡`,
  'quoted again': (t) => `"${t}"`,
};

for (const [name, f] of Object.entries(TRANSFORMS)) {
  void test(`robustness (${name}): opt-outs stay stop, declines never become yes`, () => {
    const lost = rows.filter((r) => r.intent === 'stop' && classifyReply(f(r.text)) !== 'stop').map((r) => `${r.line}: ${f(r.text)} → ${classifyReply(f(r.text))}`);
    assert.deepEqual(lost, []);
    const yes = rows.filter((r) => r.intent === 'decline' && classifyReply(f(r.text)) === 'yes').map((r) => `${r.line}: ${f(r.text)}`);
    assert.deepEqual(yes, []);
  });
}
