// The words the public reader looks for: ways of contacting (a DM, a call, a list, one's data…)
// and the author ("me", "my", "I"…, in six languages).
import { words as langWords } from './patterns';
import { startsOrIs } from './rules';
import { once } from './lazy';

/** Channels and lists the lexicons' contact words do not cover ("$": the whole word). */
const CHANNELS = [
  'dms$', 'voicemail', 'voice mail', 'inbox', 'list', 'liste', 'lista', 'database', 'datenbank', 'verteiler', 'newsletter', 'marketing', 'werbung', 'publicidad',
  'publicite', 'pubblicita', 'publicidade', 'promo', 'notification', 'notif', 'data$', 'datos$', 'dados$', 'donnees$', 'daten$', 'dati$',
  'unsub', 'desuscrib', 'desabonn', 'desinscri', 'abmeld', 'abbestell', 'descadastr', 'disiscriv', 'optout', 'consent', 'permission', 'einwillig',
  'phoning', 'number$', 'numero$', 'nummer$', 'phone', 'telefon', 'telephone', 'sms$', 'whatsapp', 'ring$', 'ringing', 'robocall', 'rappel', 'ricontatt', 'kartei', 'cadastro', 'fichier',
];
/** The author, in the six languages (object, subject and possessive forms). */
const FIRST_PERSON = new Set([
  'i', 'im', 'ive', 'id', 'ill', 'me', 'my', 'mine', 'myself', 'we', 'us', 'our', 'ours',
  'yo', 'mi', 'mis', 'mio', 'mia', 'nos', 'nosotros', 'nuestro', 'nuestra', 'nuestros',
  'je', 'j', 'm', 'moi', 'mon', 'ma', 'mes', 'nous', 'notre', 'nos',
  'ich', 'mich', 'mir', 'mein', 'meine', 'meinen', 'meiner', 'meinem', 'meins', 'wir', 'uns', 'unser', 'unsere',
  'eu', 'meu', 'meus', 'minha', 'minhas', 'nosso', 'nossa', 'comigo',
  'io', 'mie', 'miei', 'noi', 'ci', 'nostro', 'nostra',
  // Wanting, receiving and asking, in the first person of languages that drop the pronoun ("no quiero recibir más correos", "recebo SMS todos os dias").
  'quiero', 'deseo', 'quero', 'desejo', 'voglio', 'desidero', 'recibo', 'recebo', 'ricevo', 'pido', 'pedi', 'chiedo', 'veux', 'souhaite', 'souhaiterais', 'mochte', 'want', 'wanna', 'wish',
]);

const CONTACT_WORDS = once(() => [...new Set([...langWords().flatMap((w) => w.negatedContact.contact), ...CHANNELS])]);
const contactCache = new Map<string, boolean>();
/** A word that names a way of contacting: a contact word, or one with the author attached ("escribirme", "scrivermi"). */
export function isContact(w: string): boolean {
  let v = contactCache.get(w);
  if (v === undefined) {
    v = CONTACT_WORDS().some((c) => startsOrIs(w, c));
    if (contactCache.size < 50_000) contactCache.set(w, v);
  }
  return v;
}
const ENCLITIC = /^[a-z]{3,}(me|mi|nos|ci|moi)$/;
export const mentionsAuthor = (words: readonly string[]) => words.some((w) => FIRST_PERSON.has(w) || ENCLITIC.test(w));
