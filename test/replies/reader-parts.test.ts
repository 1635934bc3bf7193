// Unit tests for the reply reader's tricky parts: normalisation (look-alikes, zero-width, spacing,
// stretching, leet), negation and harmless uses of "stop", the conservative rule, the sentiment
// second opinion, the keyword matcher, and the purity the workflow sandbox needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  classifyReply, matchesKeyword, matchesYesKeyword, NEGATIVITY_DECLINE_THRESHOLD, normalizeReply, readReply, YES_WORDS,
} from '../../src/domain/conversation';
import { compilePattern, firstWordStarts, PatternSet } from '../../src/domain/conversation/reply/patterns';

const text = (s: string) => normalizeReply(s).text;

void test('normalise: look-alike letters from other scripts, fullwidth and small capitals', () => {
  assert.equal(text('\u0455t\u043ep'), 'stop'); // Cyrillic ѕ, о, р
  assert.equal(text('\u0405\u0422\u041e\u0420'), 'stop'); // Cyrillic capitals
  assert.equal(text('ST\u039fP'), 'stop'); // Greek capital omicron
  assert.equal(text('\uff33\uff34\uff2f\uff30'), 'stop'); // fullwidth
  assert.equal(text('\u1d1b\u1d00\u1d0b\u1d07 \u1d0d\u1d07'), 'take me'); // small capitals
  assert.equal(text('\ud835\udc2c\ud835\udc2d\ud835\udc28\ud835\udc29'), 'stop'); // mathematical bold
});

void test('normalise: zero-width, joiners, soft hyphens and bidi controls vanish', () => {
  for (const s of ['st\u200bop', 's\u200ct\u200do\u2060p', 'sto\u00adp', '\u202estop\u202c', '\ufeffstop', 'stop\ufe0f']) assert.equal(text(s), 'stop', JSON.stringify(s));
});

void test('normalise: spaced letters join, words do not', () => {
  assert.equal(text('s t o p'), 'stop');
  assert.equal(text('S.T.O.P'), 'stop');
  assert.equal(text('s-t-o-p please'), 'stop please');
  assert.equal(text('s t oooo p'), 'stop');
  assert.equal(text('a b'), 'a b'); // two letters are not a word
  assert.equal(text('i am ok'), 'i am ok');
});

void test('normalise: stretching, leet, censored swearing, laughter, apostrophes', () => {
  assert.equal(text('stoooooop'), 'stop');
  assert.equal(text('st0p'), 'stop');
  assert.equal(text('$top'), 'stop');
  assert.equal(text('5T0P'), 'stop');
  assert.equal(text('10am'), '10am'); // numbers with a unit are not leet
  assert.equal(text('f*** off'), 'fuck off');
  assert.equal(text('f**k off'), 'fuck off');
  assert.equal(text('jajaja'), 'lol');
  assert.equal(text('kkkkk'), 'lol');
  assert.equal(text('hoje'), 'hoje'); // not laughter
  assert.equal(text("don't"), 'dont');
  assert.equal(text("I'm"), 'im');
  assert.equal(text("ne m'écrivez plus"), 'ne m ecrivez plus');
  assert.equal(text('No, thanks!'), 'no . thanks');
  assert.equal(text('really??'), 'really ?');
});

void test('typos of opt-out words are repaired, sign-up words are not', () => {
  for (const s of ['stpo', 'sotp', 'sttop', 'stopp', 'unsubcribe', 'unsusbcribe', 'unsubscibe', 'desuscribirme', 'abmeldn', 'descadastar']) assert.equal(classifyReply(s), 'stop', s);
  for (const s of ['subscribe', 'I want to subscribe', 'anmelden', 'bestellen', 'sport', 'spot', 'step']) assert.notEqual(classifyReply(s), 'stop', s);
});

void test('negation and harmless uses of "stop" are not opt-outs', () => {
  for (const s of ["don't stop", 'never stop', "I can't stop smiling", 'stop by our store', 'non-stop fun', 'the bus stop', "can't stop, won't stop", 'one-stop shop',
    'ich kann nicht aufhören zu lachen', 'no puedo parar de reír', 'non riesco a smettere di ridere', "je n'arrête pas de rire", 'não consigo parar de rir']) {
    assert.notEqual(classifyReply(s), 'stop', s);
  }
});

