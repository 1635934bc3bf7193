// The golden replay catches what the same-build replay in test/outreach/workflow.test.ts cannot:
// a copy of src/ with the first contact's activity call removed (what a past commit did) fails to
// replay every conversation that went through first contact, and the same removal behind
// patched() replays every golden cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { repoRoot } from '../helpers/stack';
import { quietRuntime } from '../helpers/worker';
import { describeFailure, loadGoldens, replayGoldens, type Golden } from './goldens';

const IMPORT = '  ApplicationFailure, allHandlersFinished,';
const BEGIN = 'const begin = await record.outreachBegin({';
// Removes the call: `void ({ …args… });` keeps the file syntactically whole without a regex.
const UNPATCHED = 'const begin = { suppressed: false }; void ({';
// The same removal as the docs prescribe: old histories (no marker) still take the old path.
const PATCHED = "const begin = patched('golden-probe-no-begin') ? { suppressed: false } : await record.outreachBegin({";

/** Bundles a copy of src/ whose outreach workflow has `begin` replaced by `replacement`. */
async function bundleMutated(replacement: string, addPatchedImport: boolean): Promise<{ code: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'golden-mutant-'));
  try {
    cpSync(join(repoRoot, 'src'), join(dir, 'src'), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const file = join(dir, 'src/workflows/outreach/workflow.ts');
    let code = readFileSync(file, 'utf8');
    for (const anchor of [IMPORT, BEGIN]) {
      assert.equal(code.split(anchor).length, 2, `src/workflows/outreach/workflow.ts no longer has exactly one "${anchor}": update this test's mutation`);
    }
    code = code.replace(BEGIN, replacement);
    // The workflow may already import patched (its own guarded changes).
    if (addPatchedImport && !/^import \{[^}]*\bpatched\b[^}]*\} from '@temporalio\/workflow';/m.test(code)) code = code.replace(IMPORT, `${IMPORT} patched,`);
    writeFileSync(file, code);
    const noop = () => undefined;
    return await bundleWorkflowCode({
      workflowsPath: join(dir, 'src/workflows/index.ts'),
      logger: { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Conversations that went through first contact in their own history (not continued-as-new runs). */
function startedFresh(g: Golden): boolean {
  if (g.workflowType !== 'outreachWorkflow') return false;
  const data = g.history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
  assert.ok(data, `${g.file}: start input`);
  return (JSON.parse(Buffer.from(data).toString('utf8')) as { carried?: unknown }).carried === undefined;
}

test('removing the first-contact activity call without patched() fails the goldens; with patched() they replay', { timeout: 120_000 }, async () => {
  quietRuntime();
  const goldens = loadGoldens();
  const expected = goldens.filter(startedFresh).map((g) => `${g.release}/${g.file}`).sort();
  assert.ok(expected.some((f) => /running/.test(f)), 'running conversations are among the goldens that must catch it');

  const unpatched = await replayGoldens(await bundleMutated(UNPATCHED, false), goldens);
  const failed = unpatched.filter((r) => r.error);
  assert.deepEqual(failed.map((r) => `${r.golden.release}/${r.golden.file}`).sort(), expected,
    'exactly the conversations that went through first contact fail');
  for (const r of failed) assert.equal(r.error!.name, 'DeterminismViolationError', describeFailure(r));

  const patched = await replayGoldens(await bundleMutated(PATCHED, true), goldens);
  assert.deepEqual(patched.filter((r) => r.error).map(describeFailure), []);
});
