// The worker's own registration of the custom search attributes, against the real server of the
// run (the dev server under `npm test`, the PostgreSQL-backed cluster under `npm run test:cluster`),
// each case in a namespace of its own so that it starts with none of them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Connection } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { UserError } from '../../src/errors';
import { CampaignIdKey, HelpCountKey, OutreachStageKey } from '../../src/workflows/search-attributes';
import { OUTREACH_WORKFLOW_TYPE } from '../../src/workflows/outreach/contract';
import {
  CHIRPFLOW_SEARCH_ATTRIBUTES, ensureSearchAttributes, manualStep, planSearchAttributes,
} from '../../src/stack/search-attributes';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../src/stack/ports';
import { repoRoot, requireEnv, testDb, uniqueId } from '../helpers/stack';

let connection: Connection;
before(async () => { connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') }); });
after(async () => { await connection?.close(); });

/** A new namespace, once the server serves it (the full server's namespace cache refreshes every few seconds). */
async function freshNamespace(): Promise<string> {
  const namespace = uniqueId('sa').replace(/[^A-Za-z0-9-]/g, '-');
  await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await connection.operatorService.listSearchAttributes({ namespace });
      await new Client({ connection, namespace }).workflow.list({ query: 'WorkflowType = "x"' })[Symbol.asyncIterator]().next();
      return namespace;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

const custom = async (namespace: string) =>
  (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes as Record<string, number>;
const collect = () => {
  const lines: string[] = [];
  return { lines, warn: (_o: object, msg: string) => { lines.push(msg); } };
};

test('a namespace without the attributes gets all five, with their types, and a second call adds nothing', async () => {
  const namespace = await freshNamespace();
  const client = new Client({ connection, namespace });
  const filter = 'CampaignId = "c1" AND HelpCount > 0';
  await assert.rejects(client.workflow.list({ query: filter })[Symbol.asyncIterator]().next(), 'the filter is invalid before registration');

  const first = await ensureSearchAttributes(connection.operatorService, namespace, collect());
  assert.deepEqual(first.added.sort(), ['CampaignId', 'FirstContact', 'HelpCount', 'OutreachStage', 'XUserId']);
  const have = await custom(namespace);
  assert.equal(have.CampaignId, 2, 'Keyword');
  assert.equal(have.HelpCount, 3, 'Int');
  assert.deepEqual(planSearchAttributes(CHIRPFLOW_SEARCH_ATTRIBUTES, have), { missing: [], conflicts: [] });
  // Now a valid filter, and it finds a conversation by its attributes (no worker needed: the start records them).
  const h = await client.workflow.start(OUTREACH_WORKFLOW_TYPE, {
    taskQueue: uniqueId('tq-none'), workflowId: uniqueId('outreach'), args: [],
    typedSearchAttributes: [{ key: CampaignIdKey, value: 'c1' }, { key: HelpCountKey, value: 2 }, { key: OutreachStageKey, value: 'starting' }],
  });
  try {
    const found: string[] = [];
    for (const deadline = Date.now() + 30_000; !found.length && Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
      for await (const wf of client.workflow.list({ query: filter })) found.push(wf.workflowId);
    }
    assert.deepEqual(found, [h.workflowId]);
    assert.equal(await client.workflow.count('CampaignId = "c2"').then((c) => c.count), 0);
  } finally {
    await h.terminate('test done');
  }

  assert.deepEqual(await ensureSearchAttributes(connection.operatorService, namespace, collect()), { added: [], refused: [] });
});

test('only the missing ones are added when some exist already', async () => {
  const namespace = await freshNamespace();
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: { CampaignId: 2, XUserId: 2 } });
  const r = await ensureSearchAttributes(connection.operatorService, namespace, collect());
  assert.deepEqual(r.added.sort(), ['FirstContact', 'HelpCount', 'OutreachStage']);
});

test('an existing attribute of another type is a clear error, and nothing is added', async () => {
  const namespace = await freshNamespace();
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: { HelpCount: 2 /* Keyword */ } });
  await assert.rejects(ensureSearchAttributes(connection.operatorService, namespace, collect()),
    (err: Error) => err instanceof UserError && /HelpCount is Keyword, Chirpflow needs Int/.test(err.message) && /remove or rename/i.test(err.message));
  assert.deepEqual(Object.keys(await custom(namespace)).filter((k) => k !== 'HelpCount' && /^(CampaignId|OutreachStage|XUserId|FirstContact)$/.test(k)), []);
});

