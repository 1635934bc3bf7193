// Every workflow the worker registers, under the names that are their workflow types (contracts
// name them too; test/workflows/contracts.test.ts checks both agree). Callers import the contracts.
export { campaignWorkflow } from './campaign/workflow';
export { ingestWorkflow } from './ingest/workflow';
export { outreachWorkflow } from './outreach/workflow';
export { dmPollerWorkflow } from './dm-poller/workflow';
export { analyticsSliceWorkflow } from './analytics/batch';
export { sentimentRecomputeWorkflow } from './analytics/sentiment-recompute';
export { influenceWorkflow } from './analytics/influence';
export { clustersWorkflow } from './analytics/clusters';
export { trendsWorkflow } from './analytics/trends';
export { moodWorkflow } from './analytics/mood';
export { plansRecomputeWorkflow } from './plans/workflow';
