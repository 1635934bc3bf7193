// What the architecture tests read: the project's TypeScript sources as text, with comments
// blanked out (a comment naming `db.collection(` or `process.env` is not a use of it).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repoRoot } from '../helpers/stack';

export interface SourceFile { path: string; code: string }

/** Every .ts file under `dir` (repo-relative, forward slashes), comments removed. */
export function sources(dir = 'src'): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(join(repoRoot, d), { withFileTypes: true })) {
      const p = `${d}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) out.push({ path: p, code: stripComments(readFileSync(join(repoRoot, p), 'utf8')) });
    }
  };
  walk(dir);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Blanks // and /* *\/ comments outside string literals, keeping line numbers. */
export function stripComments(src: string): string {
  let out = '';
  let i = 0;
  let quote: string | undefined;
  while (i < src.length) {
    const c = src[i]!;
    if (quote) {
      out += c;
      if (c === '\\') { out += src[i + 1] ?? ''; i += 2; continue; }
      if (c === quote) quote = undefined;
      i++;
    } else if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      if (c === '"' || c === "'" || c === '`') quote = c;
      out += c;
      i++;
    }
  }
  return out;
}

/** `file:line: text` for every line of `code` matching `re`. */
export function hits(f: SourceFile, re: RegExp): string[] {
  return f.code.split('\n').flatMap((l, i) => (re.test(l) ? [`${f.path}:${i + 1}: ${l.trim()}`] : []));
}

/** The modules a file imports (import … from, export … from, import(), require()). */
export function importsOf(f: SourceFile): string[] {
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  return [...f.code.matchAll(re)].map((m) => m[1]!);
}

/** A relative import resolved to a repo-relative path (no extension); a package name as it is. */
export function resolveImport(from: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  return relative(repoRoot, resolve(repoRoot, dirname(from), spec)).split('\\').join('/');
}
