// MongoDB access. Only the official driver; stays within what FerretDB 1.x supports
// (no multi-document transactions, no change streams).
import { MongoClient, type Db } from 'mongodb';
import { UserError } from '../errors';

export const COLLECTIONS = {
  tweets: 'tweets',
  profiles: 'profiles',
  campaigns: 'campaigns',
  conversations: 'conversations',
  escalations: 'escalations',
  suppressions: 'suppressions',
  sentMessages: 'sent_messages',
  inbox: 'inbox',
  influence: 'influence',
  clusters: 'clusters',
  trends: 'trends',
  alerts: 'alerts',
  moods: 'moods',
  apiKeys: 'api_keys',
  audit: 'audit',
  meta: 'meta',
} as const;

export interface Store {
  client: MongoClient;
  db: Db;
  close(): Promise<void>;
}

/** Connects and pings; an unreachable server fails fast with one line naming the remedy. */
export async function connectStore(uri: string, dbName: string, timeoutMs = 5000): Promise<Store> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.connect();
    await client.db(dbName).command({ ping: 1 });
  } catch (err) {
    await client.close().catch(() => undefined);
    throw new UserError(
      `cannot reach MongoDB at ${redactUri(uri)} (${(err as Error).message.split('\n')[0]}). ` +
        'Start it, fix MONGODB_URI, or unset MONGODB_URI to use the embedded FerretDB.',
    );
  }
  const db = client.db(dbName);
  return { client, db, close: () => client.close() };
}

/** Hides credentials in a connection string before it is printed. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, '//[redacted]@');
}

/** Runs every module's index set-up; each is idempotent. */
export async function ensureIndexes(db: Db, extra: Array<(db: Db) => Promise<void>> = []): Promise<void> {
  await db.collection(COLLECTIONS.apiKeys).createIndex({ hash: 1 }, { unique: true });
  await db.collection(COLLECTIONS.audit).createIndex({ at: -1 });
  for (const fn of extra) await fn(db);
}
