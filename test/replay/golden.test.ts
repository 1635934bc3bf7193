// Every golden history of every release still replays on the current workflow code: a workflow
// change that would break conversations already running (a command added, removed or reordered
// without patched()) fails here. See docs/workflow-changes.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workflowBundle } from '../helpers/stack';
import { quietRuntime } from '../helpers/worker';
import { describeFailure, loadGoldens, replayGoldens } from './goldens';

test('golden histories of every release replay on the current workflow code', async () => {
  quietRuntime();
  const goldens = loadGoldens();
  const types = new Set(goldens.map((g) => g.workflowType));
  for (const t of ['outreachWorkflow', 'campaignWorkflow', 'ingestWorkflow', 'dmPollerWorkflow', 'sentimentRecomputeWorkflow']) {
    assert.ok(types.has(t), `a golden history of ${t}`);
  }
  assert.ok(goldens.some((g) => g.workflowType === 'outreachWorkflow' && g.status === 'running'), 'conversations recorded mid-way (what an upgrade replays)');
  const results = await replayGoldens(await workflowBundle(), goldens);
  assert.equal(results.length, goldens.length);
  const failed = results.filter((r) => r.error);
  assert.deepEqual(failed.map(describeFailure), [], `${failed.length} of ${results.length} golden histories failed to replay`);
});
