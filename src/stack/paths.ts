import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { UserError } from '../errors';

// Pinned in scripts/setup.sh, which fetches them into the cache.
export const VERSIONS = { temporalCli: '1.9.1', temporalTestServer: '1.40.0', ferretdb: 'v1.24.0-p4' };

export function binaries(cacheDir: string) {
  return {
    temporal: join(cacheDir, `temporal-${VERSIONS.temporalCli}`, 'temporal'),
    temporalTestServer: join(cacheDir, `temporal-test-server-${VERSIONS.temporalTestServer}`, 'temporal-test-server'),
    ferretdb: join(cacheDir, `ferretdb-${VERSIONS.ferretdb}`),
  };
}

export function requireBinary(path: string, what: string): string {
  if (!existsSync(path)) throw new UserError(`${what} not found at ${path}: run \`npm run setup\` first.`);
  return path;
}
