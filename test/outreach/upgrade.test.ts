// Conversations recorded on release 0.1.0 whose replies the intents change now answers differently
// ("no" under opt-in greeted, a third unclear reply got a third suggestion, "no thanks" got the
// suggestion, a Spanish HELP was answered in English). They must replay on the current code: the
// decisions of 0.1.0 stay behind patched('convo-intents-v2'). Recorded from an export of c831047
// (see index.json); the golden set (test/fixtures/histories) has none of these paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot, workflowBundle } from '../helpers/stack';
import { quietRuntime } from '../helpers/worker';
import { describeFailure, loadGoldens, replayGoldens } from '../replay/goldens';

test('0.1.0 conversations whose replies now read differently replay on the current workflow code', async () => {
  quietRuntime();
  const histories = loadGoldens(join(repoRoot, 'test/outreach/fixtures/histories'));
  assert.equal(histories.length, 4);
  const results = await replayGoldens(await workflowBundle(), histories);
  assert.deepEqual(results.filter((r) => r.error).map(describeFailure), []);
});
