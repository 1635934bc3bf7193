// Trains the reply model (src/ml/reply-model.ts) on the labelled reply sets and writes models/replies.
//   npx tsx scripts/train-reply-model.ts [--out models/replies] [--train replies,holdout-2,...] [--tweets 6000] [--data ../shared/data] [--seed 42]
//   npx tsx scripts/train-reply-model.ts --compare models/replies    # retrain, say whether the weights are identical
//   npx tsx scripts/train-reply-model.ts --train <sets> --score <sets> # no model written: one JSON line per scored reply
// The shipped model is trained on every set the rules are enforced on; holdout-11 stays out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Featurizer, GROUPS } from '../src/ml/features';
import { REPLY_FEATURIZER, REPLY_LABELS, REPLY_TRAIN_SETS, REPLY_TRAINING, readOtherTweets, readReplySets, trainReplyModel, withOther } from '../src/ml/reply-model';
import { buildModel, paramsToTensors, summarizeMetrics, writeModel } from '../src/ml/store';
import { LoadedModel } from '../src/ml/model';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  const sets = (arg('train') ?? REPLY_TRAIN_SETS.join(',')).split(',').filter(Boolean);
  const seed = Number(arg('seed') ?? 42);
  if (!Number.isInteger(seed)) throw new Error('--seed: an integer');
  const tweets = Number(arg('tweets') ?? 6000);
  if (!Number.isInteger(tweets) || tweets < 0) throw new Error('--tweets: a whole number of tweets to add as "other"');
  const tweetFile = join(arg('data') ?? join(__dirname, '..', '..', 'shared', 'data'), 'tweeteval', 'sentiment', 'train_text.reconstructed.txt');
  const other = tweets > 0 ? readOtherTweets(tweetFile, tweets) : [];
  const data = withOther(readReplySets(sets), other);
  const t0 = Date.now();
  const result = trainReplyModel(data, seed);
  process.stderr.write(`trained on ${data.texts.length - other.length} replies (${sets.join(', ')}) and ${other.length} tweets as other in ${((Date.now() - t0) / 1000).toFixed(1)} s; best epoch ${result.bestEpoch}\n`);
  const fz = new Featurizer(REPLY_FEATURIZER);
  const params = paramsToTensors(result, fz.tableRows, result.architecture.dim * GROUPS + fz.denseSize, REPLY_LABELS.length);
  const built = buildModel('reply', REPLY_LABELS, result, params, { sets, tweetsAsOther: other.length, seed, ...REPLY_TRAINING });
  const score = arg('score');
  if (score) {
    const model = LoadedModel.fromBuffer(built.meta, built.buffer); // quantised, exactly as shipped
    const scored = readReplySets(score.split(','));
    const probs = model.predictProbs(scored.texts);
    scored.texts.forEach((text, i) => console.log(JSON.stringify({ text, intent: REPLY_LABELS[scored.y[i]!], pStop: probs[i * REPLY_LABELS.length]! })));
    return;
  }
  const compare = arg('compare');
  if (compare) {
    const shipped = JSON.parse(readFileSync(join(compare, 'model.json'), 'utf8')) as { sha256: string };
    console.log(`retrained weights sha256 ${built.meta.sha256.slice(0, 12)}…, ${compare}: ${shipped.sha256.slice(0, 12)}… — reproduces ${compare}: ${built.meta.sha256 === shipped.sha256 ? 'yes, byte for byte' : 'NO'}`);
    return;
  }
  const out = arg('out') ?? 'models/replies';
  const valid = summarizeMetrics(result.valid);
  writeModel(out, built, { 'validation (every tenth reply of the training sets)': valid, trainedOn: sets },
    `Chirpflow's labelled DM replies (test/fixtures/replies: ${sets.join(', ')}; ${data.texts.length - other.length} replies written for the project, in six languages; holdout-11 is held out) and, as "other", the first ${other.length} tweets of the TweetEval sentiment train split (Barbieri et al., 2020), @user removed.`);
  console.log(`wrote ${out} (${built.meta.version}); validation macro-recall ${(result.valid.macroRecall * 100).toFixed(1)} %`);
}

main();
