// Tweet normalisation and tokenisation for the sentiment/emotion models.
// Runs on every predicted tweet, so it is written for speed: one pass of a few regexes, no
// allocation per character. The same code runs in training and inference, so any change here
// changes the model's inputs and needs a retrain (bump FEATURIZER_VERSION in features.ts).

/** Longest text we featurise; longer input is cut (tweets are <= 280 chars, this bounds cost). */
export const MAX_TEXT_CHARS = 1000;

export type TokenKind = 'word' | 'hashtag' | 'emoji' | 'emoticon' | 'punct' | 'user';

export interface Token {
  text: string;
  kind: TokenKind;
  /** True when the token follows a negator inside the same clause ("not good" → good negated). */
  negated: boolean;
}

export interface TokenizedText {
  tokens: Token[];
  /** Number of words that were elongated ("soooo") before squashing. */
  elongated: number;
  /** Number of ALL-CAPS words of 3+ letters in the original text (shouting). */
  allCaps: number;
}

const ESCAPE_RE = /\\u([0-9a-fA-F]{4})/g;
const URL_RE = /(?:https?:\/\/|www\.)\S*/gi;
const MENTION_RE = /(^|[^\w])@\w+/g;
const ELONG_RE = /(\p{L})\1{2,}/gu;
const ALLCAPS_RE = /\b[A-Z]{3,}\b/g;
// Order matters: placeholders, emoticons, hashtags, words, emoji, punctuation.
const TOKEN_RE =
  /(@user)|((?:[:;=8][-o^']?[)(\]\[dp/\\|*3]+)|<3+|(?:[)(\]\[/\\|][-o^']?[:;=]))|(#[\p{L}\p{N}_]+)|([\p{L}\p{N}](?:[\p{L}\p{N}_'’]*[\p{L}\p{N}])?)|(\p{Extended_Pictographic})|(!+|\?+|[.,;:])/gu;

const NEGATORS = new Set([
  'not', 'no', 'never', 'nothing', 'nobody', 'none', 'neither', 'nor', 'nowhere', 'cannot',
  'without', 'hardly', 'barely', 'aint', "ain't",
]);
/** Words after a negator that are marked as negated, at most (the clause usually ends sooner). */
const NEGATION_SCOPE = 4;

function isNegator(word: string): boolean {
  if (NEGATORS.has(word)) return true;
  // don't, can't, isn't, dont, cant, isnt, wouldnt ... (not "want", "ant": require n't/nt suffix on a known stem length)
  return word.endsWith("n't") || word.endsWith('n’t') || (word.length > 3 && word.endsWith('nt') && NT_STEMS.has(word));
}
const NT_STEMS = new Set([
  'dont', 'cant', 'wont', 'isnt', 'arent', 'wasnt', 'werent', 'doesnt', 'didnt', 'couldnt',
  'shouldnt', 'wouldnt', 'hasnt', 'havent', 'hadnt', 'mustnt', 'neednt', 'aint',
]);

/** Replaces literal `\uXXXX` escapes (present in TweetEval/SemEval text) by the character. */
export function decodeLiteralEscapes(text: string): string {
  if (text.indexOf('\\u') < 0) return text;
  return text.replace(ESCAPE_RE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * Lower-cases and cleans a tweet the way the training data looks: URLs dropped (TweetEval removed
 * them), mentions become `@user`, letters repeated 3+ times squashed to two.
 */
export function normalizeTweet(raw: string): { text: string; elongated: number; allCaps: number } {
  let text = typeof raw === 'string' ? raw : '';
  if (text.length > MAX_TEXT_CHARS) text = text.slice(0, MAX_TEXT_CHARS);
  text = decodeLiteralEscapes(text);
  if (text.indexOf('http') >= 0 || text.indexOf('www.') >= 0) text = text.replace(URL_RE, ' ');
  if (text.indexOf('@') >= 0) text = text.replace(MENTION_RE, '$1@user');
  const caps = text.match(ALLCAPS_RE);
  const allCaps = caps ? caps.length : 0;
  text = text.toLowerCase();
  let elongated = 0;
  text = text.replace(ELONG_RE, (_m, ch: string) => {
    elongated++;
    return ch + ch;
  });
  return { text, elongated, allCaps };
}

/** Normalises and splits a tweet into tokens, marking negation scope. */
export function tokenizeTweet(raw: string): TokenizedText {
  const { text, elongated, allCaps } = normalizeTweet(raw);
  const tokens: Token[] = [];
  let negLeft = 0;
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text)) !== null) {
    let kind: TokenKind;
    if (m[1] !== undefined) kind = 'user';
    else if (m[2] !== undefined) kind = 'emoticon';
    else if (m[3] !== undefined) kind = 'hashtag';
    else if (m[4] !== undefined) kind = 'word';
    else if (m[5] !== undefined) kind = 'emoji';
    else kind = 'punct';
    let tok = m[0];
    if (kind === 'punct') {
      if (tok.length > 2) tok = tok.slice(0, 2); // "!!!!!" and "!!" carry the same signal
      negLeft = 0; // a clause boundary ends negation scope
      tokens.push({ text: tok, kind, negated: false });
      continue;
    }
    const negated = negLeft > 0 && (kind === 'word' || kind === 'hashtag');
    if (negLeft > 0) negLeft--;
    tokens.push({ text: tok, kind, negated });
    if (kind === 'word' && isNegator(tok)) negLeft = NEGATION_SCOPE;
  }
  return { tokens, elongated, allCaps };
}
