// The shipped influence weights (models/influence), loaded by the CLI and the influence job.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors';
import type { InfluenceWeights } from '../domain/analytics/influence/score';

export const DEFAULT_WEIGHTS_PATH = join(__dirname, '..', '..', 'models', 'influence', 'weights.json');

export function loadInfluenceWeights(path = DEFAULT_WEIGHTS_PATH): InfluenceWeights {
  if (!existsSync(path)) throw new UserError(`influence weights not found at ${path} (run: chirpflow influence train)`);
  const w = JSON.parse(readFileSync(path, 'utf8')) as InfluenceWeights;
  if (w.version !== 1 || !w.core) throw new UserError(`influence weights at ${path} have an unknown format`);
  return w;
}