void test('but a negated stop about messaging is still an opt-out', () => {
  for (const s of ["can't you stop messaging me", "why won't you stop", "you just won't stop", "vous n'arrêtez pas de m'écrire", 'não para de me mandar mensagem']) {
    assert.equal(classifyReply(s), 'stop', s);
  }
});

void test('conservative: stop anywhere wins over yes, help and decline', () => {
  for (const s of ['yes please stop', 'yes. stop.', 'help, stop', 'no thanks, stop', 'sí, basta', 'oui, stop', 'I love you guys but stop messaging me', 'what is this? stop']) assert.equal(classifyReply(s), 'stop', s);
});

void test('decline is not stop and never yes', () => {
  for (const s of ['no thanks', 'not interested', 'maybe later', 'not now', "I'm good", 'yes but not now', 'sure, but not interested', 'non merci', 'nein danke', 'no gracias', 'não obrigado', 'no grazie']) {
    assert.equal(classifyReply(s), 'decline', s);
  }
  for (const s of ['no problem!', 'why not', 'not sure']) assert.notEqual(classifyReply(s), 'decline', s);
});

void test('an interested question is yes; a question about the sender is help', () => {
  assert.equal(classifyReply('help me understand the offer'), 'yes');
  assert.equal(classifyReply('how do I join?'), 'yes');
  assert.equal(classifyReply('help'), 'help');
  assert.equal(classifyReply('who is this?'), 'help');
  assert.equal(classifyReply('no entiendo'), 'help');
});

void test('the sentiment second opinion: other or weak yes with high negativity → decline; never over stop, help or a strong yes', () => {
  const hot = NEGATIVITY_DECLINE_THRESHOLD;
  assert.deepEqual(readReply('what a waste of my time', { negativity: hot }).intent, 'decline');
  assert.match(readReply('what a waste of my time', { negativity: hot }).why, /^model:sentiment/);
  assert.equal(readReply('what a waste of my time', { negativity: hot - 0.01 }).intent, 'other');
  assert.equal(readReply('ok', { negativity: 0.95 }).intent, 'decline'); // weak yes
  assert.equal(readReply('yes please', { negativity: 0.95 }).intent, 'yes'); // strong yes stands
  assert.equal(readReply('stop', { negativity: 0.01 }).intent, 'stop');
  assert.equal(readReply('stop', { negativity: 0.99 }).intent, 'stop');
  assert.equal(readReply('help', { negativity: 0.99 }).intent, 'help');
  assert.equal(readReply('what a waste of my time').intent, 'other'); // no hint, rules only
});

void test('language: the six languages, null when it could be several', () => {
  const cases: [string, string | null][] = [['leave me alone', 'en'], ['déjame en paz', 'es'], ['laissez-moi tranquille', 'fr'], ['lass mich in Ruhe', 'de'], ['me deixa em paz', 'pt'], ['lasciami in pace', 'it'],
    ['STOP', null], ['ok', null], ['no', null], ['🛑', null]];
  for (const [s, lang] of cases) assert.equal(readReply(s).lang, lang, s);
});

void test('empty and symbol-only replies', () => {
  assert.deepEqual(readReply(''), { intent: 'other', lang: null, why: 'empty' });
  assert.deepEqual(readReply(' \t '), { intent: 'other', lang: null, why: 'empty' });
  assert.equal(readReply('😀').intent, 'other');
  assert.equal(readReply('?').intent, 'help');
  assert.equal(readReply('🛑').intent, 'stop');
  assert.equal(readReply('x'.repeat(100_000)).intent, 'other');
  assert.equal(readReply(`${'blah '.repeat(20_000)}stop`).intent, 'stop');
});

void test('matchesKeyword: same normalisation, whole words only', () => {
  assert.ok(matchesKeyword('YES', 'yes'));
  assert.ok(matchesKeyword('Yesss!!', 'YES'));
  assert.ok(matchesKeyword('ＹＥＳ', 'yes'));
  assert.ok(matchesKeyword('oh y e s please', 'YES'));
  assert.ok(matchesKeyword('y\u200bes', 'YES'));
  assert.ok(matchesKeyword('\u0443es', 'yes')); // Cyrillic у
  assert.ok(matchesKeyword('count me in: JOIN now', 'join now'));
  assert.ok(matchesKeyword('Sí', 'si'));
  assert.ok(!matchesKeyword('yesterday', 'yes'));
  assert.ok(!matchesKeyword('eyes', 'yes'));
  assert.ok(!matchesKeyword('anything', ''));
});

