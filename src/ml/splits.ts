// Time-ordered, disjoint sentiment splits built from the SemEval 2013–2016 Task 4A files (issue #19).
// TweetEval sentiment train+val were rebuilt from these same files, so a model selected on TweetEval
// val has been selected on tweets from the period it was trained on. Here every file gets one role:
//   train     — the older files (what the model learns from),
//   selection — a later file (early stopping, hyper-parameters, calibration: every choice),
//   report    — a still later / disjoint file, scored once, never used for a choice.
// A tweet that occurs in more than one role (same id, or the same normalised text) is kept only in
// the latest role (report > selection > train) and removed from the earlier ones, so no tweet or
// copy of it (retweet, re-post without the URL) is seen in two roles.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SENTIMENT_LABELS, type LabeledSet } from './data';
import { decodeLiteralEscapes } from './text';

export type SplitRole = 'train' | 'selection' | 'report';
export const ROLE_ORDER: readonly SplitRole[] = ['train', 'selection', 'report'];

/** Which file plays which role. Order inside a role does not matter. */
export const SENTIMENT_SPLIT_PLAN: Record<SplitRole, readonly string[]> = {
  train: [
    'twitter-2013train-A.tsv', 'twitter-2013dev-A.tsv', 'twitter-2013test-A.tsv', 'twitter-2014test-A.tsv',
    'twitter-2014sarcasm-A.tsv', 'twitter-2015train-A.tsv', 'twitter-2015test-A.tsv', 'twitter-2016train-A.tsv',
    'twitter-2016test-A.tsv',
  ],
  selection: ['twitter-2016dev-A.tsv'],
  report: ['twitter-2016devtest-A.tsv'],
};

export const SEMEVAL_DIR = 'semeval2017-task4a';

export interface SemevalRow { id: string; label: number; text: string; file: string }

/**
 * Text key for finding copies: TweetEval's own formatting (mentions → @user, URLs dropped), escapes
 * decoded, lower-cased, a leading "RT @user:" and all non-alphanumerics dropped, so a retweet, a
 * quoted copy and the TweetEval line of the same tweet share a key.
 */
