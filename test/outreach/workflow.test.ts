// Every branch of the conversation under the time-skipping server (days of silence pass in
// milliseconds), with a fake X that records DMs and the real MongoDB for records and the ledger.
// Each branch's history is then replayed against the current code.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { Context } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { testDb, uniqueId, workflowBundle } from '../helpers/stack';
import { startWorker, timeSkippingEnv } from '../helpers/worker';
import { DAY, fakeX, input, outreachActivities, until, type FakeX } from './harness';
import { OutreachInputError, startOutreach } from '../../src/outreach/start';
import { startOptIn } from '../../src/outreach/routing';
import {
  HelpCountKey, OutreachStageKey, agentReplyUpdate, claimUpdate, optInSignal, replySignal, resolveUpdate, reviewUpdate, stateQuery,
  type OutreachWorkflow, type OutreachInput,
} from '../../src/workflows/outreach/contract';
import { outreachCollections } from '../../src/store/conversations';

let env: TestWorkflowEnvironment;
let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
let store: Awaited<ReturnType<typeof testDb>>;
let x: FakeX;
const taskQueue = uniqueId('tq');
const histories: { workflowId: string; history: temporal.api.history.v1.IHistory }[] = [];
let msg = 0;

before(async () => {
  env = await timeSkippingEnv({ searchAttributes: true });
  store = await testDb('outreach_wf');
  x = fakeX();
  worker = await startWorker(env, taskQueue, outreachActivities(store.db, x, { limits: { perSender15m: 1000, perSenderDay: 10_000, perAppDay: 100_000 } }));
});

after(async () => {
  await worker?.stop();
  await store?.close();
  await env?.teardown();
});

async function start(inp: OutreachInput) {
  const r = await startOutreach(env.client, inp, { taskQueue });
  assert.equal(r.started, true);
  return env.client.workflow.getHandle<OutreachWorkflow>(r.workflowId);
}
const reply = (h: WorkflowHandle, text: string, messageId = String(++msg)) =>
  h.signal(replySignal, { messageId: `m${messageId}`, text, at: new Date().toISOString() });
const stage = async (h: WorkflowHandle) => (await h.query(stateQuery)).state.stage;
const waitStage = (h: WorkflowHandle, s: string) => until(async () => (await stage(h)) === s, `stage ${s}`);
const dms = async (id: string, n: number): Promise<string[]> => {
  await until(() => x.to(id).length >= n, `${n} DMs to ${id}`);
  return x.to(id);
};
/** Update failures carry the workflow's reason in their cause. */
async function rejectsWith(p: Promise<unknown>, re: RegExp) {
  await assert.rejects(p, (e: Error & { cause?: Error }) => re.test(`${e.message} ${e.cause?.message ?? ''}`));
}
async function keep(h: WorkflowHandle) {
  histories.push({ workflowId: h.workflowId, history: await h.fetchHistory() });
}

test('YES: escalation, the person is forwarded, a human claims, answers through the workflow, resolves', async () => {
  const inp = input();
  const id = inp.person.xUserId;
  const h = await start(inp);
  const [greeting] = await dms(id, 1);
  assert.match(greeting!, /Ada/);
  assert.match(greeting!, /YES|Yes/);
  await reply(h, 'Yeah 👍');
  await waitStage(h, 'escalated');
  await dms(id, 2);
  assert.match(x.to(id)[1]!, /A person from Acme/);
  const col = outreachCollections(store.db);
  const esc = await col.escalations.findOne({ xUserId: id });
  assert.equal(esc?.priority, 'high');
  assert.equal(esc?.status, 'open');
  await reply(h, 'what colours do you have?');
  await until(async () => (await col.escalations.findOne({ xUserId: id }))?.thread.length === 2, 'forwarded message');
  assert.equal(x.to(id).length, 2, 'the bot stays quiet once escalated');
  await rejectsWith(h.executeUpdate(agentReplyUpdate, { args: [{ agent: 'bob', text: 'hi' }] }), /claim the escalation/);
  assert.equal((await h.executeUpdate(claimUpdate, { args: [{ agent: 'bob' }] })).stage, 'claimed');
  await rejectsWith(h.executeUpdate(claimUpdate, { args: [{ agent: 'eve' }] }), /already claimed by bob/);
  const sent = await h.executeUpdate(agentReplyUpdate, { args: [{ agent: 'bob', text: 'Red and black, Ada!' }] });
  assert.equal(sent.status, 'sent');
  assert.deepEqual(x.to(id).slice(2), ['Red and black, Ada!']);
  await h.executeUpdate(resolveUpdate, { args: [{ agent: 'bob', outcome: 'sale' }] });
  const result = await h.result();
  assert.equal(result.stage, 'resolved');
  const final = await col.escalations.findOne({ xUserId: id });
  assert.equal(final?.status, 'resolved');
  assert.equal(final?.outcome, 'sale');
  assert.deepEqual(final?.thread.map((t) => t.from), ['person', 'person', 'agent']);
  const convo = await col.conversations.findOne({ xUserId: id });
  assert.deepEqual(convo?.transcript.map((t) => t.from), ['bot', 'person', 'bot', 'person', 'agent']);
  assert.equal(convo?.stage, 'resolved');
  await keep(h);
});

