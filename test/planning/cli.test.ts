// `chirpflow plan` over a seeded store: a table (or JSON) from stdin prices or follower tiers;
// errors are one line naming the flag or the CSV row, exit code 2, nothing on stdout.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { specFromFlags, type PlanFlags } from '../../src/cli/commands/plan';
import { seedCandidates, syntheticCandidates } from '../../src/planning/synthetic';
import { repoRoot, testDb } from '../helpers/stack';

let store: Awaited<ReturnType<typeof testDb>>;
const world = syntheticCandidates({ candidates: 50, seed: 5 });

before(async () => {
  store = await testDb('plans_cli');
  await seedCandidates(store.db, world);
});
after(() => store.close());

function cli(args: string[], input = ''): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(repoRoot, 'bin', 'chirpflow.js'), 'plan', ...args], {
      env: { ...process.env, MONGODB_URI: store.uri, MONGODB_DB: store.db.databaseName },
    });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
    p.stdin.end(input);
  });
}

test('prints a plan table within budget and honouring the flags', async () => {
  const r = await cli(['--budget', '10000', '--goal', 'reach', '--region-share', 'EU=0.3..0.6', '--max-share', '0.2']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /reach plan: spent [\d,]+ of 10,000 on \d+ influencers/);
  assert.match(r.stdout, /90 % interval/);
  assert.match(r.stdout, /^budget\s+10%.*100%$/m);
  assert.match(r.stdout, /^EU\s/m);
});

test('--json with a price list on stdin buys only listed people', async () => {
  const [a, b, c] = world.filter((w) => !w.suppressed && !w.inConversation);
  const r = await cli(['--budget', '700', '--goal', 'engagement', '--json'], `username,price\n@${a!.username},300\n${b!.xUserId},400\n${c!.xUserId},350\n`);
  assert.equal(r.status, 0, r.stderr);
  const plan = JSON.parse(r.stdout) as { spent: number; chosen: { xUserId: string }[] };
  assert.ok(plan.spent <= 700 && plan.chosen.length >= 1);
  for (const x of plan.chosen) assert.ok([a!.xUserId, b!.xUserId, c!.xUserId].includes(x.xUserId));
});

test('flag errors name the flag or the CSV row (parsed in-process, as the command does)', () => {
  const cases: [PlanFlags, string, RegExp][] = [
    [{ goal: 'reach' }, '', /--budget: required/],
    [{ budget: 'lots' }, '', /--budget: "lots" is not a number/],
    [{ budget: '100', goal: 'fame' }, '', /--goal: .*reach, engagement or positive_reach/],
    [{ budget: '100', regionShare: ['EU=0.6..0.3'] }, '', /--region-share: min must not exceed max/],
    [{ budget: '100', regionShare: ['EU:half'] }, '', /--region-share: "EU:half" should look like EU=0.3..0.6/],
    [{ budget: '100', reachShare: ['Mars=0.1..'] }, '', /--reach-share: a region/],
    [{ budget: '100', maxShare: '2' }, '', /--max-share: /],
    [{ budget: '100', pool: '0' }, '', /--pool: /],
    [{ budget: '100' }, '1000001,10\n1000002,ten\n', /prices row 2 price/],
  ];
  for (const [flags, csv, why] of cases) assert.throws(() => specFromFlags(flags, csv), why);
  const ok = specFromFlags({ budget: '100', regionShare: ['EU=0.3..0.6', 'US=..0.2'], reachShare: ['APAC=0.25..'], includeInConversation: true }, '');
  assert.deepEqual(ok.regionShares, [{ region: 'EU', min: 0.3, max: 0.6, of: 'spend' }, { region: 'US', min: 0, max: 0.2, of: 'spend' }, { region: 'APAC', min: 0.25, max: 1, of: 'reach' }]);
  assert.equal(ok.excludeInConversation, false);
});

test('the command: errors are one line on stderr, exit code 2, nothing on stdout', async () => {
  const cases: [string[], string, RegExp][] = [
    [['--budget', '100', '--region-share', 'EU=0.6..0.3'], '', /--region-share: min must not exceed max/],
    [['--budget', '100'], '1000001,10\n1000002,ten\n', /prices row 2 price/],
  ];
  for (const [args, input, why] of cases) {
    const r = await cli(args, input);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, why);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.equal(r.stdout, '');
  }
});
