/** Snowflake ids are decimal strings; compare them numerically without BigInt allocations. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
