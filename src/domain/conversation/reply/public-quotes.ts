// Quotations in a tweet: someone else's words are not the author's request.

/** A quotation in double quotes (straight, curly, guillemets, low-high). */
const QUOTED = /["\u201c\u201e\u00ab]([^"\u201c\u201d\u201e\u00ab\u00bb]{2,120})["\u201d\u201c\u00bb]/g;
/** The author as the one who said it: "I told you …", "… is what I wrote". */
const SAID_BEFORE = /\b(i|ive|i've|we|weve|we've|i have|i already|already)\s+(have\s+|already\s+)?(said|say|told|tell|wrote|write|asked|ask|replied|reply|texted|typed|answered|begged|put|ticked|checked)\b[^"\u201c\u201e\u00ab]{0,30}$/i;
const SAID_AFTER = /^[^"\u201d\u00bb]{0,12}\b(is what |that'?s what )?(i|we)\s+(said|wrote|told|asked|replied|typed|texted|meant)\b/i;

/**
 * Someone else's words in quotes are not the author's request: an ad's "don't call us, we'll call
 * you", a stranger on the phone saying "stop calling me", a language lesson's "please don't call me".
 * Kept when the author says they said it ("I've told you "stop calling me" three times").
 */
export function withoutOthersQuotes(text: string): string {
  return text.replace(QUOTED, (whole: string, _inner: string, at: number) => {
    const before = text.slice(Math.max(0, at - 40), at);
    const after = text.slice(at + whole.length, at + whole.length + 40);
    return SAID_BEFORE.test(before) || SAID_AFTER.test(after) ? whole : ' ~ ';
  });
}