void test('YES_WORDS per language and matchesYesKeyword', () => {
  assert.ok(YES_WORDS.es.includes('si'));
  assert.ok(YES_WORDS.fr.includes('oui'));
  assert.ok(YES_WORDS.de.includes('ja'));
  assert.ok(YES_WORDS.pt.includes('sim'));
  assert.ok(YES_WORDS.it.includes('si'));
  assert.ok(matchesYesKeyword('¡Sí!', 'YES', 'es'));
  assert.ok(matchesYesKeyword('oui', 'YES', 'fr'));
  assert.ok(matchesYesKeyword('ja', 'YES', null));
  assert.ok(!matchesYesKeyword('oui', 'YES', 'de'));
  assert.ok(!matchesYesKeyword('oui', 'JOIN', 'fr')); // only a yes keyword accepts yes words
  assert.ok(matchesYesKeyword('join', 'JOIN', 'fr'));
});

void test('the reader is deterministic and sandbox-safe: no Node, tfjs or I/O imports', () => {
  const dir = join(__dirname, '..', '..', 'src', 'domain', 'conversation', 'reply');
  const files = [...readdirSync(dir).map((f) => join(dir, f)), ...readdirSync(join(dir, 'lexicon')).map((f) => join(dir, 'lexicon', f)), join(dir, '..', 'classify.ts')].filter((f) => f.endsWith('.ts'));
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/from '([^']+)'|require\('([^']+)'\)/g)) {
      const spec = m[1] ?? m[2]!;
      assert.ok(spec.startsWith('.'), `${f} imports ${spec}`);
    }
    assert.doesNotMatch(src, /Math\.random|Date\.now|new Date\(/, f);
  }
  const s = 'Ｓ t o o o p, I said NO 🛑';
  assert.deepEqual(readReply(s), readReply(s));
});

void test('a bare opt-out keyword that is a sentence of its own is stop; inside a sentence it is not', () => {
  for (const text of ['Não autorizei nada. Parem imediatamente.', 'I tried your app once. STOP.', 'Hola. Basta ya.', 'Lo siento. Cancel.']) {
    assert.equal(readReply(text).intent, 'stop', text);
  }
  for (const text of ['When does the sale end? I want one', 'The sale ends when? Sign me up']) {
    assert.notEqual(readReply(text).intent, 'stop', text);
  }
});

void test('the opt-out frames leave harmless replies alone', () => {
  for (const text of [
    'I never gave up on you guys!', 'the block party you sponsored was sick', 'I need to stop buying stuff lol so no thanks',
    'which one from the list is cheapest?', 'How do I block someone on here? Asking for a friend', "Ne t'arrête pas là, dis-moi tout !", "I don't want to miss any offers, yes!", 'your receipts land in my spam folder', 'I never check my DMs, sorry for the late reply, yes!', 'talk to you later', "J'arrête pas de recommander vos produits",
  ]) {
    assert.notEqual(readReply(text).intent, 'stop', `${text} (${readReply(text).why})`);
  }
});

void test('a negated request about contacting is stop in any word order or verb form, within one sentence', () => {
  for (const text of [
    'Escribo por mi padre: no le envíen más mensajes, por favor.', 'Les agradecería que no volvieran a escribirme.', 'Ni se te ocurra volver a escribirme.',
    'Nunca mais me escrevam.', 'bitte nich mehr schreiben, danke', 'Grüezi, bitte schicked Sie mir kei Nachrichte meh.', 'Che nessuno di voi mi scriva più.',
    'Je réponds pour ma grand-mère : elle ne veut plus recevoir vos messages.', 'can u like. not. message me. ever. thx', 'please never text this number again',
    'Das ist das Konto meiner Oma, bitte schreiben Sie ihr nicht mehr.', 'Schleich di und schreib ma nimmer', 'Esta cuenta es de mi mamá, ella no quiere que le sigan escribiendo.',
  ]) {
    assert.equal(readReply(text).intent, 'stop', text);
  }
  // The negation and the request are in different sentences, or nothing says "more / again".
  for (const text of ['No, envíame más info', 'not now, text me again next week', 'Não, mas me manda mais detalhes', 'Nein, aber schreibt mir mehr dazu', "I don't check my DMs much, but yes", "You can email me again later, I'm not home", 'Ich hör gar nicht mehr auf, eure Playlist zu hören lol',
    'I have no more questions, contact me tomorrow', "Je n'ai pas reçu le mail mais ok", 'keine weiteren Fragen schreib mir morgen']) {
    assert.notEqual(readReply(text).intent, 'stop', `${text} (${readReply(text).why})`);
  }
});

