/**
 * CSV inputs of the influence model: the PeerIndex training pairs and the per-user features the
 * CLI scores. Plain comma-separated numbers (no quoting is needed for numeric data). Errors name
 * the line and the column, and nothing is returned unless every row is valid.
 */
import { UserError } from '../../../errors';
import {
  CONTEXT_FEATURES,
  NETWORK_FEATURES,
  REQUIRED_FEATURES,
  type InfluenceFeatures,
} from './features';
import type { Pair } from './pairwise-boost';

const PAIR_FEATURES = [...REQUIRED_FEATURES, ...NETWORK_FEATURES];

function splitLines(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  return lines;
}

function parseNumber(raw: string, line: number, column: string): number {
  const s = raw.trim();
  const v = s === '' ? NaN : Number(s);
  if (!Number.isFinite(v) || v < 0) {
    throw new UserError(`line ${line}: column '${column}' has invalid value '${s}' (expected a non-negative number)`);
  }
  return v;
}

/** Parses PeerIndex train.csv: Choice, A_<11 features>, B_<11 features>. */
export function parsePeerIndexPairs(text: string): Pair[] {
  const lines = splitLines(text);
  if (lines.length < 2) throw new UserError('training CSV has no rows');
  const header = lines[0].split(',').map((h) => h.trim());
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new UserError(`line 1: training CSV is missing column '${name}'`);
    return i;
  };
  const choiceCol = col('Choice');
  const aCols = PAIR_FEATURES.map((f) => col(`A_${f}`));
  const bCols = PAIR_FEATURES.map((f) => col(`B_${f}`));
  return lines.slice(1).map((line, k) => {
    const cells = line.split(',');
    const lineNo = k + 2;
    if (cells.length !== header.length) {
      throw new UserError(`line ${lineNo}: expected ${header.length} columns, found ${cells.length}`);
    }
    const choice = cells[choiceCol].trim();
    if (choice !== '0' && choice !== '1') throw new UserError(`line ${lineNo}: column 'Choice' must be 0 or 1`);
    const side = (cols: number[], prefix: string) => {
      const f: Record<string, number> = {};
      PAIR_FEATURES.forEach((name, j) => (f[name] = parseNumber(cells[cols[j]], lineNo, prefix + name)));
      return f as unknown as InfluenceFeatures;
    };
    return { a: side(aCols, 'A_'), b: side(bCols, 'B_'), choice: choice === '1' ? 1 : 0 };
  });
}

const ALLOWED = new Set<string>([...REQUIRED_FEATURES, ...NETWORK_FEATURES, ...CONTEXT_FEATURES]);

/**
 * Parses the users to score: a header naming the 8 required features (any order), optionally all
 * three network_feature_1..3, and optionally relevance and cascade_depth.
 */
export function parseInfluenceFeaturesCsv(text: string): InfluenceFeatures[] {
  const lines = splitLines(text);
  if (lines.length === 0) throw new UserError('line 1: missing header (expected columns ' + REQUIRED_FEATURES.join(',') + ')');
  const header = lines[0].split(',').map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of header) {
    if (!ALLOWED.has(h)) throw new UserError(`line 1: unknown column '${h}' in header`);
    if (seen.has(h)) throw new UserError(`line 1: duplicate column '${h}' in header`);
    seen.add(h);
  }
  for (const r of REQUIRED_FEATURES) {
    if (!seen.has(r)) throw new UserError(`line 1: header is missing column '${r}'`);
  }
  const net = NETWORK_FEATURES.filter((n) => seen.has(n));
  if (net.length > 0 && net.length < NETWORK_FEATURES.length) {
    const missing = NETWORK_FEATURES.find((n) => !seen.has(n));
    throw new UserError(`line 1: header is missing column '${missing}' (network features come as a set of three)`);
  }
  const out: InfluenceFeatures[] = [];
  for (let k = 1; k < lines.length; k++) {
    const lineNo = k + 1;
    const cells = lines[k].split(',');
    if (cells.length !== header.length) {
      throw new UserError(`line ${lineNo}: expected ${header.length} columns, found ${cells.length}`);
    }
    const f: Record<string, number> = {};
    header.forEach((h, j) => (f[h] = parseNumber(cells[j], lineNo, h)));
    if (f.relevance !== undefined && f.relevance > 1) {
      throw new UserError(`line ${lineNo}: column 'relevance' has invalid value '${cells[header.indexOf('relevance')].trim()}' (expected a share between 0 and 1)`);
    }
    out.push(f as unknown as InfluenceFeatures);
  }
  return out;
}
