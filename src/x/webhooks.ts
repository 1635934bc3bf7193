// Account Activity webhooks: X proves it owns the webhook with a CRC challenge and signs every
// delivery with the consumer secret. Both are pure functions of the body and the secret.
import { createHmac, timingSafeEqual } from 'node:crypto';

function sign(secret: string, payload: string | Buffer): string {
  return 'sha256=' + createHmac('sha256', secret).update(payload).digest('base64');
}

/** The body to answer X's GET ?crc_token=... challenge with. */
export function crcResponse(crcToken: string, consumerSecret: string): { response_token: string } {
  return { response_token: sign(consumerSecret, crcToken) };
}

/** The header value X would send for this raw body (used by the emulator and tests). */
export function webhookSignature(rawBody: string | Buffer, consumerSecret: string): string {
  return sign(consumerSecret, rawBody);
}

/**
 * True when `x-twitter-webhooks-signature` matches the raw body. Compare in constant time so the
 * check leaks nothing about the expected value; verify the bytes received, never re-serialised JSON.
 */
export function isValidWebhookSignature(
  rawBody: string | Buffer,
  header: string | string[] | undefined,
  consumerSecret: string,
): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || !value.startsWith('sha256=')) return false;
  const expected = Buffer.from(sign(consumerSecret, rawBody));
  const got = Buffer.from(value);
  return got.length === expected.length && timingSafeEqual(got, expected);
}
