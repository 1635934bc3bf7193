// Loads the golden histories (test/fixtures/histories/<release>/, listed by each release's
// index.json) and replays them against a workflow bundle.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { repoRoot } from '../helpers/stack';
import { historyFromJSON, type History } from './history-json';

export const HISTORIES_DIR = join(repoRoot, 'test/fixtures/histories');

export interface Golden { release: string; file: string; workflowId: string; workflowType: string; status: string; history: History }
interface IndexEntry { file: string; workflowId: string; workflowType: string; status: string }

/** Every release folder's histories; a JSON file missing from its index (or the reverse) is an error. */
export function loadGoldens(dir = HISTORIES_DIR): Golden[] {
  const out: Golden[] = [];
  for (const release of readdirSync(dir).sort()) {
    const rdir = join(dir, release);
    if (!statSync(rdir).isDirectory()) continue;
    const index = JSON.parse(readFileSync(join(rdir, 'index.json'), 'utf8')) as { histories: IndexEntry[] };
    const listed = new Set(index.histories.map((h) => h.file));
    const unlisted = readdirSync(rdir).filter((f) => f.endsWith('.json') && f !== 'index.json' && !listed.has(f));
    if (unlisted.length) throw new Error(`${release}: not in index.json: ${unlisted.join(', ')}`);
    for (const e of index.histories) {
      const history = historyFromJSON(JSON.parse(readFileSync(join(rdir, e.file), 'utf8')));
      out.push({ release, file: e.file, workflowId: e.workflowId, workflowType: e.workflowType, status: e.status, history });
    }
  }
  return out;
}

export interface Replayed { golden: Golden; error?: Error }

/** Replays every golden against the bundle, in order; one result per golden. */
export async function replayGoldens(workflowBundle: { code: string }, goldens: Golden[]): Promise<Replayed[]> {
  const out: Replayed[] = [];
  const input = goldens.map((g) => ({ workflowId: g.workflowId, history: g.history }));
  for await (const r of Worker.runReplayHistories({ workflowBundle }, input)) {
    const golden = goldens[out.length]!;
    if (r.workflowId !== golden.workflowId) throw new Error(`replay results out of order: ${r.workflowId} for ${golden.file}`);
    out.push({ golden, ...(r.error ? { error: r.error } : {}) });
  }
  return out;
}

export const describeFailure = (r: Replayed) => `${r.golden.release}/${r.golden.file} (${r.golden.workflowType}): ${r.error?.name}: ${r.error?.message}`;
