// Least privilege, written down: every route in /openapi.json is called with every role and the
// answer (403 or not) must match the matrix in docs/security.md. A new route missing from the
// matrix fails this test, and so does a route whose guard disagrees with the document.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApiKey, ROLES, type Role } from '../../src/api/auth';
import { repoRoot } from '../helpers/stack';
import { startApi, type ApiUnderTest } from './harness';

let api: ApiUnderTest;
const keys = {} as Record<Role, string>;
before(async () => {
  api = await startApi('sec_roles', { RATE_LIMIT_AUTH_FAILURES_PER_MIN: '0' });
  for (const r of ROLES) keys[r] = await createApiKey(api.db, `${r}-matrix`, r);
});
after(() => api.close());

/** `| \`GET /path\` | yes | — | … |` rows of docs/security.md. */
function matrix(): Map<string, Record<Role, boolean> | 'public'> {
  const out = new Map<string, Record<Role, boolean> | 'public'>();
  for (const line of readFileSync(join(repoRoot, 'docs', 'security.md'), 'utf8').split('\n')) {
    const m = /^\| `([A-Z]+ \/[^`]*)` \|(.*)\|\s*$/.exec(line);
    if (!m) continue;
    const cells = m[2]!.split('|').map((c) => c.trim());
    if (cells.every((c) => c === 'public')) { out.set(m[1]!, 'public'); continue; }
    out.set(m[1]!, Object.fromEntries(ROLES.map((r, i) => [r, cells[i] === 'yes'])) as Record<Role, boolean>);
  }
  return out;
}

/** A concrete path for a template: ids that pass validation but name nothing. */
const concrete = (path: string) => path
  .replace('{xUserId}', '1234567').replace('{userId}', '1234567').replace('{actionId}', 'act_000000')
  .replace(/\/escalations\/\{id\}/, '/escalations/c0-1234567').replace(/\/api-keys\/\{id\}/, '/api-keys/key_AAAAAAAAAAAA')
  .replace('{id}', 'c0');

test('every documented route answers every role as docs/security.md says, and every route is documented', async () => {
  const doc = (await api.call('GET', '/openapi.json', null)).json as { paths: Record<string, Record<string, unknown>> };
  const want = matrix();
  const routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
  const missing = routes.filter((r) => !want.has(r));
  assert.deepEqual(missing, [], 'routes missing from the matrix in docs/security.md');
  const stale = [...want.keys()].filter((r) => !routes.includes(r));
  assert.deepEqual(stale, [], 'rows in docs/security.md for routes that no longer exist');
  const wrong: string[] = [];
  for (const route of routes) {
    const rule = want.get(route)!;
    if (rule === 'public') continue;
    const [method, path] = route.split(' ') as [string, string];
    for (const role of ROLES) {
      const r = await api.call(method, concrete(path), keys[role], method === 'GET' || method === 'DELETE' ? undefined : {});
      const allowed = r.status !== 403;
      if (allowed !== rule[role]) wrong.push(`${route} as ${role}: ${r.status} (matrix says ${rule[role] ? 'allowed' : '403'})`);
    }
    const anon = await api.call(method, concrete(path), null, method === 'GET' || method === 'DELETE' ? undefined : {});
    if (anon.status !== 401) wrong.push(`${route} without a key: ${anon.status}, expected 401`);
  }
  assert.deepEqual(wrong, []);
});
