// The labelled reply sets read by the rules alone: every opt-out must be stop, and no opt-out or
// decline may ever be read as yes (replies.tsv and the later sets that shaped rules). Per-intent
// precision / recall are printed, also for the held-out files (never tuned on; reported, not enforced).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readReply } from '../../src/domain/conversation';
import { parseReplySet, scoreReplies, scoreTable, type SetScore } from '../../src/domain/conversation/reply/score';
import { shippedStopProbabilities } from '../../src/ml/reply-stop';

const DIR = join(__dirname, '..', 'fixtures', 'replies');
const load = (name: string) => parseReplySet(readFileSync(join(DIR, name), 'utf8'));

function report(name: string, s: SetScore): void {
  const l = s.lang;
  console.log(`\n${name}: ${s.n} replies\n${scoreTable(s)}\nlanguage: ${l.right}/${l.labelled} right, ${l.wrong} wrong, ${l.unsure} unsure (null)`);
  for (const m of s.misses) console.log(`  line ${m.line}: ${JSON.stringify(m.text)} want ${m.want}, got ${m.got} (${m.why})`);
}

void test('reply set: ≥ 600 replies covering every intent in every language', () => {
  const rows = load('replies.tsv');
  assert.ok(rows.length >= 600, `only ${rows.length} replies`);
  for (const lang of ['en', 'es', 'fr', 'de', 'pt', 'it'] as const) {
    for (const intent of ['yes', 'help', 'stop', 'decline', 'other'] as const) {
      assert.ok(rows.some((r) => r.lang === lang && r.intent === intent), `no ${intent} reply in ${lang}`);
    }
  }
});

void test('reply set: every opt-out is stop, no opt-out or decline is yes', () => {
  const s = scoreReplies(load('replies.tsv'), (t) => readReply(t));
  report('replies.tsv', s);
  assert.deepEqual(s.missedStops.map((m) => `${m.line}: ${m.text} → ${m.got}`), [], 'opt-outs not read as stop');
  assert.deepEqual(s.noReadAsYes.map((m) => `${m.line}: ${m.text} → ${m.got}`), [], 'opt-outs or declines read as yes');
  assert.equal(s.lang.wrong, 0, 'a reply was given the wrong language');
});

// Sets written later by people who never saw the rules. Each was scored once before it shaped any
// rule (its first line says how it did), so each now guards what it taught.
for (const name of ['holdout-2', 'holdout-3', 'holdout-4', 'holdout-5', 'holdout-6', 'holdout-7', 'holdout-8', 'holdout-9', 'holdout-10']) {
  void test(`${name}.tsv (opt-outs in people's own words, enforced since they shaped the opt-out frames): every opt-out is stop, none is yes`, () => {
    const s = scoreReplies(load(`${name}.tsv`), (t) => readReply(t));
    report(`${name}.tsv`, s);
    assert.deepEqual(s.missedStops.map((m) => `${m.line}: ${m.text} → ${m.got}`), [], 'opt-outs not read as stop');
    assert.deepEqual(s.noReadAsYes.map((m) => `${m.line}: ${m.text} → ${m.got}`), [], 'opt-outs or declines read as yes');
  });
}

/** A set read the way the DM router reads: the rules with the reply model's P(stop). */
function scoreWithModel(name: string): SetScore {
  const rows = load(`${name}.tsv`);
  const p = shippedStopProbabilities(rows.map((r) => r.text));
  assert.ok(p, 'the reply model is shipped');
  const byText = new Map(rows.map((r, i) => [r.text, p[i]!]));
  const s = scoreReplies(rows, (t) => readReply(t, { stopProbability: byText.get(t)! }));
  report(`${name}.tsv (rules + reply model)`, s);
  return s;
}
const listed = (ms: SetScore['missedStops']) => ms.map((m) => `${m.line}: ${m.text} → ${m.got}`);

// The twelfth set is enforced with the model, and the fourteenth to seventeenth and the odd sets from
// the nineteenth to the thirty-first too: each first scored 90-98 % with the model (the fresh estimate
// after the set before it).
for (const name of ['holdout-12', 'holdout-14', 'holdout-15', 'holdout-16', 'holdout-17', 'holdout-19', 'holdout-21', 'holdout-23', 'holdout-25', 'holdout-27', 'holdout-29', 'holdout-31']) {
  void test(`${name}.tsv (enforced with the reply model, as the router reads): at most one opt-out missed, none is yes`, () => {
    const s = scoreWithModel(name);
    assert.ok(s.missedStops.length <= 1, listed(s.missedStops).join('\n'));
    assert.deepEqual(listed(s.noReadAsYes), [], 'opt-outs or declines read as yes');
  });
}

// Held-out estimates, never tuned on (13: only its no-read-as-yes class was fixed; 18: after sets 14-17;
// 20 to 32: each written beside the set before it and scored before that set shaped any rule).
for (const name of ['holdout-32', 'holdout-30', 'holdout-28', 'holdout-26', 'holdout-24', 'holdout-22', 'holdout-20', 'holdout-18', 'holdout-13']) {
  void test(`${name}.tsv (a held-out estimate): reported with the reply model, none is yes`, () => {
    assert.deepEqual(listed(scoreWithModel(name).noReadAsYes), [], 'opt-outs or declines read as yes');
  });
}

for (const name of ['holdout', 'holdout-11']) {
  void test(`${name}.tsv (never tuned on): reported honestly`, () => {
    const s = scoreReplies(load(`${name}.tsv`), (t) => readReply(t));
    report(`${name}.tsv`, s);
    assert.ok(s.n >= 50);
  });
}
