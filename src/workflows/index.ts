// Every workflow the worker registers. One file per workflow; add an export line per file.
export { pingWorkflow } from './ping';
export { campaignWorkflow } from './campaign';
export { ingestWorkflow } from './ingest';
export { outreachWorkflow } from './outreach';
export { dmPollerWorkflow } from './dm-poller';
export { analyticsSliceWorkflow } from './analytics/batch';
export { sentimentRecomputeWorkflow } from './analytics/sentiment-recompute';
export { influenceWorkflow } from './analytics/influence';
export { clustersWorkflow } from './analytics/clusters';
export { trendsWorkflow } from './analytics/trends';
export { moodWorkflow } from './analytics/mood';
export { plansRecomputeWorkflow } from './plans/recompute';
