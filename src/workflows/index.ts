// Every workflow the worker registers. One file per workflow; add an export line per file.
export { pingWorkflow } from './ping';
export { campaignWorkflow } from './campaign';
export { ingestWorkflow } from './ingest';
export { outreachWorkflow } from './outreach';
export { dmPollerWorkflow } from './dm-poller';
