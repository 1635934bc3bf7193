// A disk cache of trained ensemble members for the training scripts. Training is deterministic
// for its settings and seed, so a member trained once can be reused when ensembles are assembled
// from several training settings (issue #19: mixtures chosen on the selection split) instead of
// retraining it for every combination. The key covers every input that changes the weights.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainResult, TrainedParams } from './train';

const PARTS: (keyof TrainedParams)[] = ['emb', 'w1', 'b1', 'w2', 'b2'];

/** Stable key of a member's training inputs (settings object with sorted keys, hashed). */
export function memberKey(settings: Record<string, unknown>): string {
  const sorted = Object.fromEntries(Object.entries(settings).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
}

export function loadMember(dir: string, key: string): TrainResult | undefined {
  const meta = join(dir, `${key}.json`);
  if (!existsSync(meta)) return undefined;
  const info = JSON.parse(readFileSync(meta, 'utf8')) as Omit<TrainResult, 'params'> & { sizes: number[] };
  const buf = readFileSync(join(dir, `${key}.bin`));
  const floats = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  let o = 0;
  const params = {} as TrainedParams;
  PARTS.forEach((p, i) => { params[p] = floats.slice(o, o + info.sizes[i]); o += info.sizes[i]; });
  if (o !== floats.length) throw new Error(`member cache ${key}: size mismatch`);
  const { sizes: _s, ...rest } = info;
  void _s;
  return { ...rest, params };
}

export function saveMember(dir: string, key: string, r: TrainResult): void {
  mkdirSync(dir, { recursive: true });
  const { params, ...rest } = r;
  const sizes = PARTS.map((p) => params[p].length);
  const bin = Buffer.concat(PARTS.map((p) => Buffer.from(params[p].buffer, params[p].byteOffset, params[p].byteLength)));
  // Binary first, then the JSON that marks the entry complete (both via rename: no torn entries).
  writeFileSync(join(dir, `${key}.bin.tmp`), bin);
  renameSync(join(dir, `${key}.bin.tmp`), join(dir, `${key}.bin`));
  writeFileSync(join(dir, `${key}.json.tmp`), JSON.stringify({ ...rest, sizes }));
  renameSync(join(dir, `${key}.json.tmp`), join(dir, `${key}.json`));
}

/** Returns the cached member for `settings`, or trains it (and caches it when `dir` is set). */
export function cachedMember(dir: string | undefined, settings: Record<string, unknown>, train: () => TrainResult): { result: TrainResult; cached: boolean } {
  const key = memberKey(settings);
  const hit = dir ? loadMember(dir, key) : undefined;
  if (hit) return { result: hit, cached: true };
  const result = train();
  if (dir) saveMember(dir, key, result);
  return { result, cached: false };
}
