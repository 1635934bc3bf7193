// Filtered-stream rule language (the subset Chirpflow uses): keywords, "exact phrases", @mentions,
// #hashtags, from:/to:, lang:xx, is:retweet/reply/quote/verified, has:links/mentions/hashtags,
// implicit AND, OR, parentheses and `-` negation. AND binds tighter than OR, as at X.
// Pure functions: parse once when a rule is added, match many times.

export type RuleNode =
  | { k: 'and'; items: RuleNode[] }
  | { k: 'or'; items: RuleNode[] }
  | { k: 'not'; item: RuleNode }
  | { k: 'word'; w: string }
  | { k: 'phrase'; p: string }
  | { k: 'mention'; u: string }
  | { k: 'hashtag'; t: string }
  | { k: 'from'; u: string }
  | { k: 'to'; u: string }
  | { k: 'lang'; l: string }
  | { k: 'is'; what: 'retweet' | 'reply' | 'quote' | 'verified' }
  | { k: 'has'; what: 'links' | 'mentions' | 'hashtags' };

export class RuleSyntaxError extends Error {}

export const MAX_RULE_LENGTH = 512;

type Tok = { t: '(' | ')' | 'OR' } | { t: 'atom'; neg: boolean; node: RuleNode } | { t: '-(' };

const WORD_SPLIT = /[^\p{L}\p{N}_']+/u;

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(') { out.push({ t: '(' }); i++; continue; }
    if (c === ')') { out.push({ t: ')' }); i++; continue; }
    let neg = false;
    if (c === '-') {
      neg = true;
      i++;
      if (src[i] === '(') { out.push({ t: '-(' }); i++; continue; }
      if (i >= src.length || /\s/.test(src[i]!)) throw new RuleSyntaxError('a "-" must be followed by a term');
    }
    if (src[i] === '"') {
      const end = src.indexOf('"', i + 1);
      if (end < 0) throw new RuleSyntaxError('unterminated quoted phrase');
      const words = src.slice(i + 1, end).toLowerCase().split(WORD_SPLIT).filter(Boolean);
      if (!words.length) throw new RuleSyntaxError('empty quoted phrase');
      out.push({ t: 'atom', neg, node: words.length === 1 ? { k: 'word', w: words[0]! } : { k: 'phrase', p: words.join(' ') } });
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < src.length && !/[\s()"]/.test(src[j]!)) j++;
    const raw = src.slice(i, j);
    i = j;
    if (raw === 'OR' && !neg) { out.push({ t: 'OR' }); continue; }
    out.push({ t: 'atom', neg, node: atom(raw) });
  }
  return out;
}

function atom(raw: string): RuleNode {
  const lower = raw.toLowerCase();
  if (raw.startsWith('@')) {
    if (!/^@[A-Za-z0-9_]{1,15}$/.test(raw)) throw new RuleSyntaxError(`invalid mention ${raw}`);
    return { k: 'mention', u: lower.slice(1) };
  }
  if (raw.startsWith('#')) {
    if (!/^#[\p{L}\p{N}_]+$/u.test(raw)) throw new RuleSyntaxError(`invalid hashtag ${raw}`);
    return { k: 'hashtag', t: lower.slice(1) };
  }
  const colon = raw.indexOf(':');
  if (colon > 0 && !raw.startsWith('http')) {
    const op = lower.slice(0, colon);
    const arg = lower.slice(colon + 1);
    if (!arg) throw new RuleSyntaxError(`operator ${op}: needs a value`);
    switch (op) {
      case 'lang':
        if (!/^[a-z]{2,3}$/.test(arg)) throw new RuleSyntaxError(`invalid language ${arg}`);
        return { k: 'lang', l: arg };
      case 'is':
        if (arg === 'retweet' || arg === 'reply' || arg === 'quote' || arg === 'verified') return { k: 'is', what: arg };
        throw new RuleSyntaxError(`unknown operator is:${arg}`);
      case 'has':
        if (arg === 'links' || arg === 'mentions' || arg === 'hashtags') return { k: 'has', what: arg };
        throw new RuleSyntaxError(`unknown operator has:${arg}`);
      case 'from':
      case 'to':
        if (!/^@?[a-z0-9_]{1,15}$/.test(arg)) throw new RuleSyntaxError(`invalid user in ${op}:`);
        return { k: op, u: arg.replace(/^@/, '') };
      default:
        throw new RuleSyntaxError(`unknown operator ${op}:`);
    }
  }
  const words = lower.split(WORD_SPLIT).filter(Boolean);
  if (!words.length) throw new RuleSyntaxError(`"${raw}" is not a searchable term`);
  return words.length === 1 ? { k: 'word', w: words[0]! } : { k: 'phrase', p: words.join(' ') };
}

/** Parses a rule; throws RuleSyntaxError with a reason X-like enough to show to a user. */
export function parseRule(src: string): RuleNode {
  if (!src.trim()) throw new RuleSyntaxError('empty rule');
  if (src.length > MAX_RULE_LENGTH) throw new RuleSyntaxError(`rule longer than ${MAX_RULE_LENGTH} characters`);
  const toks = tokenize(src);
  let pos = 0;
  const parseOr = (): RuleNode => {
    const items = [parseAnd()];
    while (toks[pos]?.t === 'OR') {
      pos++;
      items.push(parseAnd());
    }
    return items.length === 1 ? items[0]! : { k: 'or', items };
  };
  const parseAnd = (): RuleNode => {
    const items: RuleNode[] = [];
    for (;;) {
      const tok = toks[pos];
      if (!tok || tok.t === ')' || tok.t === 'OR') break;
      pos++;
      if (tok.t === 'atom') items.push(tok.neg ? { k: 'not', item: tok.node } : tok.node);
      else {
        const inner = parseOr();
        if (toks[pos]?.t !== ')') throw new RuleSyntaxError('missing closing parenthesis');
        pos++;
        items.push(tok.t === '-(' ? { k: 'not', item: inner } : inner);
      }
    }
    if (!items.length) throw new RuleSyntaxError('OR or parenthesis without a term');
    return items.length === 1 ? items[0]! : { k: 'and', items };
  };
  const root = parseOr();
  if (pos < toks.length) throw new RuleSyntaxError('unbalanced parenthesis');
  if (!hasPositiveStandalone(root)) {
    throw new RuleSyntaxError('a rule needs at least one standalone term (keyword, phrase, @mention, #hashtag, from:, to:) that is not negated');
  }
  return root;
}

/** X refuses rules made only of negations or conjunction-required operators (lang:, is:, has:). */
function hasPositiveStandalone(n: RuleNode): boolean {
  switch (n.k) {
    case 'and': return n.items.some(hasPositiveStandalone);
    case 'or': return n.items.every(hasPositiveStandalone);
    case 'not': case 'lang': case 'is': case 'has': return false;
    default: return true;
  }
}

/** Everything about a tweet that rules look at, computed once per tweet. */
export interface MatchContext {
  words: Set<string>;
  /** Space-joined lowercase tokens with a leading and trailing space, for phrase lookups. */
  joined: string;
  hashtags: Set<string>;
  mentions: Set<string>;
  lang: string;
  author: string;
  replyTo?: string;
  isRetweet: boolean;
  isReply: boolean;
  isQuote: boolean;
  verified: boolean;
  hasLinks: boolean;
}

export function matchContext(t: {
  text: string; lang: string;
  referenced_tweets?: { type: string }[];
  entities?: { hashtags?: { tag: string }[]; mentions?: { username: string }[]; urls?: unknown[] };
}, author: { username: string; verified: boolean }, replyToUsername?: string): MatchContext {
  const tokens = t.text.toLowerCase().split(WORD_SPLIT).filter(Boolean);
  const refs = t.referenced_tweets ?? [];
  return {
    words: new Set(tokens),
    joined: ' ' + tokens.join(' ') + ' ',
    hashtags: new Set((t.entities?.hashtags ?? []).map((h) => h.tag.toLowerCase())),
    mentions: new Set((t.entities?.mentions ?? []).map((m) => m.username.toLowerCase())),
    lang: t.lang,
    author: author.username.toLowerCase(),
    replyTo: replyToUsername?.toLowerCase(),
    isRetweet: refs.some((r) => r.type === 'retweeted'),
    isReply: refs.some((r) => r.type === 'replied_to'),
    isQuote: refs.some((r) => r.type === 'quoted'),
    verified: author.verified,
    hasLinks: (t.entities?.urls?.length ?? 0) > 0,
  };
}

export function matches(n: RuleNode, c: MatchContext): boolean {
  switch (n.k) {
    case 'and': return n.items.every((i) => matches(i, c));
    case 'or': return n.items.some((i) => matches(i, c));
    case 'not': return !matches(n.item, c);
    case 'word': return c.words.has(n.w);
    case 'phrase': return c.joined.includes(' ' + n.p + ' ');
    case 'mention': return c.mentions.has(n.u);
    case 'hashtag': return c.hashtags.has(n.t);
    case 'from': return c.author === n.u;
    case 'to': return c.replyTo === n.u;
    case 'lang': return c.lang === n.l;
    case 'is':
      return n.what === 'retweet' ? c.isRetweet : n.what === 'reply' ? c.isReply : n.what === 'quote' ? c.isQuote : c.verified;
    case 'has':
      return n.what === 'links' ? c.hasLinks : n.what === 'mentions' ? c.mentions.size > 0 : c.hashtags.size > 0;
  }
}
