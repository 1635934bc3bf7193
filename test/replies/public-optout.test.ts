// Opt-outs said in public tweets (src/domain/conversation/reply/public.ts), and two readings of DM
// replies that looked like opt-outs and were not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readPublicOptOut, readReply } from '../../src/domain/conversation';
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
  ]) assert.equal(read(t).optOut, true, t);
});

void test('tweets with the same words that do not ask the brand to stop contacting their author', () => {
  for (const t of [
    "Can't stop drinking @Acme cold brew, DM me the deal!", '@Acme please DM me, nobody answers the phone', '@Acme stop by the new store on Main St',
    "my ex won't stop texting me, at least @Acme is open", "@Acme don't stop texting me the fraud alerts, they saved me", 'I keep messaging @Acme support and nobody replies',
    '@Acme this is spam and your app is a scam', "@Acme don't bother, the store is closed", "don't call her names @Acme", 'RT if you love @Acme',
    '@Acme nunca recebi o email de confirmação', '@Acme non ho mai ricevuto la mail di conferma', 'Harper may never get a hit against the Mets',
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

// Each set was written by someone who never saw the rules and scored once before it shaped them
// (its first line says how it scored); from then on it holds the reader to these floors.
for (const file of readdirSync(SETS).filter((f) => f.endsWith('.tsv'))) {
  void test(`the public reader on ${file}: opt-out recall >= 88 %, precision >= 95 %`, () => {
    const rows = parse(join(SETS, file));
    let tp = 0, fn = 0, fp = 0;
    for (const r of rows) {
      const got = read(r.text).optOut;
      if (r.label === 'optout') { if (got) tp++; else fn++; } else if (got) fp++;
    }
    const recall = tp / (tp + fn), precision = tp / (tp + fp);
    assert.ok(recall >= 0.88, `recall ${(100 * recall).toFixed(1)} %`);
    assert.ok(precision >= 0.95, `precision ${(100 * precision).toFixed(1)} %`);
  });
}

void test('on 65,171 labelled tweets about anything (SemEval and airline), almost none reads as a public opt-out', { skip: !existsSync(DATA) && 'needs ../shared/data' }, () => {
  const texts: string[] = [];
  const semeval = join(DATA, 'semeval2017-task4a');
  for (const f of readdirSync(semeval).filter((x) => x.endsWith('.tsv'))) for (const l of readFileSync(join(semeval, f), 'utf8').split('\n')) { const c = l.split('\t'); if (c[2]) texts.push(c[2]); }
  texts.push(...readFileSync(join(DATA, 'airline-sentiment/Tweets.csv'), 'utf8').split('\n').slice(1).filter(Boolean));
  assert.ok(texts.length > 60_000);
  const flagged = texts.filter((t) => readPublicOptOut(t).optOut);
  // 10 today: mostly real complaints about notification texts ("@united pls stop sending texts every 15 mins").
  assert.ok(flagged.length <= 15, `${flagged.length} flagged:\n${flagged.slice(0, 20).join('\n')}`);
});
