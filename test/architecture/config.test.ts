// House rule: the environment is read in src/config.ts only, with validation, and the README's
// Configuration section lists exactly the variables it reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV_VARIABLES, loadAnalyticsSettings, loadConfig, loadDmLimits, loadLogSettings } from '../../src/config';
import { repoRoot } from '../helpers/stack';
import { hits, sources } from './source';

test('no module under src/ other than src/config.ts reads process.env', () => {
  const offenders = sources('src').filter((f) => f.path !== 'src/config.ts').flatMap((f) => hits(f, /\bprocess\.env\b/));
  assert.deepEqual(offenders, [], `environment read outside src/config.ts:\n${offenders.join('\n')}`);
});

/** Backticked variable names in the tables of the README's "## Configuration" section. */
function readmeVariables(): Set<string> {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Configuration');
  const end = readme.indexOf('\n## ', start + 1);
  assert.ok(start >= 0, 'README has a "## Configuration" section');
  const names = new Set<string>();
  for (const line of readme.slice(start, end < 0 ? undefined : end).split('\n')) {
    if (!line.startsWith('|')) continue;
    for (const m of line.matchAll(/`([A-Z][A-Z0-9_]{2,})`/g)) names.add(m[1]!);
  }
  return names;
}

test('the README Configuration tables list exactly the variables config.ts reads', () => {
  const documented = readmeVariables();
  const read = new Set(ENV_VARIABLES);
  assert.deepEqual([...read].filter((n) => !documented.has(n)).sort(), [], 'read by src/config.ts but missing from the README');
  assert.deepEqual([...documented].filter((n) => !read.has(n)).sort(), [], 'in the README but never read by src/config.ts');
});

test('every variable config.ts names in its code is in ENV_VARIABLES', () => {
  const code = sources('src').find((f) => f.path === 'src/config.ts')!.code;
  const named = new Set([...code.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]+)|\[['"]([A-Z][A-Z0-9_]+)['"]\])/g)].map((m) => m[1] ?? m[2]!));
  for (const n of named) assert.ok(ENV_VARIABLES.includes(n), `${n} is read but not listed in ENV_VARIABLES`);
});

test('a bad value fails with one line naming the variable', () => {
  assert.throws(() => loadConfig({ API_PORT: 'x' }), /invalid API_PORT="x": expected a port number/);
  assert.throws(() => loadConfig({ DM_INTAKE: 'pigeon' }), /invalid DM_INTAKE="pigeon": expected poller or webhook/);
  assert.throws(() => loadDmLimits({ CHIRPFLOW_DM_LIMIT_15M: '0' }), /invalid CHIRPFLOW_DM_LIMIT_15M="0": expected a positive integer/);
  assert.throws(() => loadAnalyticsSettings({ ALERT_WEBHOOK_URL: 'ftp://x' }), /invalid ALERT_WEBHOOK_URL/);
  assert.throws(() => loadLogSettings({ LOG_LEVEL: 'loud' }), /invalid LOG_LEVEL="loud"/);
  assert.deepEqual(loadDmLimits({ CHIRPFLOW_DM_LIMIT_DAY: '50' }), { perSender15m: 200, perSenderDay: 50, perAppDay: 15_000 });
  assert.equal(loadConfig({}).WORKER_MAX_CACHED_WORKFLOWS, 500);
});
