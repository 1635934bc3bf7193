// The small featurizer and three-class synthetic tweets the training tests share: fast to train,
// separable, deterministic.
import { GROUPS, type Featurizer, type FeaturizerConfig } from '../../src/ml/features';
import type { Params } from '../../src/ml/model';
import { tf } from '../../src/ml/tf';

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

/** The network's shape in the tiny weight tests. */
export const TINY_NET = { dim: 4, hidden: 5, classes: 3 } as const;

/** Seeded random weights of the tiny network for featurizer `f` (the caller disposes them). */
export function tinyParams(f: Featurizer): Params {
  const { dim, hidden, classes } = TINY_NET;
  const inDim = GROUPS * dim + f.denseSize;
  return {
    emb: tf.randomUniform([f.tableRows, dim], -1, 1, 'float32', 1),
    w1: tf.randomUniform([inDim, hidden], -1, 1, 'float32', 2),
    b1: tf.randomUniform([hidden], -0.1, 0.1, 'float32', 3),
    w2: tf.randomUniform([hidden, classes], -1, 1, 'float32', 4),
    b2: tf.randomUniform([classes], -0.1, 0.1, 'float32', 5),
  };
}
