// The small featurizer and three-class synthetic tweets the training tests share: fast to train,
// separable, deterministic.
import type { FeaturizerConfig } from '../../src/ml/features';

export const TINY: FeaturizerConfig = { version: 1, wordBuckets: 512, charBuckets: 256, charMin: 3, charMax: 4, lexicon: true };

const POS = ['love it', 'great day', 'so happy', 'awesome show', 'best ever', 'really nice', 'good vibes', 'amazing game'];
const NEG = ['hate it', 'awful day', 'so sad', 'terrible show', 'worst ever', 'really bad', 'horrible mood', 'sad game'];
const NEU = ['the bus at 5', 'meeting on monday', 'it is tuesday', 'new episode tonight', 'the game is on', 'flight at noon'];

export { POS, NEG, NEU };

export function syntheticSet() {
  const texts: string[] = [];
  const y: number[] = [];
  for (let r = 0; r < 3; r++) {
    POS.forEach((t) => { texts.push(`${t} ${r}`); y.push(2); });
    NEG.forEach((t) => { texts.push(`${t} ${r}`); y.push(0); });
    NEU.forEach((t) => { texts.push(`${t} ${r}`); y.push(1); });
  }
  return { texts, y, labels: ['negative', 'neutral', 'positive'] as const };
}
