/**
 * Retrains the influence model: `npx tsx scripts/train-influence.ts [DATA_DIR] [OUT_DIR]`.
 * Same as `chirpflow influence train --data DATA_DIR`.
 */
import { join } from 'node:path';
import { runInfluenceTraining } from '../src/cli/commands/influence';

const repoRoot = join(__dirname, '..');
const data = process.argv[2] ?? join(repoRoot, '..', 'shared', 'data', 'influencers');
const out = process.argv[3] ?? join(repoRoot, 'models', 'influence');
const summary = runInfluenceTraining(data, out);
process.stdout.write(summary + '\n');