void test('a yes word leading a no is a no; a verb of wanting alone is not consent', () => {
  for (const text of ['seguro que no', 'certo que não', 'klar nicht', 'bien sûr que non', 'sure not']) assert.equal(readReply(text).intent, 'decline', text);
  // Before, "quero" / "pode" leading any short reply made it a yes: "I want you to stop" was consent.
  for (const text of ['quero que parem', 'pode esquecer', 'quero ser esquecido']) assert.notEqual(readReply(text).intent, 'yes', text);
  for (const text of ['quero!', 'quero saber mais', 'pode mandar', 'sim, quero']) assert.equal(readReply(text).intent, 'yes', text);
  // A leading yes word followed by a no is not consent (Portuguese "já" is German "ja").
  for (const text of ['ja falei q nao, para de encher', 'ja, nein, doch']) assert.notEqual(readReply(text).intent, 'yes', text);
  for (const text of ['Yes, no problem!', 'sí, no hay problema', 'yes no doubt']) assert.equal(readReply(text).intent, 'yes', text);
});

void test('harmless uses of opt-out words are not opt-outs; "já tenho um" is not a yes (set 12)', () => {
  for (const t of [
    'How do I cancel my order?', "20% isn't enough to tempt me lol", 'is this legit or a scam? who are you', 'what happens if I say stop later, do I lose the code?',
    "Absolutely yes, this isn't spam for once haha", 'how do I delete my old shipping address from my account?', 'the app keeps crashing when I try to block a time slot for pickup',
  ]) assert.notEqual(readReply(t).intent, 'stop', t);
  assert.notEqual(readReply('ja tenho um').intent, 'yes');
  for (const t of ['forget you ever saw my tweet', 'pretend i don\'t exist', 'My lawyer will be in touch if I receive another message from you.', 'me esquece', 'dimenticatevi di me', 'Kein Interesse, bitte nicht erneut kontaktieren.']) {
    assert.equal(readReply(t).intent, 'stop', t);
  }
});

void test('a pattern that opens with a group of plain words runs only on texts with a word that starts like one of them', () => {
  assert.deepEqual(firstWordStarts('(stop|quit) (calling|texting) me'), ['st', 'qu']);
  assert.deepEqual(firstWordStarts('^(do not|dont) call'), ['do']);
  assert.equal(firstWordStarts('(i|we) told you to stop'), undefined, 'one letter: no index');
  assert.equal(firstWordStarts('(please |pls )?remove me'), undefined, 'an optional group');
  assert.equal(firstWordStarts('([a-z]+ )?calls'), undefined);
  assert.equal(firstWordStarts('(ab?c|de) x'), undefined, 'a quantifier on the second letter');
  // Indexed that way, the set finds exactly what the regexes find.
  const set = new PatternSet(['(stop|quit) (calling|texting) me', 'never again'].map((s) => compilePattern(s, 'en')));
  assert.deepEqual(set.hits('pls quit texting me').map((p) => p.src), ['(stop|quit) (calling|texting) me']);
  assert.deepEqual(set.hits('keep texting me').map((p) => p.src), []);
});

void test('a question about the offer asks for help (it got the "reply YES, HELP or STOP" suggestion before)', () => {
  for (const t of ["what's the catch?", 'Is this offer valid in Canada?', 'el 20% aplica a envios tambien?', 'Gilt der Rabatt auch fuer Bestandskunden?', 'Lo sconto vale anche online?', "c'est valable jusqu'a quand ?"]) {
    assert.equal(readReply(t).intent, 'help', t);
  }
  assert.equal(readReply('the offer looks fine').intent !== 'help', true, 'not a question');
  assert.equal(readReply('what is the catch? stop messaging me').intent, 'stop', 'a stop still wins');
  assert.equal(readReply('how do I redeem the code?').intent, 'yes', 'an interested question stays a yes');
});
