import { Client, Connection } from '@temporalio/client';
import { testDb, uniqueId } from '../helpers/stack';
import { withDevWorker } from '../helpers/worker';
import { analyticsDeps, fakeModels, seedFixture } from './fixtures';
(async () => {
  const { db, close } = await testDb('dbg');
  await seedFixture(db);
  const connection = await Connection.connect({ address: '127.0.0.1:7291' });
  const client = new Client({ connection });
  const t = Date.now();
  const wf = process.argv[2] ?? 'sentimentRecomputeWorkflow';
  try {
    const r = await withDevWorker(analyticsDeps(db, fakeModels('v2')), ({ taskQueue }) => {
      const h = client.workflow.start(wf, { taskQueue, workflowId: uniqueId('dbg'), args: [{ chunkSize: 10, sliceSize: 30 }] });
      return h.then(async (h) => { console.error('started', h.workflowId); const iv = setInterval(async () => { const d = await h.describe(); console.error(d.status.name, JSON.stringify(d.raw.pendingActivities?.map((a) => [a.activityType?.name, a.attempt, a.lastFailure?.message]))); }, 3000); try { return await h.result(); } finally { clearInterval(iv); } });
    });
    console.error(JSON.stringify(r), Date.now() - t);
  } catch (e) { console.error('ERR', e); }
  await connection.close(); await close();
})();
