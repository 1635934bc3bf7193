// Trains the reply model (src/ml/reply-model.ts) on the labelled reply sets and writes models/replies.
//   npx tsx scripts/train-reply-model.ts [--out models/replies] [--train replies,holdout-2,...] [--tweets 6000] [--data ../shared/data] [--seed 42]
//   npx tsx scripts/train-reply-model.ts --compare models/replies    # retrain, say whether it reproduces the shipped model (bytes, else P(stop) within float rounding)
//   npx tsx scripts/train-reply-model.ts --train <sets> --score <sets> # no model written: one JSON line per scored reply
// The shipped model is trained on every set the rules are enforced on; holdout-11 stays out.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Featurizer, GROUPS } from '../src/ml/features';
import { REPLY_FEATURIZER, REPLY_FIXTURES, REPLY_LABELS, REPLY_TRAIN_SETS, REPLY_TRAINING, readOtherTweets, readReplySets, trainReplyModel, withOther } from '../src/ml/reply-model';
import { buildModel, paramsToTensors, summarizeMetrics, writeDirAtomic } from '../src/ml/store';
import { LoadedModel } from '../src/ml/model';
import { STOP_PROBABILITY_THRESHOLD } from '../src/domain/conversation/reply';

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
    const head = `retrained weights sha256 ${built.meta.sha256.slice(0, 12)}…, ${compare}: ${shipped.sha256.slice(0, 12)}…`;
    if (built.meta.sha256 === shipped.sha256) return console.log(`${head} — reproduces ${compare}: yes, byte for byte`);
    // TensorFlow's CPU kernels round differently on another processor (the shipped weights are not
    // reproduced byte for byte on an AMD EPYC, though they were where they were trained), so bytes
    // alone cannot be the test across machines. Equivalent means: P(stop) within 1e-3 and not one decision changed, on every reply set
    // and 20,000 tweets.
    const d = equivalence(LoadedModel.fromDir(compare), LoadedModel.fromBuffer(built.meta, built.buffer), [
      ...readReplySets(listReplySets()).texts, ...readOtherTweets(tweetFile, 20_000)]);
    const same = d.maxDiff <= 1e-3 && d.flips === 0;
    console.log(`${head} — reproduces ${compare}: ${same ? 'yes, within float rounding' : 'NO'} (${d.n} texts: max |ΔP(stop)| ${d.maxDiff.toExponential(1)}, ${d.flips} decisions at ${STOP_PROBABILITY_THRESHOLD} changed)`);
    return;
  }
  const out = arg('out') ?? 'models/replies';
  const valid = summarizeMetrics(result.valid);
  const metrics = { version: built.meta.version, createdAt: built.meta.createdAt, 'validation (every tenth row of the training data)': valid };
  writeDirAtomic(out, {
    'model.json': JSON.stringify(built.meta, null, 2) + '\n',
    'weights.bin': built.buffer,
    'metrics.json': JSON.stringify(metrics, null, 2) + '\n',
    'MODEL_CARD.md': replyModelCard(built.meta.version, built.meta.sha256, sets, data.texts.length - other.length, other.length, valid),
  });
  console.log(`wrote ${out} (${built.meta.version}); validation macro-recall ${(result.valid.macroRecall * 100).toFixed(1)} %`);
}

/** How far two reply models' P(stop) are apart on these texts, and how many stop decisions differ. */
function equivalence(a: LoadedModel, b: LoadedModel, texts: string[]): { n: number; maxDiff: number; flips: number } {
  const k = REPLY_LABELS.length;
  const pa = a.predictProbs(texts);
  const pb = b.predictProbs(texts);
  let maxDiff = 0;
  let flips = 0;
  texts.forEach((_, i) => {
    const x = pa[i * k]!;
    const y = pb[i * k]!;
    maxDiff = Math.max(maxDiff, Math.abs(x - y));
    if ((x >= STOP_PROBABILITY_THRESHOLD) !== (y >= STOP_PROBABILITY_THRESHOLD)) flips++;
  });
  return { n: texts.length, maxDiff, flips };
}

