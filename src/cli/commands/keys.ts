// `chirpflow keys`: API keys managed on the host, with database access — the recovery path for a
// lost (or never printed) admin key. Uses MONGODB_URI / MONGODB_DB like the services.
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { UserError } from '../../errors';
import { connectStore } from '../../store';
import { ROLES, apiKeys, createApiKeyWithId, identityOf, revokeKey, type Role } from '../../api/auth';
import { recordAudit } from '../../store/audit';

async function withDb<T>(fn: (db: import('mongodb').Db) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const store = await connectStore(config.mongoUri, config.MONGODB_DB);
  try {
    return await fn(store.db);
  } finally {
    await store.close();
  }
}

export function register(program: Command): void {
  const keys = program.command('keys').description('API keys on this host (needs database access)');
  keys.command('create')
    .description('create an API key and print it once (e.g. a new admin key when the old one is lost)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <name>', 'who or what uses it', 'host-admin')
    .option('--expires-in-days <n>', 'days until it stops working (default: never)')
    .action(async (o: { role: string; name: string; expiresInDays?: string }) => {
      if (!ROLES.includes(o.role as Role)) throw new UserError(`--role: expected one of ${ROLES.join(', ')}, got ${JSON.stringify(o.role)}`);
      if (!o.name.trim() || o.name.length > 100 || /[\u0000-\u001f#]/.test(o.name)) throw new UserError('--name: 1-100 characters, no control characters or #');
      let expiresAt: Date | undefined;
      if (o.expiresInDays !== undefined) {
        const d = Number(o.expiresInDays);
        if (!(d > 0 && d <= 3650)) throw new UserError(`--expires-in-days: a number of days in (0, 3650], got ${JSON.stringify(o.expiresInDays)}`);
        expiresAt = new Date(Date.now() + d * 86_400_000);
      }
      await withDb(async (db) => {
        const { key, id } = await createApiKeyWithId(db, o.name.trim(), o.role as Role, { expiresAt, createdBy: 'host' });
        await recordAudit(db, { who: 'host', action: 'api-key.create', keyId: id, role: o.role, outcome: 'ok' });
        process.stdout.write(`${JSON.stringify({ id, name: o.name.trim(), role: o.role, expiresAt: expiresAt ?? null, key })}\n`);
      });
    });
  keys.command('list')
    .description('list API keys (never the secrets)')
    .action(async () => {
      await withDb(async (db) => {
        for (const d of await apiKeys(db).find({}, { projection: { hash: 0 } }).sort({ createdAt: 1 }).toArray()) {
          process.stdout.write(`${JSON.stringify({ id: String(d._id), identity: identityOf(d), role: d.role, createdAt: d.createdAt, expiresAt: d.expiresAt ?? null, revokedAt: d.revokedAt ?? null })}\n`);
        }
      });
    });
  keys.command('revoke <id>')
    .description('revoke an API key at once')
    .action(async (id: string) => {
      await withDb(async (db) => {
        if (!(await revokeKey(db, id, 'host'))) throw new UserError(`no API key ${id}`);
        process.stdout.write(`revoked ${id}\n`);
      });
    });
}
