// The DM poller (workflow id `dm-poller`): polls X's DM events from the last one seen and routes
// each incoming message to its conversation. Long-running; continues as new every N polls so its
// history stays small.
import { continueAsNew, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { OutreachActivities } from '../../activities/outreach';
import { pollerStateQuery, type DmPollerInput } from './contract';

const { dmPollAndRoute } = proxyActivities<OutreachActivities>({
  startToCloseTimeout: '1 minute', heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function dmPollerWorkflow(input: DmPollerInput): Promise<void> {
  let sinceId = input.sinceId;
  const totals = { polls: 0, seen: 0, routed: 0, inbox: 0, ...input.totals };
  setHandler(pollerStateQuery, () => ({ sinceId, totals }));
  const every = input.iterationsPerRun ?? 500;
  for (let i = 0; i < every; i++) {
    const r = await dmPollAndRoute({ sinceId, taskQueue: input.taskQueue });
    sinceId = r.lastId ?? sinceId;
    totals.polls++;
    totals.seen += r.seen;
    totals.routed += r.routed;
    totals.inbox += r.inbox;
    await sleep(input.intervalMs ?? 15_000);
  }
  await continueAsNew<typeof dmPollerWorkflow>({ ...input, sinceId, totals });
}
