/**
 * `chirpflow influence score` — one influence score per CSV row (stdin or --file).
 * `chirpflow influence train --data DIR` — retrains the model, writes weights, metrics, model card.
 */
import type { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors';
import { parseInfluenceFeaturesCsv, parsePeerIndexPairs } from '../../domain/analytics/influence/csv';
import { influenceScore, type InfluenceWeights } from '../../domain/analytics/influence/score';
import { trainInfluence } from '../../domain/analytics/influence/train-influence';

export { DEFAULT_WEIGHTS_PATH, loadInfluenceWeights } from '../../analytics/influence-weights';
import { DEFAULT_WEIGHTS_PATH, loadInfluenceWeights } from '../../analytics/influence-weights';

/** Scores CSV text; returns the output text (one score per line) or throws UserError. */
export function scoreInfluenceCsv(csv: string, weights: InfluenceWeights, withBreakdown = false): string {
  const rows = parseInfluenceFeaturesCsv(csv);
  const lines = rows.map((f) => {
    const r = influenceScore(f, weights);
    if (!withBreakdown) return r.score.toFixed(6);
    const b = r.breakdown;
    return [r.score, b.reach, b.resonance, b.relevance, b.depth].map((v) => v.toFixed(6)).join(',');
  });
  if (withBreakdown) lines.unshift('score,reach,resonance,relevance,depth');
  return lines.length ? lines.join('\n') + '\n' : '';
}

function resolveTrainFile(dir: string): string {
  for (const candidate of [join(dir, 'train.csv'), join(dir, 'influencers', 'train.csv')]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new UserError(`--data: no train.csv in ${dir} (expected the PeerIndex influencers folder)`);
}

function writeAtomically(path: string, text: string): void {
  writeFileSync(path + '.tmp', text);
  renameSync(path + '.tmp', path);
}

export function runInfluenceTraining(dataDir: string, outDir: string): string {
  const file = resolveTrainFile(dataDir);
  const pairs = parsePeerIndexPairs(readFileSync(file, 'utf8'));
  const { weights, metrics, modelCard } = trainInfluence(pairs, {
    dataLabel: `PeerIndex pairwise influence judgements, train.csv (${pairs.length} pairs)`,
  });
  mkdirSync(outDir, { recursive: true });
  writeAtomically(join(outDir, 'weights.json'), JSON.stringify(weights) + '\n');
  writeAtomically(join(outDir, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
  writeAtomically(join(outDir, 'MODEL_CARD.md'), modelCard);
  const c = metrics.cv;
  return [
    `pairs ${metrics.pairs}, ${metrics.folds}-fold CV pairwise AUC:`,
    `  followers only        ${c.followersOnly.meanAuc.toFixed(4)}`,
    `  linear log features   ${c.linearLogFeatures.meanAuc.toFixed(4)}`,
    `  boosted (X features)  ${c.boostedCore.meanAuc.toFixed(4)}`,
    `  boosted + network     ${c.boostedWithNetwork.meanAuc.toFixed(4)}`,
    `wrote ${outDir}/weights.json, metrics.json, MODEL_CARD.md in ${metrics.secondsToTrain.toFixed(1)} s`,
  ].join('\n');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function register(program: Command): void {
  const cmd = program.command('influence').description('Influence score of X users (learned from human judgements)');
  cmd
    .command('score')
    .description('Score users from CSV (header: follower_count,following_count,listed_count,mentions_received,retweets_received,mentions_sent,retweets_sent,posts; optional network_feature_1..3, relevance, cascade_depth)')
    .option('--file <path>', 'read CSV from this file instead of stdin')
    .option('--weights <path>', 'weights file', DEFAULT_WEIGHTS_PATH)
    .option('--breakdown', 'print score,reach,resonance,relevance,depth with a header')
    .action(async (opts: { file?: string; weights: string; breakdown?: boolean }) => {
      if (opts.file && !existsSync(opts.file)) throw new UserError(`--file: ${opts.file} does not exist`);
      const csv = opts.file ? readFileSync(opts.file, 'utf8') : await readStdin();
      const out = scoreInfluenceCsv(csv, loadInfluenceWeights(opts.weights), opts.breakdown === true);
      process.stdout.write(out);
    });
  cmd
    .command('train')
    .description('Retrain from the PeerIndex pairs; writes weights.json, metrics.json, MODEL_CARD.md')
    .requiredOption('--data <dir>', 'folder with train.csv (e.g. ../shared/data/influencers)')
    .option('--out <dir>', 'output folder', join(__dirname, '..', '..', '..', 'models', 'influence'))
    .action((opts: { data: string; out: string }) => {
      process.stdout.write(runInfluenceTraining(opts.data, opts.out) + '\n');
    });
}
