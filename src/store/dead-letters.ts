// Stream lines ingest could not take, kept with the raw line, the reason and the time.
import type { Db } from 'mongodb';
import { COLLECTIONS } from './index';

export interface DeadLetterDoc { _id: string; reason: string; raw?: string; at: Date }

export const deadLetters = (db: Db) => db.collection<DeadLetterDoc>(COLLECTIONS.ingestDeadLetters);