test('workers starting at once both succeed', async () => {
  const namespace = await freshNamespace();
  const both = await Promise.all([1, 2].map(() => ensureSearchAttributes(connection.operatorService, namespace, collect())));
  assert.deepEqual(both.flatMap((r) => r.refused), []);
  assert.deepEqual(planSearchAttributes(CHIRPFLOW_SEARCH_ATTRIBUTES, await custom(namespace)).missing, []);
});

// Temporal Cloud refuses operator calls to keys without namespace admin; no server here refuses,
// so the refusal is the one faked part: a real gRPC status error in place of the add call.
test('a refusal (Temporal Cloud without the permission) is a warning naming the attributes and the tcld step, not a crash', async () => {
  const namespace = await freshNamespace();
  const denied = Object.assign(new Error('7 PERMISSION_DENIED: Request unauthorized.'), {
    code: 7 /* PERMISSION_DENIED */, details: 'Request unauthorized.', metadata: {},
  });
  const operator = {
    listSearchAttributes: connection.operatorService.listSearchAttributes.bind(connection.operatorService),
    addSearchAttributes: (): Promise<unknown> => Promise.reject(denied),
  };
  const log = collect();
  const r = await ensureSearchAttributes(operator, namespace, log);
  assert.deepEqual(r.added, []);
  assert.equal(r.refused.length, 5);
  assert.equal(log.lines.length, 1);
  assert.match(log.lines[0]!, /CampaignId, OutreachStage, HelpCount, XUserId, FirstContact/);
  assert.match(log.lines[0]!, new RegExp(`tcld namespace search-attributes add --namespace ${namespace} --sa "CampaignId=Keyword"`));
  // Anything else (the server is down, a bug) still fails loudly.
  const broken = { ...operator, addSearchAttributes: (): Promise<unknown> => Promise.reject(new Error('boom')) };
  await assert.rejects(ensureSearchAttributes(broken, namespace, collect()), /boom/);
});

test('the worker process registers them in its namespace at start', { timeout: 180_000 }, async () => {
  const namespace = await freshNamespace();
  const store = await testDb('sa_worker');
  const metrics = await freePort(); // the worker's app metrics take the next port too
  const proc = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src', 'workers', 'main.ts')], {
    env: {
      ...process.env, TEMPORAL_NAMESPACE: namespace, MONGODB_URI: store.uri, MONGODB_DB: store.db.databaseName,
      X_API_BASE_URL: 'http://127.0.0.1:9', DM_INTAKE: 'webhook', ANALYTICS_SCHEDULES: '0', METRICS_PORT: String(metrics),
      TASK_QUEUE: uniqueId('tq-sa'),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => { out += d; });
  proc.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise((r) => proc.once('exit', r));
  try {
    await new Promise<void>((resolve, reject) => {
      proc.on('message', (m: { ready?: boolean }) => { if (m.ready) resolve(); });
      proc.on('exit', (c) => reject(new Error(`worker exited ${c}:\n${out.slice(-2000)}`)));
    });
    assert.deepEqual(planSearchAttributes(CHIRPFLOW_SEARCH_ATTRIBUTES, await custom(namespace)).missing, []);
  } finally {
    proc.kill('SIGTERM');
    await exited;
    await store.close();
  }
});

test('the plan and the manual step are pure', () => {
  const Foo = defineSearchAttributeKey('Foo', SearchAttributeType.DATETIME);
  assert.deepEqual(planSearchAttributes([Foo], { Foo: 2 }).conflicts, [{ name: 'Foo', want: 'Datetime', have: 'Keyword' }]);
  assert.equal(planSearchAttributes([Foo], {}).missing[0], Foo);
  assert.match(manualStep('ns1', [Foo]), /--sa "Foo=Datetime".*temporal operator search-attribute create --namespace ns1 --name Foo --type Datetime/);
});
