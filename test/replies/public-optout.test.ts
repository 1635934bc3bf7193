// Opt-outs said in public tweets (src/domain/conversation/reply/public.ts), and two readings of DM
// replies that looked like opt-outs and were not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readPublicOptOut, readReply, PUBLIC_STOP_PROBABILITY_THRESHOLD } from '../../src/domain/conversation';
import { publicOptOuts } from '../../src/ingest/public-optouts';
import { withoutLeadingHandles } from '../../src/campaigns/optin';

const SETS = join(__dirname, '../fixtures/public-tweets');
const DATA = join(__dirname, '../../../shared/data');
const read = (text: string) => readPublicOptOut(withoutLeadingHandles(text));

void test('opt-outs said in public, in six languages, with the channel named', () => {
  for (const t of [
    '@Acme please stop DMing me', 'yo @Acme quit spamming my inbox', '@Acme take me off your mailing list', '@Acme unsubscribe me from your emails',
    'If @Acme texts me one more time I am reporting them', '@Acme I do not wish to be contacted by your sales team',
    '@Acme dejen de llamarme por favor', '@Acme no me escriban más', '@Acme arrêtez de m\'envoyer des mails', '@Acme ne m\'appelez plus',
    '@Acme hört bitte auf, mir zu schreiben', '@Acme ruft mich nicht mehr an', '@Acme parem de me ligar', '@Acme non scrivetemi più', '@Acme toglietemi dalla newsletter',
    // A sentence that is only an order to stop, in a tweet about being contacted; a conditional threat; a do-not-call list.
    '@Acme why do I still get your SMS? Stop. Now.', '@Acme encore vos mails alors que je suis désinscrit. Arrêtez svp', '@Acme schon wieder Werbung per Mail an mich. Hört auf damit.',
    '@Acme unsubscribe. unsubscribe. UNSUBSCRIBE.', '@Acme call me again and I am reporting you', '@Acme put my number on your do-not-call list', '@Acme the daily texts need to stop',
    '@Acme unsubscribe', 'I\'ve told you "stop calling me" three times @Acme', '"do not text me again" is what I wrote on the form @Acme',
  ]) assert.equal(read(t).optOut, true, t);
});

void test('tweets with the same words that do not ask the brand to stop contacting their author', () => {
  for (const t of [
    "Can't stop drinking @Acme cold brew, DM me the deal!", '@Acme please DM me, nobody answers the phone', '@Acme stop by the new store on Main St',
    "my ex won't stop texting me, at least @Acme is open", "@Acme don't stop texting me the fraud alerts, they saved me", 'I keep messaging @Acme support and nobody replies',
    '@Acme this is spam and your app is a scam', "@Acme don't bother, the store is closed", "don't call her names @Acme", 'RT if you love @Acme',
    '@Acme nunca recebi o email de confirmação', '@Acme non ho mai ricevuto la mail di conferma', 'Harper may never get a hit against the Mets',
    // Someone else's wish, reported; an order to stop that is not about contact.
    'my mum asked me to stop sending her @Acme recommendations', '@Acme stop. this new flavour is too good. I need help', '@Acme the ads on TV are everywhere. Stop. Please.',
    // Someone else's words in quotes; opting out of a fee; asking to be put on hold or on a list.
    'lol @Acme\'s new ad says "don\'t call us, we\'ll call you"', 'a guy at @Acme yelled “stop calling me!” into his phone', '@Acme how do I opt out of the seat selection fee?',
    '@Acme please take me off hold', '@Acme how do I get on your mailing list? I want the coupons', '@Acme mon conseiller ne répond plus à mes mails depuis 3 semaines',
  ]) assert.equal(read(t).optOut, false, t);
});

void test('a DM that says an email never came is a question, not an opt-out; "against" is not "again"', () => {
  assert.equal(readReply('nunca recebi o email de confirmação, podem reenviar?').intent === 'stop', false);
  assert.equal(readReply('non ho mai ricevuto la mail di conferma').intent === 'stop', false);
  assert.equal(readReply("je n'ai jamais reçu le mail de confirmation").intent === 'stop', false);
  assert.equal(readReply('Harper may never get a hit against the Mets').intent === 'stop', false);
  // The negated-contact rule still reads these.
  assert.equal(readReply('nunca mais me mandem email').intent, 'stop');
  assert.equal(readReply('non mandatemi mai più mail').intent, 'stop');
  assert.equal(readReply("don't ever text me again").intent, 'stop');
});

void test('the reply model adds an opt-out only above its public threshold, on four words or more, never removes one', () => {
  const words = 'honestly just leave me be now';
  assert.equal(readPublicOptOut(words).optOut, false, 'the rules alone do not read it');
  assert.equal(readPublicOptOut(words, { stopProbability: PUBLIC_STOP_PROBABILITY_THRESHOLD }).optOut, true);
  assert.match(readPublicOptOut(words, { stopProbability: 0.999 }).why, /^model:reply/);
  assert.equal(readPublicOptOut(words, { stopProbability: 0.97 }).optOut, false, 'the DM threshold (0.9) is not enough in public');
  assert.equal(readPublicOptOut('leave me be', { stopProbability: 0.999 }).optOut, false, 'three words are the rules\' job');
  assert.equal(readPublicOptOut('@Acme stop DMing me', { stopProbability: 0 }).optOut, true, 'the model never removes an opt-out');
});