export function overlapKey(text: string): string {
  const tokens = decodeLiteralEscapes(text).split(/\s+/)
    .filter((t) => !/^"?https?:/i.test(t) && !/^(?:www\.)/i.test(t))
    .map((t) => (/^"?@\w/.test(t) ? '@user' : t));
  return tokens.join(' ').toLowerCase()
    .replace(/^rt @user:?\s*/, '')
    .replace(/[^\p{L}\p{N}@]+/gu, '');
}

export function readSemevalFile(path: string, file: string): SemevalRow[] {
  const rows: SemevalRow[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const parts = line.split('\t');
    if (parts.length < 3) continue;
    const label = (SENTIMENT_LABELS as readonly string[]).indexOf(parts[1].trim());
    if (label < 0) continue;
    rows.push({ id: parts[0].trim(), label, text: decodeLiteralEscapes(parts[2]), file });
  }
  return rows;
}

export interface RoleSplit extends LabeledSet { ids: string[]; files: string[] }

export interface SplitReport {
  /** Rows read per role, before any removal. */
  read: Record<SplitRole, number>;
  /** Rows removed from a role because the same id or text is in a later role. */
  removedCrossRole: Record<SplitRole, number>;
  /** Rows removed as repeats inside the same role (same id or same text, first kept). */
  removedWithinRole: Record<SplitRole, number>;
  /** Rows removed because their text is in the excluded set (TweetEval val, kept as a clean check). */
  removedExcluded: Record<SplitRole, number>;
  kept: Record<SplitRole, number>;
  /** Pairwise overlap between files before removal: by id and by normalised text. */
  fileOverlap: { a: string; b: string; byId: number; byText: number }[];
}

export interface SentimentSplits { train: RoleSplit; selection: RoleSplit; report: RoleSplit; report_: SplitReport }

function emptySplit(): RoleSplit { return { texts: [], y: [], labels: SENTIMENT_LABELS, ids: [], files: [] }; }
const zero = (): Record<SplitRole, number> => ({ train: 0, selection: 0, report: 0 });

/** Pure core: assigns rows (already tagged with their file) to roles and removes every overlap. */
export function assignRoles(rowsByRole: Record<SplitRole, SemevalRow[]>, excludeKeys: ReadonlySet<string> = new Set()): Omit<SentimentSplits, 'report_'> & { report_: Omit<SplitReport, 'fileOverlap'> } {
  const seenIds = new Set<string>();
  const seenKeys = new Set<string>();
  const out: Record<SplitRole, RoleSplit> = { train: emptySplit(), selection: emptySplit(), report: emptySplit() };
  const read = zero(); const removedCrossRole = zero(); const removedWithinRole = zero(); const removedExcluded = zero(); const kept = zero();
  // Latest role first: its rows are kept, and earlier roles lose anything already taken.
  for (const role of [...ROLE_ORDER].reverse()) {
    const laterIds = new Set(seenIds);
    const laterKeys = new Set(seenKeys);
    for (const r of rowsByRole[role]) {
      read[role]++;
      const key = overlapKey(r.text);
      if (excludeKeys.has(key)) { removedExcluded[role]++; continue; }
      if (laterIds.has(r.id) || laterKeys.has(key)) { removedCrossRole[role]++; continue; }
      if (seenIds.has(r.id) || seenKeys.has(key)) { removedWithinRole[role]++; continue; }
      seenIds.add(r.id); seenKeys.add(key);
      const s = out[role];
      s.texts.push(r.text); s.y.push(r.label); s.ids.push(r.id); s.files.push(r.file);
      kept[role]++;
    }
  }
  return { ...out, report_: { read, removedCrossRole, removedWithinRole, removedExcluded, kept } };
}

function pairwiseOverlap(files: { file: string; rows: SemevalRow[] }[]): SplitReport['fileOverlap'] {
  const sets = files.map((f) => ({ file: f.file, ids: new Set(f.rows.map((r) => r.id)), keys: new Set(f.rows.map((r) => overlapKey(r.text))) }));
  const out: SplitReport['fileOverlap'] = [];
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      let byId = 0; let byText = 0;
      for (const id of sets[i].ids) if (sets[j].ids.has(id)) byId++;
      for (const k of sets[i].keys) if (sets[j].keys.has(k)) byText++;
      if (byId > 0 || byText > 0) out.push({ a: sets[i].file, b: sets[j].file, byId, byText });
    }
  }
  return out;
}

/** Reads the SemEval files under `dataDir` (../shared/data) and builds the three disjoint splits. */
export function loadSentimentSplits(dataDir: string, opts: { plan?: Record<SplitRole, readonly string[]>; excludeTexts?: readonly string[] } = {}): SentimentSplits {
  const plan = opts.plan ?? SENTIMENT_SPLIT_PLAN;
  const dir = join(dataDir, SEMEVAL_DIR);
  if (!existsSync(dir)) throw new Error(`SemEval files not found at ${dir}`);
  const files: { file: string; rows: SemevalRow[] }[] = [];
  const rowsByRole: Record<SplitRole, SemevalRow[]> = { train: [], selection: [], report: [] };
  for (const role of ROLE_ORDER) {
    for (const file of plan[role]) {
      const rows = readSemevalFile(join(dir, file), file);
      files.push({ file, rows });
      rowsByRole[role].push(...rows);
    }
  }
  const assigned = assignRoles(rowsByRole, new Set((opts.excludeTexts ?? []).map(overlapKey)));
  return { ...assigned, report_: { ...assigned.report_, fileOverlap: pairwiseOverlap(files) } };
}

/** Overlap of a plain text set (e.g. TweetEval val) with each role, by normalised text. */
export function textOverlap(texts: readonly string[], split: RoleSplit): number {
  const keys = new Set(split.texts.map(overlapKey));
  return texts.filter((t) => keys.has(overlapKey(t))).length;
}
