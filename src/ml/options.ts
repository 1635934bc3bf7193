// Parsing of CLI option values into typed values; errors name the flag (one line, UserError).
import { UserError } from '../errors';

export function parseIntOption(flag: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw.trim())) throw new UserError(`${flag}: expected an integer, got "${raw}"`);
  const v = Number.parseInt(raw, 10);
  if (v < min || v > max) throw new UserError(`${flag}: must be between ${min} and ${max}, got ${v}`);
  return v;
}

export function parseChoice<T extends string>(flag: string, raw: string | undefined, choices: readonly T[]): T {
  if (raw === undefined || !(choices as readonly string[]).includes(raw)) {
    throw new UserError(`${flag}: expected one of ${choices.join('|')}, got "${raw ?? ''}"`);
  }
  return raw as T;
}

export function parseFloatOption(flag: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(v)) throw new UserError(`${flag}: expected a number, got "${raw}"`);
  if (v < min || v > max) throw new UserError(`${flag}: must be between ${min} and ${max}, got ${v}`);
  return v;
}
