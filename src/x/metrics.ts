// prom-client metrics for the X boundary, on the default registry. Created once per process so
// several clients (tests, workers) can coexist without "already registered" errors.
import { Counter, Gauge, register } from 'prom-client';

function gauge(name: string, help: string, labelNames: string[]): Gauge<string> {
  return (register.getSingleMetric(name) as Gauge<string> | undefined) ?? new Gauge({ name, help, labelNames });
}
function counter(name: string, help: string, labelNames: string[] = []): Counter<string> {
  return (register.getSingleMetric(name) as Counter<string> | undefined) ?? new Counter({ name, help, labelNames });
}

export const xMetrics = {
  remaining: gauge('chirpflow_x_rate_limit_remaining', 'Requests left in the current X rate-limit window', ['endpoint', 'window']),
  limit: gauge('chirpflow_x_rate_limit_limit', 'Size of the X rate-limit window', ['endpoint', 'window']),
  reset: gauge('chirpflow_x_rate_limit_reset_seconds', 'Unix time at which the X rate-limit window resets', ['endpoint', 'window']),
  rateLimited: counter('chirpflow_x_rate_limited_total', 'Responses with HTTP 429 from X', ['endpoint']),
  streamTweets: counter('chirpflow_x_stream_tweets_total', 'Tweets delivered by the filtered stream (after dedupe)', ['via']),
  streamDuplicates: counter('chirpflow_x_stream_duplicates_total', 'Tweets dropped because they were already delivered'),
  streamReconnects: counter('chirpflow_x_stream_reconnects_total', 'Filtered-stream reconnects by cause', ['cause']),
  streamBadLines: counter('chirpflow_x_stream_bad_lines_total', 'Stream lines that were not valid tweet payloads', ['reason']),
  dmSendUnknown: counter('chirpflow_dm_send_unknown_total', 'DM sends whose outcome at X could not be established (never sent again; see sent_messages state "unknown")', ['reason']),
  dmSendRecovered: counter('chirpflow_dm_send_recovered_total', 'DM sends found at X by the recovery lookup after an attempt whose answer was lost'),
  streamConnected: gauge('chirpflow_x_stream_connected', '1 while the filtered stream is connected', []),
};
