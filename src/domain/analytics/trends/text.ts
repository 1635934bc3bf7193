/** Tokenising tweets for trends and word clouds: URLs, @handles, stop-words and numbers dropped. */

// English function words plus Twitter noise (rt, amp from "&amp;", via).
const STOP_WORDS = new Set(
  (
    'a about above after again against all am an and any are aren as at be because been before being below between both ' +
    'but by can cannot could couldn did didn do does doesn doing don down during each few for from further get got had hadn ' +
    'has hasn have haven having he her here hers herself him himself his how i if im in into is isn it its itself ive just let ' +
    'lets me more most mustn my myself no nor not now of off on once only or other ought our ours ourselves out over own ' +
    'same shan she should shouldn so some such than that thats the their theirs them themselves then there theres these they ' +
    'this those through to too under until up very was wasn we were weren what whats when where which while who whom why ' +
    'will with won would wouldn you your yours yourself yourselves youre ll re ve s t d m u ur ya gonna wanna also still even ' +
    'really much one two many via rt amp http https www com co'
  ).split(' '),
);

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** Lower-cased word tokens; hashtags keep their word ("#Launch" → "launch"). */
export function tokenize(text: string): string[] {
  const cleaned = text
    .replace(/https?:\/\/\S+|www\.\S+/gi, ' ')
    .replace(/(^|[^\w])@\w+/g, ' ')
    .replace(/&amp;|&lt;|&gt;/g, ' ')
    .toLowerCase()
    .replace(/[’']/g, '');
  const out: string[] = [];
  for (const m of cleaned.matchAll(/[\p{L}][\p{L}\p{N}_]*/gu)) {
    const w = m[0];
    if (w.length < 2 || STOP_WORDS.has(w)) continue;
    out.push(w);
  }
  return out;
}

/** Hashtags in a tweet, lower-cased without '#', de-duplicated. */
export function extractHashtags(text: string): string[] {
  return [...new Set([...text.matchAll(/(?:^|[^\w&])#([\p{L}\p{N}_]+)/gu)].map((m) => m[1].toLowerCase()))];
}

/** Compiled keyword patterns (jobs test the same few keywords against millions of tweets). */
const keywordPatterns = new Map<string, RegExp | null>();

function keywordPattern(keyword: string): RegExp | null {
  let re = keywordPatterns.get(keyword);
  if (re !== undefined) return re;
  const k = keyword.trim().toLowerCase().replace(/^#/, '');
  const escaped = k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  re = k ? new RegExp(`(^|[^\\p{L}\\p{N}_])#?${escaped}($|[^\\p{L}\\p{N}_])`, 'iu') : null;
  if (keywordPatterns.size >= 10_000) keywordPatterns.clear();
  keywordPatterns.set(keyword, re);
  return re;
}

/** Whole-word, case-insensitive keyword (or phrase) match. */
export function mentionsKeyword(text: string, keyword: string): boolean {
  return keywordPattern(keyword)?.test(text) ?? false;
}