void test('a retweet repeats someone else\'s words and is not read', () => {
  const base = { authorId: '7', createdAt: new Date(0).toISOString() };
  const found = publicOptOuts([
    { ...base, id: '1', text: '@Acme stop DMing me' },
    { ...base, id: '2', text: 'RT @bob: @Acme stop DMing me', referencedTweets: [{ type: 'retweeted', id: '1' }] },
    { ...base, id: '3', text: '@Acme love it' },
  ]);
  assert.deepEqual(found.map((f) => f.tweet.id), ['1']);
});

interface Row { label: string; lang: string; text: string }
const parse = (file: string): Row[] => readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => {
  const [label, lang, text] = l.split('\t');
  return { label: label!, lang: lang!, text: text! };
});

/** Recall and precision of ingest's reading (rules, and the reply model unless `model` is false) on a set. */
function score(file: string, model: boolean): { recall: number; precision: number } {
  const rows = parse(join(SETS, file));
  const batch = rows.map((r, i) => ({ id: String(i), text: r.text, authorId: String(i), createdAt: new Date(0).toISOString() }));
  const hit = new Set(publicOptOuts(batch, model ? undefined : null).map((o) => o.tweet.id));
  let tp = 0, fn = 0, fp = 0;
  rows.forEach((r, i) => { const got = hit.has(String(i)); if (r.label === 'optout') { if (got) tp++; else fn++; } else if (got) fp++; });
  return { recall: tp / (tp + fn), precision: tp / (tp + fp) };
}

// Each set was written by someone who never saw the rules and scored once before it shaped them
// (its first line says how it scored); from then on it holds the reader to these floors.
for (const file of readdirSync(SETS).filter((f) => f.startsWith('public-') && f.endsWith('.tsv'))) {
  void test(`the public reader on ${file}: opt-out recall >= 88 %, precision >= 95 %`, () => {
    const { recall, precision } = score(file, false);
    assert.ok(recall >= 0.88, `recall ${(100 * recall).toFixed(1)} %`);
    assert.ok(precision >= 0.95, `precision ${(100 * precision).toFixed(1)} %`);
  });
}

void test('the reply model is not asked about a tweet that asks to be contacted', () => {
  const t = 'hab euch eine DM wegen meiner Umbuchung geschickt, bitte meldet euch';
  assert.equal(readPublicOptOut(t, { stopProbability: 0.999 }).optOut, false);
  assert.equal(readPublicOptOut('I am so done with the way you treat my family', { stopProbability: 0.999 }).optOut, true, 'the model still reads other tweets');
});

void test('ingest reads with the reply model as second opinion: more opt-outs on every set, precision kept', () => {
  for (const file of readdirSync(SETS).filter((f) => f.startsWith('public-') && f.endsWith('.tsv'))) {
    const rules = score(file, false), both = score(file, true);
    assert.ok(both.recall >= 0.91 && both.recall >= rules.recall, `${file}: recall ${both.recall} (rules ${rules.recall})`);
    assert.ok(both.precision >= 0.95, `${file}: precision ${both.precision}`);
  }
  // The held-out sets (never tuned on), each with the floor its numbers set when scored: held-out-4
  // 76.3 % rules / 82.5 % with the model at first, 84.4 / 88.1 % after sets 5-8's rules; held-out-9,
  // written after sets 5-8 shaped the rules, 90.0 / 91.9 %; from held-out-11 on, each written beside
  // the public set before it and scored before that set shaped any rule: 11 80.6 / 84.4 % (86.3 %
  // after), 13 88.8 / 92.5 %, 15 88.1 / 91.3 %, 17 88.8 / 92.5 %, 19 90.0 / 93.8 %, 21 90.6 / 92.5 %,
  // 23 89.4 / 95.6 %.
  const floors: [string, number][] = [['held-out-4.tsv', 0.8], ['held-out-9.tsv', 0.88], ['held-out-11.tsv', 0.84], ['held-out-13.tsv', 0.9],
    ['held-out-15.tsv', 0.9], ['held-out-17.tsv', 0.9], ['held-out-19.tsv', 0.9], ['held-out-21.tsv', 0.9], ['held-out-23.tsv', 0.9]];
  for (const [file, floor] of floors) {
    const held = score(file, true);
    assert.ok(held.recall >= floor && held.precision >= 0.95, `${file}: recall ${held.recall}, precision ${held.precision}`);
  }
});

void test('on 65,171 labelled tweets about anything (SemEval and airline), almost none reads as a public opt-out, model included', { skip: !existsSync(DATA) && 'needs ../shared/data' }, () => {
  const texts: string[] = [];
  const semeval = join(DATA, 'semeval2017-task4a');
  for (const f of readdirSync(semeval).filter((x) => x.endsWith('.tsv'))) for (const l of readFileSync(join(semeval, f), 'utf8').split('\n')) { const c = l.split('\t'); if (c[2]) texts.push(c[2]); }
  texts.push(...readFileSync(join(DATA, 'airline-sentiment/Tweets.csv'), 'utf8').split('\n').slice(1).filter(Boolean));
  assert.ok(texts.length > 60_000);
  const batch = texts.map((text, i) => ({ id: String(i), text, authorId: String(i), createdAt: new Date(0).toISOString() }));
  const flagged = publicOptOuts(batch).map((o) => o.tweet.text);
  // 10 today: mostly real complaints about notification texts ("@united pls stop sending texts every 15 mins").
  assert.ok(flagged.length <= 15, `${flagged.length} flagged:\n${flagged.slice(0, 20).join('\n')}`);
});
