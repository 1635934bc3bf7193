// Shared setup for the X contract tests: an in-process emulator on a random port and a client
// with tiny backoffs and keep-alives so fault scenarios finish in milliseconds.
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator';
import { createXClient, type XClient, type XClientOptions } from '../../src/x';

export async function setup(opts: EmulatorOptions = {}, client: Partial<XClientOptions> = {}): Promise<{ emu: RunningEmulator; x: XClient }> {
  const emu = await startEmulator({ port: 0, seed: 7, rate: 0, keepAliveMs: 100, users: 300, ...opts });
  const x = createXClient({
    baseUrl: emu.url,
    bearerToken: 'test-bearer',
    appKey: 'ck', appSecret: 'cs', accessToken: 'at', accessSecret: 'as',
    brandUserId: emu.brandUserId,
    rateLimitMaxWaitMs: 0,
    stream: {
      keepAliveTimeoutMs: 400,
      backoff: { networkStepMs: 5, networkMaxMs: 50, httpBaseMs: 10, httpMaxMs: 80, rateLimitBaseMs: 20, rateLimitMaxMs: 200 },
    },
    ...client,
  });
  return { emu, x };
}

export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- control API bodies are checked field by field in the tests
export async function control(emu: RunningEmulator, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(emu.url + '/_emulator' + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

export function injectTweet(emu: RunningEmulator, text: string, authorId = '9000000001', extra: Record<string, unknown> = {}) {
  return emu.core.inject({ text, author: { id: authorId, username: `u${authorId.slice(-6)}`, location: 'Paris, France', verified: true, public_metrics: { followers_count: 1234, following_count: 10, listed_count: 2, tweet_count: 99 } }, ...extra });
}
