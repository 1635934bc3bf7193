/**
 * Retweet-cascade depth per author.
 *
 * A retweet or quote of tweet t sits one layer below t. The depth of a tweet is the number of
 * layers below it (0 when nobody amplified it); an author's cascade depth is the maximum over the
 * tweets they wrote (originals, and also their retweets/quotes when those were amplified further).
 * Quotes count as a layer because they re-broadcast the tweet to a new audience. Tweets whose
 * parent is not in the input still count as layer 1 below an unknown tweet (credited to nobody).
 * Cycles (only possible in malformed data) are cut instead of looping.
 */
export interface CascadeTweet {
  id: string;
  authorId: string;
  retweetOfId?: string;
  quoteOfId?: string;
}

export function cascadeDepths(tweets: readonly CascadeTweet[]): Record<string, number> {
  const index = new Map<string, number>();
  tweets.forEach((t, i) => {
    if (!index.has(t.id)) index.set(t.id, i);
  });
  const parent = new Int32Array(tweets.length).fill(-1);
  tweets.forEach((t, i) => {
    const p = t.retweetOfId ?? t.quoteOfId;
    const pi = p === undefined ? undefined : index.get(p);
    if (pi !== undefined && pi !== i) parent[i] = pi;
  });

  // Layer from the root of each tweet's chain, memoised; -2 marks "on the current walk" (cycle).
  const layer = new Int32Array(tweets.length).fill(-1);
  const path: number[] = [];
  for (let i = 0; i < tweets.length; i++) {
    let cur = i;
    while (cur >= 0 && layer[cur] === -1) {
      layer[cur] = -2;
      path.push(cur);
      cur = parent[cur];
    }
    let base = cur >= 0 && layer[cur] >= 0 ? layer[cur] : -1;
    if (cur >= 0 && layer[cur] === -2) {
      // Cycle: treat the tweet where we re-entered as a root.
      parent[path[path.length - 1]] = -1;
      base = -1;
    }
    while (path.length) {
      const node = path.pop() as number;
      base += 1;
      layer[node] = base;
    }
  }

  // Height of each subtree: visit deepest layers first and push heights up to parents.
  const order = Array.from({ length: tweets.length }, (_, i) => i).sort((a, b) => layer[b] - layer[a]);
  const height = new Int32Array(tweets.length);
  for (const i of order) {
    const p = parent[i];
    if (p >= 0 && height[i] + 1 > height[p]) height[p] = height[i] + 1;
  }

  const out: Record<string, number> = {};
  tweets.forEach((t, i) => {
    const prev = out[t.authorId];
    if (prev === undefined || height[i] > prev) out[t.authorId] = height[i];
  });
  return out;
}
