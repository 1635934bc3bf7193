// Writes test/fixtures/analytics-reference.json: the analytics jobs' outputs on the seeded
// equivalence fixture. Run once with the reference implementation checked out (release 0.1.0's
// per-chunk-query jobs, commit 4d180ed); equivalence.test.ts then holds every later version to the
// same results.
//   node --import tsx scripts/with-stack.ts -- node --import tsx test/analytics-jobs/make-reference.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testDb } from '../helpers/stack';
import { computeOutputs, seedEquivalenceFixture } from './equivalence-fixture';

async function main() {
  const { db, close } = await testDb('eq_reference');
  try {
    await seedEquivalenceFixture(db);
    const out = await computeOutputs(db, 50);
    writeFileSync(join(__dirname, '..', 'fixtures', 'analytics-reference.json'), `${JSON.stringify(out, null, 1)}\n`);
    process.stdout.write(`influence ${out.influence.length}, moods ${out.moods.length}, trends ${out.trends.length}, alerts ${out.alerts.length}, k ${out.clusters.k}\n`);
  } finally {
    await close();
  }
}

main().then(() => process.exit(0), (err) => { process.stderr.write(`${(err as Error).stack ?? err}\n`); process.exit(1); });
