import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths';
import { scoreInfluenceCsv, loadInfluenceWeights } from '../../src/cli/commands/influence';

const HEADER = 'follower_count,following_count,listed_count,mentions_received,retweets_received,mentions_sent,retweets_sent,posts';

function cli(args: string[], input: string) {
  return spawnSync(process.execPath, [join(repoRoot, 'bin', 'chirpflow.js'), 'influence', ...args], { input, encoding: 'utf8' });
}

test('score: one score per line from stdin, larger accounts score higher', () => {
  const r = cli(['score'], `${HEADER}\n10,50,0,0,0,0.1,0,0.5\n500000,300,5000,40,30,1,0.5,5\n`);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map(Number);
  assert.equal(lines.length, 2);
  assert.ok(lines.every(Number.isFinite));
  assert.ok(lines[1] > lines[0]);
});

test('score: header and value errors are one line naming the column and line', () => {
  const missing = cli(['score'], 'follower_count,following_count\n1,2\n');
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr.trim().split('\n').length, 1);
  assert.match(missing.stderr, /line 1: header is missing column 'listed_count'/);
  const unknown = cli(['score'], `${HEADER},klout\n1,1,1,1,1,1,1,1,1\n`);
  assert.match(unknown.stderr, /line 1: unknown column 'klout'/);
  const bad = cli(['score'], `${HEADER}\n1,1,1,1,1,1,1,1\n1,1,abc,1,1,1,1,1\n`);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /line 3: column 'listed_count' has invalid value 'abc'/);
  assert.equal(bad.stdout, ''); // nothing half-written
  const partialNet = cli(['score'], `${HEADER},network_feature_1\n1,1,1,1,1,1,1,1,1\n`);
  assert.match(partialNet.stderr, /network_feature_2/);
});

test('score in-process: optional columns and breakdown output', () => {
  const w = loadInfluenceWeights();
  const out = scoreInfluenceCsv(`posts,${HEADER.replace(',posts', '')},relevance,cascade_depth\n3,100,100,2,1,1,1,1,0.5,2\n`, w, true);
  const [head, row] = out.trim().split('\n');
  assert.equal(head, 'score,reach,resonance,relevance,depth');
  const [score, ...parts] = row.split(',').map(Number);
  assert.ok(Math.abs(score - parts.reduce((a, b) => a + b, 0)) < 1e-5);
  assert.throws(() => scoreInfluenceCsv(`${HEADER},relevance\n1,1,1,1,1,1,1,1,1.5\n`, w), /relevance/);
});
