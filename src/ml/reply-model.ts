// Training the reply model: a small hashed bag on the labelled DM replies (test/fixtures/replies).
// Its P(stop) is a second opinion for the reply reader's rules: opt-outs come in endless wordings,
// and character n-grams carry over to inflections and phrasings no rule names
// (STOP_PROBABILITY_THRESHOLD in src/domain/conversation/reply). It may only add a stop. Run time:
// reply-stop.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabeledSet } from './data';
import { parseReplySet } from '../domain/conversation/reply/score';
import { trainClassifier, type TrainResult } from './train';
import { REPLY_FEATURIZER, REPLY_LABELS } from './reply-stop';

export { REPLY_LABELS, REPLY_FEATURIZER, DEFAULT_REPLY_MODEL_PATH } from './reply-stop';
export const REPLY_FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures', 'replies');
/** Every labelled set the rules are enforced on; holdout-11 stays out (the held-out estimate). */
export const REPLY_TRAIN_SETS = ['replies', 'holdout', 'holdout-2', 'holdout-3', 'holdout-4', 'holdout-5', 'holdout-6', 'holdout-7', 'holdout-8', 'holdout-9', 'holdout-10'];
export const REPLY_TRAINING = { epochs: 30, patience: 5, balance: 0.5, dim: 16, hidden: 64, lr: 0.003, dropout: 0.3 };

/** Rows of the named `text<TAB>intent<TAB>lang` files, in order. */
export function readReplySets(names: readonly string[], dir = REPLY_FIXTURES): LabeledSet {
  const rows = names.flatMap((name) => parseReplySet(readFileSync(join(dir, `${name}.tsv`), 'utf8')));
  return { texts: rows.map((r) => r.text), y: rows.map((r) => REPLY_LABELS.indexOf(r.intent)), labels: REPLY_LABELS };
}

/**
 * Texts that are not replies to us at all, as `other`: without them the model, which has seen
 * mostly opt-outs, read one random tweet in twelve as a stop ("hi" and "wow" too). Tweets from the
 * TweetEval sentiment train split (its val split stays out, to measure exactly that), @user removed.
 */
export function readOtherTweets(file: string, n: number): string[] {
  return readFileSync(file, 'utf8').split('\n').map((t) => t.replace(/@user/g, ' ').replace(/\s+/g, ' ').trim()).filter(Boolean).slice(0, n);
}

/** Adds `texts` to `set` as `other`. */
export function withOther(set: LabeledSet, texts: readonly string[]): LabeledSet {
  const other = REPLY_LABELS.indexOf('other');
  return { texts: [...set.texts, ...texts], y: [...set.y, ...texts.map(() => other)], labels: set.labels };
}

/** Trains on every row but each tenth, which early-stops it. Deterministic for a seed. */
export function trainReplyModel(all: LabeledSet, seed = 42): TrainResult {
  const pick = (keep: (i: number) => boolean): LabeledSet => {
    const idx = all.texts.map((_, i) => i).filter(keep);
    return { texts: idx.map((i) => all.texts[i]!), y: idx.map((i) => all.y[i]!), labels: all.labels };
  };
  const t = REPLY_TRAINING;
  return trainClassifier({
    labels: REPLY_LABELS, train: pick((i) => i % 10 !== 0), valid: pick((i) => i % 10 === 0), seed,
    epochs: t.epochs, patience: t.patience, balance: t.balance, learningRate: t.lr, dropout: t.dropout,
    architecture: { dim: t.dim, hidden: t.hidden }, featurizer: REPLY_FEATURIZER,
  });
}
