import { z } from 'zod';
import { ApiError } from './errors';

/** Parses input with a schema; failure is a 400 naming the first bad field. */
export function parse<T extends z.ZodType>(schema: T, input: unknown, where = 'body'): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = issues[0]!;
  throw new ApiError(400, 'invalid_request', `${where}${first.path ? '.' + first.path : ''}: ${first.message}`, issues);
}

/** Rejects Mongo operator injection anywhere in a JSON value: keys starting with $ or containing dots. */
export function assertNoOperators(value: unknown, path = 'body'): void {
  if (Array.isArray(value)) value.forEach((v, i) => assertNoOperators(v, `${path}[${i}]`));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('$') || k.includes('.')) {
        throw new ApiError(400, 'invalid_request', `${path}: key "${k}" is not allowed`);
      }
      assertNoOperators(v, `${path}.${k}`);
    }
  }
}

export const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an id of letters, digits, _ or -');
export const XUserId = z.string().regex(/^\d{1,20}$/, 'a numeric X user id');
