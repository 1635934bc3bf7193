// twitter-api-v2 has no base-URL setting. This plugin rewrites every request (REST and stream) from
// https://api.x.com to the configured base URL, so the same code talks to X or to the emulator,
// and records rate-limit headers from every response, successful or not.
import type { ITwitterApiClientPlugin } from 'twitter-api-v2';
import { RateLimitTracker, endpointKey } from './ratelimit';
import { xMetrics } from './metrics';

const X_ORIGIN = 'https://api.x.com';

export function rewriteUrl(url: string, baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  if (base === X_ORIGIN) return url;
  return url.startsWith(X_ORIGIN) ? base + url.slice(X_ORIGIN.length) : url;
}

export function createXPlugin(baseUrl: string, tracker: RateLimitTracker): ITwitterApiClientPlugin {
  const rewrite = (args: { params: { url: string } }) => {
    args.params.url = rewriteUrl(args.params.url, baseUrl);
  };
  return {
    onBeforeRequestConfig: rewrite,
    onBeforeStreamRequestConfig: rewrite,
    onAfterRequest({ computedParams, response }) {
      tracker.record(endpointKey(computedParams.method, computedParams.url.pathname), response.headers);
    },
    onResponseError({ computedParams, error }) {
      const key = endpointKey(computedParams.method, computedParams.url.pathname);
      tracker.record(key, error.headers ?? {});
      if (error.code === 429) xMetrics.rateLimited.inc({ endpoint: key });
    },
  };
}
