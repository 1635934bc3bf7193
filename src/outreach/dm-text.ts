// Pure: does a DM event X lists carry the text we sent? X rewrites links (every URL, and bare
// domains it recognises, become https://t.co/… links), escapes &, < and > as HTML entities and may
// trim whitespace, so exact comparison misses DMs that did go out.

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
/** A URL with a scheme, or a bare domain with an optional path (acme.com, shop.acme.co/boots). */
const LINK = /\bhttps?:\/\/\S+|\b(?:[a-z0-9-]+\.)+[a-z]{2,}(?:\/\S*)?/gi;

/** The comparable form of a DM text: entities decoded, links replaced by one token, spaces folded. */
export function dmTextKey(text: string): string {
  return text
    .replace(/&(?:amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m)
    .replace(LINK, '\u0000link')
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when `seen` (as X lists it) is `sent` (as we posted it), up to X's link rewriting. */
export function sameDmText(sent: string, seen: string): boolean {
  return sent === seen || dmTextKey(sent) === dmTextKey(seen);
}
