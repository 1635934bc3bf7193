// Values built on first use. The workflow sandbox evaluates the reply reader's modules again for
// every conversation it creates or replays, so their tables must not be built at load (see patterns.ts).

/** `build` runs once, on the first call. */
export function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

/** An object whose properties are each built on first read (and kept). */
export function lazyRecord<K extends string, V>(builders: Record<K, () => V>): Readonly<Record<K, V>> {
  const out = {} as Record<K, V>;
  for (const key of Object.keys(builders) as K[]) {
    const get = once(builders[key]);
    Object.defineProperty(out, key, { get, enumerable: true });
  }
  return out;
}
