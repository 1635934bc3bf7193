// MongoDB access. Only the official driver; stays within what FerretDB 1.x supports
// (no multi-document transactions, no change streams).
import { MongoClient, type Collection, type CreateIndexesOptions, type Db, type Document, type IndexSpecification } from 'mongodb';
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
  /** Opt-in prompts (ledger), their posts and the people prompted: src/campaigns/optin.ts. */
  optIn: 'opt_in',
  /** X stream rules shared by campaigns: _id = the rule's value, with the campaigns using it. */
  streamRules: 'stream_rules',
  /** Stream lines ingest could not take (invalid id, no author…), kept with the raw line. */
  ingestDeadLetters: 'ingest_dead_letters',
  /** Browser sessions (src/api/session.ts). */
  webSessions: 'web_sessions',
  /** DM webhook event ids already handled (src/api/routes/webhooks.ts). */
  webhookEvents: 'webhook_events',
  /** Per-window API call counts shared by every API process (src/api/security/rate-limit-store.ts). */
  rateLimits: 'rate_limits',
} as const;

/**
 * A collection whose document type belongs to the feature that owns it (api keys, sessions,
 * opt-in ledger, stream rules…): the name lives here, the shape with its owner.
 */
export function owned<T extends Document>(db: Db, name: (typeof COLLECTIONS)[keyof typeof COLLECTIONS]): Collection<T> {
  return db.collection<T>(name);
}

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

/**
 * `lookup`: a single-field index that the embedded FerretDB uses too, for equality to a string or
 * `$in` over strings (scripts/ferretdb/sqlite-index-pushdown.patch), so it is created there as well.
 */
export interface IndexOptions extends CreateIndexesOptions { lookup?: boolean }

/** Creates (or keeps) one index; each module's index set-up takes one of these. */
export type IndexFn = <T extends Document>(col: Collection<T>, spec: IndexSpecification, options?: IndexOptions) => Promise<void>;

export const createIndex: IndexFn = async (col, spec, options) => {
  const { lookup: _lookup, ...rest } = options ?? {};
  await col.createIndex(spec, rest);
};

/**
 * FerretDB 1.x answers every query but one on `_id` by reading the whole collection, so a
 * secondary index is never used there, while every write still maintains it (~20 % of the cost of
 * an update, measured). There only unique indexes, which enforce something, are created, and the
 * `lookup` ones our patched build pushes string equality and `$in` down to.
 */
export async function secondaryIndexesUseful(db: Db): Promise<boolean> {
  const info = await db.admin().command({ buildInfo: 1 });
  return !(typeof info.ferretdbVersion === 'string' && /^v?1\./.test(info.ferretdbVersion));
}

/** Unique and `lookup` indexes are created; another secondary one an earlier version created is dropped. */
const uniqueOnly: IndexFn = async (col, spec, options) => {
  if (options?.unique || options?.lookup) return createIndex(col, spec, options);
  const name = options?.name ?? Object.entries(spec as Record<string, number>).map(([k, v]) => `${k}_${v}`).join('_');
  await col.dropIndex(name).catch((err: { codeName?: string }) => {
    if (err.codeName !== 'IndexNotFound' && err.codeName !== 'NamespaceNotFound') throw err;
  });
};

/** Runs every module's index set-up; each is idempotent. */
export async function ensureIndexes(db: Db, extra: Array<(db: Db, ix: IndexFn) => Promise<void>> = []): Promise<void> {
  const ix = (await secondaryIndexesUseful(db)) ? createIndex : uniqueOnly;
  await ix(db.collection(COLLECTIONS.apiKeys), { hash: 1 }, { unique: true });
  await ix(db.collection(COLLECTIONS.audit), { at: -1 });
  for (const fn of extra) await fn(db, ix);
}