const listReplySets = () => readdirSync(REPLY_FIXTURES).filter((f) => f.endsWith('.tsv')).map((f) => f.replace(/\.tsv$/, ''));

function replyModelCard(version: string, sha: string, sets: string[], replies: number, tweets: number, valid: Record<string, unknown>): string {
  return `# Reply model (P(stop) for DM replies)

- **Version:** \`${version}\` (weights sha256 \`${sha.slice(0, 16)}…\`)
- **Labels:** ${REPLY_LABELS.join(', ')}; only P(stop) is used
- **Use:** a second opinion for the reply reader's rules (docs/replies.md): a reply of at least
  \`MODEL_MIN_WORDS\` (4) words that the rules did not read as stop becomes stop when P(stop) ≥
  \`STOP_PROBABILITY_THRESHOLD\` (0.9). It can only add a stop. Runs in plain JS (src/ml/reply-stop.ts),
  in the DM router (poller and webhook), \`chirpflow reply classify\` and \`bench:replies\`.
- **Architecture:** the hashed embedding bag of the tweet models (docs/models.md) with smaller tables
  (32,768 word and 16,384 char n-gram buckets, 16-d), 64 ReLU units, softmax over 5 intents; int8 table, 1 MB.

## Training data

${replies} replies from test/fixtures/replies (${sets.join(', ')}), written for Chirpflow in six languages:
replies.tsv by the project, the later sets by people who never saw the reader's rules. holdout-11 is
held out. Plus, as "other", the first ${tweets} tweets of the TweetEval sentiment train split (Barbieri
et al., 2020), @user removed: without them the model read one random tweet in twelve as an opt-out.
Validation (every tenth row, early stopping): macro-recall ${Math.round(Number(valid.macroRecall) * 1000) / 10} %.

## How the threshold was chosen, and what it does on text it never saw

- **Choice (before any held-out scoring of this configuration):** the same recipe trained on the sets up
  to the eighth, scored on the ninth and tenth (700 replies) against the reader's rules of the morning of
  2026-11-30 (\`48b760e\`), which missed 122 of their 370 opt-outs: with 4+ words and P(stop) ≥ 0.9 it
  caught 101 of the 122 and made 3 of 306 other replies stop (3+ words: 104 and 3; ≥ 0.8: 106 and 6).
  The floor is 4, not 3, because on its own training replies the model read "me conta mais" (tell me
  more) as a stop at 0.999.
- **Held-out set 11** (400 replies, 210 opt-outs, never trained on): the rules alone read 88.1 % of the
  opt-outs as stop; with the model 95.7 % (9 missed instead of 25). One decline ("Not this one. Maybe if
  you ever do a student discount.") became stop; no reply was read as yes that should not be.
  Set 11 was scored three times, all reported: a first version (no tweets, threshold 0.8, any length)
  scored 99.0 % with 3 false stops, but made 159 of 2,000 unseen tweets and replies like "hi", "wow",
  "refund please" stop, so it was replaced before shipping; the shipped recipe with a 3-word floor scored
  96.2 %; the 4-word floor (from the false stop on "me conta mais", a training reply) 95.7 %.
- **Random text:** of the 2,000 TweetEval val tweets (never trained on) it makes none a stop.

## Limits

The training replies were written to order, not collected from X: real people will phrase things no set
has. One- and two-word replies are left to the rules. Languages: en, es, fr, de, pt, it. The model
leans to stop on unfamiliar short complaints; the threshold and the 3-word floor keep that rare.

## Reproduce

\`\`\`sh
npx tsx scripts/train-reply-model.ts --out models/replies          # ~20 s, needs ../shared/data for the tweets
npx tsx scripts/train-reply-model.ts --compare models/replies      # "reproduces …: yes, byte for byte" (or "within float rounding" on another processor)
\`\`\`
`;
}

main();
