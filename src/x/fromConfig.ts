// Builds the client from the app's config. Against the emulator (embedded or any non-X base URL)
// missing credentials are filled with placeholders: the emulator only checks that an
// Authorization header is present.
import type { Config } from '../config';
import { createXClient, type XClient, type XClientOptions } from './client';

/** The emulator's brand account id (see src/emulator/world.ts). */
export const EMULATOR_BRAND_USER_ID = '1000000001';

export function xClientOptionsFromConfig(cfg: Config, extra: Partial<XClientOptions> = {}): XClientOptions {
  const isX = /^https:\/\/api\.(x|twitter)\.com\/?$/.test(cfg.xBaseUrl);
  const placeholder = !isX;
  return {
    baseUrl: cfg.xBaseUrl,
    bearerToken: cfg.X_BEARER_TOKEN ?? (placeholder ? 'emulator-bearer' : undefined),
    appKey: cfg.X_API_KEY ?? (placeholder ? 'emulator-key' : undefined),
    appSecret: cfg.X_API_SECRET ?? (placeholder ? 'emulator-secret' : undefined),
    accessToken: cfg.X_ACCESS_TOKEN ?? (placeholder ? 'emulator-token' : undefined),
    accessSecret: cfg.X_ACCESS_SECRET ?? (placeholder ? 'emulator-token-secret' : undefined),
    brandUserId: cfg.X_BRAND_USER_ID ?? (placeholder ? EMULATOR_BRAND_USER_ID : undefined),
    ...extra,
  };
}

export function createXClientFromConfig(cfg: Config, extra: Partial<XClientOptions> = {}): XClient {
  return createXClient(xClientOptionsFromConfig(cfg, extra));
}
