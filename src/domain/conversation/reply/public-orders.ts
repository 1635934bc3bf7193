// A sentence that is only an order to stop ("Arrêtez svp", "Remove me."), in a tweet about contact.
import { isContact, mentionsAuthor } from './public-words';

/** One-word orders to stop, in a sentence of their own ("Arrêtez svp", "Hört auf damit"). */
const BARE_ORDERS = new Set(['stop', 'remove', 'delete', 'stahp', 'stopp', 'unsubscribe', 'unsub', 'optout', 'abmelden', 'arretez', 'aufhoren', 'aufhoeren', 'paren', 'parem', 'basta', 'smettetela', 'smettila']);
const BARE_PAIRS = new Set(['hort auf', 'hoert auf', 'horen sie auf', 'hoeren sie auf', 'make stop', 'make them stop', 'make this stop', 'remove me', 'remove us', 'take me off', 'delete me', 'opting out', 'opt out', 'opt me out', 'on arrete',
  'leave me alone', 'laissez moi tranquille', 'laissez moi en paix', 'lasst mich in ruhe', 'dejenme en paz', 'dejadme en paz', 'me deixem em paz', 'lasciatemi in pace', 'lasciatemi stare', 'parem com isso', 'para com isso', 'pare com isso', 'ja chega', 'basta ya', 'ca suffit', 'take off', 'leave me be', 'supprimez la', 'supprimez le', 'effacez la', 'effacez le']); // "make (it) stop": "it" is a filler
/** An unsubscribe order asks about its author by itself. */
const BARE_ABOUT_AUTHOR = new Set(['unsubscribe', 'unsub', 'optout', 'abmelden', 'opting out', 'opt out', 'opt me out']);
const ORDER_FILLERS = new Set(['please', 'kindly', 'pls', 'plz', 'now', 'already', 'just', 'it', 'svp', 'stp', 'bitte', 'damit', 'jetzt', 'sofort', 'endlich', 'mal', 'por', 'favor', 'ya', 'per', 'favore', 'subito', 'ora', 'agora', 'ja', 'maintenant', 'immediatement', 'thanks', 'thx', 'ty', 'danke', 'merci', 'grazie', 'gracias', 'obrigado', 'obrigada']);

/**
 * A sentence that is only an order to stop, in a tweet that names a way of contacting and speaks of
 * its author: "pourquoi je reçois encore vos SMS ? Arrêtez svp". A bare "stop" alone is not enough
 * in public ("stop! this flavour is too good").
 */
export function bareOrder(tokens: readonly string[]): string | undefined {
  if (!tokens.some(isContact)) return undefined;
  const sentences: string[][] = [[]];
  for (const t of tokens) {
    if (t === '.' || t === '?') sentences.push([]);
    else sentences[sentences.length - 1]!.push(t);
  }
  const alone = sentences.filter((x) => x.length).length < 2;
  for (const words of sentences) {
    const c = words.filter((w) => !ORDER_FILLERS.has(w));
    const order = c.length >= 1 && c.length <= 4 && (c.every((w) => BARE_ORDERS.has(w)) || BARE_PAIRS.has(c.join(' '))) ? c.join(' ') : undefined;
    // Alone, only "unsubscribe" says what it is about ("@Acme unsubscribe"); "@Acme stop" may be about anything.
    if (!order || (alone && !BARE_ABOUT_AUTHOR.has(order) && !c.every((w) => BARE_ABOUT_AUTHOR.has(w)))) continue;
    if (BARE_ABOUT_AUTHOR.has(order) || c.some((w) => BARE_ABOUT_AUTHOR.has(w)) || mentionsAuthor(tokens)) return order;
  }
  return undefined;
}
