// Plans are solved on a worker thread: HiGHS (WebAssembly) runs synchronously for seconds, which on
// the main thread would stall the API (live inbox, other requests) or the Temporal worker's
// heartbeats. One plan at a time per process; the rest queue.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { checkRequest, computePlan, type Candidate, type PlanRequest, type PlanResult } from '../domain/planning';
import type { PlanOptions } from '../domain/planning/plan';

interface Job { cands: Candidate[]; req: PlanRequest; opts: PlanOptions }
type Reply = { ok: true; result: PlanResult } | { ok: false; message: string };

let queue: Promise<unknown> = Promise.resolve();

function runThread(job: Job): Promise<PlanResult> {
  return new Promise((resolve, reject) => {
    // This same file; from the .ts source (development, tests) through tsx's CommonJS hook.
    const w = __filename.endsWith('.ts')
      ? new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(__filename)});`, { eval: true, workerData: job })
      : new Worker(__filename, { workerData: job });
    let settled = false;
    w.once('message', (m: Reply) => {
      settled = true;
      if (m.ok) resolve(m.result);
      else reject(new Error(`plan failed: ${m.message}`));
    });
    w.once('error', (e) => { settled = true; reject(e); });
    w.once('exit', (code) => { if (!settled) reject(new Error(`plan thread exited with code ${code}`)); });
  });
}

/** computePlan off the main thread; bad input is refused here first (PlanInputError, naming the field). */
export async function computePlanOffThread(cands: Candidate[], req: PlanRequest, opts: PlanOptions = {}): Promise<PlanResult> {
  checkRequest(req);
  const run = queue.then(() => runThread({ cands, req, opts }));
  queue = run.catch(() => undefined);
  return run;
}

if (!isMainThread && parentPort && (workerData as Job | undefined)?.req) {
  const { cands, req, opts } = workerData as Job;
  computePlan(cands, req, opts).then(
    (result) => parentPort!.postMessage({ ok: true, result } satisfies Reply),
    (e: unknown) => parentPort!.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) } satisfies Reply),
  );
}