test('HELP three times: two help messages, then a low-priority escalation; HelpCount is visible', async () => {
  const inp = input();
  const id = inp.person.xUserId;
  const h = await start(inp);
  await dms(id, 1);
  await reply(h, 'HELP');
  await dms(id, 2);
  await reply(h, 'help?');
  await dms(id, 3);
  await reply(h, '?');
  await waitStage(h, 'escalated');
  const texts = await dms(id, 4);
  assert.match(texts[1]!, /YES = talk/);
  assert.match(texts[2]!, /YES = talk/);
  assert.match(texts[3]!, /A person from Acme/);
  const esc = await outreachCollections(store.db).escalations.findOne({ xUserId: id });
  assert.equal(esc?.priority, 'low');
  assert.equal(esc?.reason, 'help-exhausted');
  await until(async () => (await h.describe()).typedSearchAttributes.get(HelpCountKey) === 3, 'HelpCount = 3');
  assert.equal((await h.describe()).typedSearchAttributes.get(OutreachStageKey), 'escalated');
  await h.executeUpdate(resolveUpdate, { args: [{ agent: 'ann', outcome: 'answered' }] });
  assert.equal((await h.result()).helpCount, 3);
  await keep(h);
});

test('STOP: suppressed everywhere, one confirmation, and no campaign messages the person again', async () => {
  const inp = input();
  const id = inp.person.xUserId;
  const h = await start(inp);
  await dms(id, 1);
  await reply(h, 'Stop messaging me!');
  assert.equal((await h.result()).stage, 'stopped');
  assert.deepEqual(x.to(id).slice(1), ['Done. Acme will not message you again.']);
  const sup = await outreachCollections(store.db).suppressions.findOne({ _id: id });
  assert.ok(sup, 'on the suppression list');
  await keep(h);
  // Another campaign, every policy: nothing is ever sent.
  const h2 = await start({ ...input({ person: inp.person }), campaignId: 'camp2' });
  assert.equal((await h2.result()).stage, 'suppressed');
  const h3 = await start({ ...input({ person: inp.person }, { policy: 'review' }), campaignId: 'camp3' });
  assert.equal((await h3.result()).stage, 'suppressed');
  assert.equal(x.to(id).length, 2);
  await keep(h2);
});

test('unknown text gets the suggestion; silence gets the reminders, then ends as no-response', async () => {
  const inp = input();
  const id = inp.person.xUserId;
  const h = await start(inp);
  await dms(id, 1);
  await reply(h, 'love these boots');
  await dms(id, 2);
  assert.match(x.to(id)[1]!, /reply YES, HELP or STOP/);
  const t0 = await env.currentTimeMs();
  const r = await h.result();
  assert.equal(r.stage, 'no-response');
  assert.equal(r.remindersSent, 2);
  assert.deepEqual(x.to(id).slice(2).map((t) => /Just checking in/.test(t)), [true, true]);
  assert.ok((await env.currentTimeMs()) - t0 >= 3 * DAY - 1000, 'three reply timeouts passed in simulated time');
  await keep(h);
});

test('review: approve greets; reject and expiry end without a message', async () => {
  const a = input({}, { policy: 'review', consentBasis: undefined });
  const ha = await start(a);
  await waitStage(ha, 'pending-review');
  assert.equal(x.to(a.person.xUserId).length, 0);
  assert.equal((await ha.executeUpdate(reviewUpdate, { args: [{ decision: 'approve', by: 'mia' }] })).stage, 'awaiting-reply');
  await dms(a.person.xUserId, 1);
  await reply(ha, 'STOP');
  await ha.result();
  await keep(ha);

  const b = input({}, { policy: 'review' });
  const hb = await start(b);
  await waitStage(hb, 'pending-review');
  await hb.executeUpdate(reviewUpdate, { args: [{ decision: 'reject', by: 'mia', reason: 'not a fit' }] });
  assert.equal((await hb.result()).stage, 'rejected');
  await keep(hb);

  const c = input({}, { policy: 'review' });
  const hc = await start(c);
  await waitStage(hc, 'pending-review');
  assert.equal((await hc.result()).stage, 'expired');
  await assert.rejects(hc.executeUpdate(reviewUpdate, { args: [{ decision: 'approve', by: 'mia' }] }));
  assert.equal(x.to(b.person.xUserId).length + x.to(c.person.xUserId).length, 0);
  await keep(hc);
});

