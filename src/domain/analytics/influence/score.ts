/**
 * The influence score of one user: learned reach + resonance, plus keyword relevance and cascade
 * depth (which no labelled data covers, so they carry hand-set weights stated in the weights file).
 *
 * score = reach + resonance + relevance + depth, in logit units of the pairwise model:
 * P(A more influential than B) = sigmoid(scoreA − scoreB) when both have the same context inputs.
 */
import { groupContribution, type GroupedTreeModel } from './pairwise-boost';
import {
  CONTEXT_FEATURES,
  NETWORK_FEATURES,
  REQUIRED_FEATURES,
  hasNetworkFeatures,
  type InfluenceFeatures,
} from './features';

export interface InfluenceWeights {
  version: 1;
  model: 'pairwise-additive-boosted-trees';
  trainedOn: string;
  /** Uses the 8 features computable from X data. */
  core: GroupedTreeModel;
  /** Adds PeerIndex's network_feature_1..3 when a caller has them (folded into reach). */
  withNetwork?: GroupedTreeModel;
  handSet: {
    /** Added per unit of keyword share (0..1). */
    relevanceWeight: number;
    /** Added per log2(1 + cascade depth). */
    depthWeight: number;
    note: string;
  };
}

export interface InfluenceBreakdown {
  /** Audience size and standing: followers, following, listed, posts (+ network features). */
  reach: number;
  /** How the audience reacts: mentions and retweets received (relative to those sent). */
  resonance: number;
  /** Share of the user's tweets on the keyword; 0 when not supplied. */
  relevance: number;
  /** Retweet-cascade depth bonus; 0 when not supplied. */
  depth: number;
}

export interface InfluenceResult {
  score: number;
  breakdown: InfluenceBreakdown;
}

/** Returns a message naming the first invalid field, or null when the features are usable. */
export function invalidInfluenceField(f: Partial<Record<string, unknown>>): string | null {
  for (const k of REQUIRED_FEATURES) {
    const v = f[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return `${k} must be a non-negative number`;
  }
  for (const k of [...NETWORK_FEATURES, ...CONTEXT_FEATURES]) {
    const v = f[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return `${k} must be a non-negative number`;
  }
  const r = f.relevance;
  if (typeof r === 'number' && r > 1) return 'relevance must be a share between 0 and 1';
  return null;
}

export function influenceScore(features: InfluenceFeatures, weights: InfluenceWeights): InfluenceResult {
  const bad = invalidInfluenceField(features as unknown as Record<string, unknown>);
  if (bad) throw new RangeError(bad);
  const model = weights.withNetwork && hasNetworkFeatures(features) ? weights.withNetwork : weights.core;
  const reach = groupContribution(model, features, 'reach') + groupContribution(model, features, 'network');
  const resonance = groupContribution(model, features, 'resonance');
  const relevance = features.relevance === undefined ? 0 : weights.handSet.relevanceWeight * features.relevance;
  const depth =
    features.cascade_depth === undefined ? 0 : weights.handSet.depthWeight * Math.log2(1 + features.cascade_depth);
  return { score: reach + resonance + relevance + depth, breakdown: { reach, resonance, relevance, depth } };
}

/** P(A is more influential than B) under the pairwise model. */
export function pairwiseProbability(a: InfluenceFeatures, b: InfluenceFeatures, weights: InfluenceWeights): number {
  return 1 / (1 + Math.exp(-(influenceScore(a, weights).score - influenceScore(b, weights).score)));
}
