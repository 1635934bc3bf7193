// Each workflow's contract names the workflow the worker registers, with the same signature, and
// nothing outside src/workflows imports a workflow file (only contracts): callers start, signal
// and query through the contract, so a workflow can move or change inside without them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as workflows from '../../src/workflows';
import { OUTREACH_WORKFLOW_TYPE, type OutreachWorkflow } from '../../src/workflows/outreach/contract';
import { CAMPAIGN_WORKFLOW_TYPE, type CampaignWorkflow } from '../../src/workflows/campaign/contract';
import { INGEST_WORKFLOW_TYPE, type IngestWorkflow } from '../../src/workflows/ingest/contract';
import { DM_POLLER_WORKFLOW_TYPE, type DmPollerWorkflow } from '../../src/workflows/dm-poller/contract';
import { ANALYTICS_SLICE_WORKFLOW_TYPE, ANALYTICS_WORKFLOW_TYPES, type AnalyticsWorkflow } from '../../src/workflows/analytics/contract';
import { repoRoot } from '../helpers/stack';
import { importGraph } from '../architecture/import-graph';

// Compile-time: each registered workflow has the signature its contract promises to callers.
const typed: {
  outreachWorkflow: OutreachWorkflow; campaignWorkflow: CampaignWorkflow; ingestWorkflow: IngestWorkflow; dmPollerWorkflow: DmPollerWorkflow;
  sentimentRecomputeWorkflow: AnalyticsWorkflow<'sentiment-recompute'>; influenceWorkflow: AnalyticsWorkflow<'influence'>;
  clustersWorkflow: AnalyticsWorkflow<'clusters'>; trendsWorkflow: AnalyticsWorkflow<'trends'>; moodWorkflow: AnalyticsWorkflow<'mood'>;
} = workflows;

test('every contract names a workflow the worker registers, and every registered workflow has a contract', () => {
  const named = [
    OUTREACH_WORKFLOW_TYPE, CAMPAIGN_WORKFLOW_TYPE, INGEST_WORKFLOW_TYPE, DM_POLLER_WORKFLOW_TYPE, ANALYTICS_SLICE_WORKFLOW_TYPE,
    ...Object.values(ANALYTICS_WORKFLOW_TYPES),
  ];
  const registered = Object.entries(workflows).filter(([, v]) => typeof v === 'function');
  for (const name of named) {
    const fn = (workflows as Record<string, unknown>)[name];
    assert.equal(typeof fn, 'function', `src/workflows/index.ts exports no workflow "${name}"`);
    assert.equal((fn as { name: string }).name, name, `"${name}" is exported under another function's name`);
  }
  assert.deepEqual(registered.map(([k]) => k).sort(), [...named].sort(), 'a registered workflow without a contract constant (or the reverse)');
  assert.ok(Object.keys(typed).length > 0);
});

test('outside src/workflows, modules import contracts, never workflow files', () => {
  const edges = ['src', 'test', 'bench', 'scripts'].flatMap((dir) => importGraph(repoRoot, dir, 'src'));
  assert.ok(edges.some((e) => e.from.startsWith('test/') && e.to.startsWith('src/workflows/')), 'the graph sees tests importing contracts');
  // Workflow files: anything under src/workflows except contracts, the search-attribute list, and
  // the index the worker bundles (this test reads it to compare).
  const isWorkflowFile = (f: string) => f.startsWith('src/workflows/') && !/\/contract\.ts$|^src\/workflows\/(search-attributes|index)\.ts$/.test(f);
  const bad = edges.filter((e) => !e.from.startsWith('src/workflows/') && isWorkflowFile(e.to)).map((e) => `${e.from} -> ${e.to}`);
  assert.deepEqual(bad, [], `import the workflow's contract instead:\n${bad.join('\n')}`);
});