test('opt-in: nothing is sent until the person opts in (signal, or signalWithStart from a keyword reply)', async () => {
  const a = input({}, { policy: 'opt-in', consentBasis: undefined });
  const ha = await start(a);
  await waitStage(ha, 'awaiting-opt-in');
  assert.equal(x.to(a.person.xUserId).length, 0);
  await ha.signal(optInSignal, { source: 'reply:1' });
  await dms(a.person.xUserId, 1);
  await reply(ha, 'yes');
  await waitStage(ha, 'escalated');
  await ha.executeUpdate(resolveUpdate, { args: [{ agent: 'ann', outcome: 'no-sale' }] });
  await ha.result();
  await keep(ha);

  const b = input({}, { policy: 'opt-in' });
  const { workflowId } = await startOptIn(env.client, b, taskQueue, 'reply:2');
  const hb = env.client.workflow.getHandle(workflowId);
  await dms(b.person.xUserId, 1);
  await reply(hb, 'stop');
  assert.equal((await hb.result()).stage, 'stopped');
  await keep(hb);
});

test('one conversation per person; the same DM delivered twice counts once; auto needs a consent basis', async () => {
  const inp = input();
  const h = await start(inp);
  const again = await startOutreach(env.client, { ...inp, campaignId: 'other' }, { taskQueue });
  assert.deepEqual(again, { started: false, workflowId: h.workflowId, reason: 'already in conversation' });
  await dms(inp.person.xUserId, 1);
  await reply(h, 'help', 'dup-1');
  await reply(h, 'help', 'dup-1'); // poller and webhook both saw it
  await dms(inp.person.xUserId, 2); // a STOP would otherwise go ahead of the queued HELP
  await reply(h, 'stop');
  assert.equal((await h.result()).helpCount, 1);
  await keep(h);
  await assert.rejects(startOutreach(env.client, input({}, { consentBasis: undefined }), { taskQueue }), (e: unknown) =>
    e instanceof OutreachInputError && /consentBasis/.test(e.message));
});

test('a send interrupted after reaching X is not repeated (ledger + DM-event lookup, real MongoDB)', async () => {
  const inp = input({}, { maxReminders: 0 });
  const id = inp.person.xUserId;
  x.failAfterSend = 1;
  const h = await start(inp);
  assert.equal((await h.result()).stage, 'no-response');
  assert.equal(x.to(id).length, 1, 'greeting sent exactly once');
  const ledger = await outreachCollections(store.db).sentMessages.find({ xUserId: id }).toArray();
  assert.equal(ledger.length, 1);
  assert.equal(ledger[0]!.state, 'sent');
  assert.equal(ledger[0]!.via, 'recovered');
  await keep(h);
});

test('DMs closed: the conversation ends as undeliverable', async () => {
  const inp = input();
  x.closed.add(inp.person.xUserId);
  const h = await start(inp);
  assert.equal((await h.result()).stage, 'undeliverable');
  await keep(h);
});

test('the sender limit delays a send instead of dropping it', async () => {
  const other = await testDb('outreach_limit');
  const x2 = fakeX();
  const tq = uniqueId('tq');
  const w = await Worker.create({
    connection: env.nativeConnection, taskQueue: tq, workflowBundle: await workflowBundle(),
    activities: outreachActivities(other.db, x2, {
      limits: { perSender15m: 1, perSenderDay: 100, perAppDay: 100 },
      // The limiter follows the server's (skipping) clock here.
      now: () => Context.current().info.currentAttemptScheduledTimestampMs,
    }),
  });
  try {
    await w.runUntil(async () => {
      const s = { maxReminders: 0, replyTimeoutMs: 60_000 };
      const a = input({}, s);
      const b = input({}, s);
      const ha = env.client.workflow.getHandle((await startOutreach(env.client, a, { taskQueue: tq })).workflowId);
      await until(() => x2.to(a.person.xUserId).length === 1, 'first greeting');
      const t0 = await env.currentTimeMs();
      const hb = env.client.workflow.getHandle((await startOutreach(env.client, b, { taskQueue: tq })).workflowId);
      assert.equal((await hb.result()).stage, 'no-response');
      assert.equal(x2.to(b.person.xUserId).length, 1, 'the second greeting went out once, later');
      assert.ok((await env.currentTimeMs()) - t0 >= 60_000, 'the second conversation waited for the next window');
      await ha.result();
    });
  } finally {
    await other.close();
  }
});

test('replay: every recorded branch replays without non-determinism', async () => {
  assert.ok(histories.length >= 10, `recorded ${histories.length} histories`);
  const bundle = await workflowBundle();
  let n = 0;
  for await (const r of Worker.runReplayHistories({ workflowBundle: bundle }, histories)) {
    assert.equal(r.error, undefined, `${r.workflowId}: ${r.error?.message}`);
    n++;
  }
  assert.equal(n, histories.length);
});

