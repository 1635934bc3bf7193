// Two upserts of the same new _id at once: both find nothing, both insert, and the loser fails
// with E11000. MongoDB retries some of these on the server; FerretDB never does, and a STOP sent
// three times in a second made one of its routings fail. The winner's document is there now, so
// the same update, run again, finds it and does what it would have done had it come second.
export const isDuplicateKey = (e: unknown): boolean => (e as { code?: number } | null)?.code === 11000;

/** Runs an upsert; if it lost an insert race (E11000), runs it once more against the winner's document. */
export async function retryUpsertRace<T>(upsert: () => Promise<T>): Promise<T> {
  try {
    return await upsert();
  } catch (e) {
    if (isDuplicateKey(e)) return upsert();
    throw e;
  }
}
