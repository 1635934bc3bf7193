import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..');
export const sharedData = join(repoRoot, '..', 'shared', 'data');
export const influencersCsv = join(sharedData, 'influencers', 'train.csv');
export const hasInfluencers = existsSync(influencersCsv);
