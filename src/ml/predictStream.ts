// Line-in / JSON-line-out prediction over streams. Invariant: output line i answers input line i.
// Input is split on raw bytes ('\n', optional '\r' stripped) before decoding, so a broken byte
// sequence can only affect its own line; such lines get {"error": ...} instead of a prediction.
import type { Readable, Writable } from 'node:stream';

export type LinePredictor = (texts: string[]) => object[];

export interface StreamOptions {
  batchSize?: number;
}

const NEWLINE = 0x0a;

function decodeLine(bytes: Buffer, first: boolean): { text: string } | { error: string } {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 0x0d) end--;
  let start = 0;
  if (first && end >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3; // BOM
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, end)) };
  } catch {
    return { error: 'line is not valid UTF-8' };
  }
}

function write(out: Writable, s: string): Promise<void> {
  if (out.write(s)) return Promise.resolve();
  return new Promise((resolve) => out.once('drain', () => resolve()));
}

/** Predicts a batch; if the whole batch fails, retries line by line so one bad line cannot sink the rest. */
function predictBatch(predict: LinePredictor, items: ({ text: string } | { error: string })[]): string {
  const texts: string[] = [];
  const slots: number[] = [];
  items.forEach((it, i) => {
    if ('text' in it) { texts.push(it.text); slots.push(i); }
  });
  const results: object[] = items.map((it) => ('error' in it ? { error: it.error } : {}));
  let preds: object[] | undefined;
  try {
    preds = predict(texts);
  } catch {
    preds = undefined;
  }
  slots.forEach((slot, j) => {
    if (preds && preds[j]) {
      results[slot] = preds[j];
      return;
    }
    try {
      results[slot] = predict([texts[j]])[0] ?? { error: 'no prediction' };
    } catch (err) {
      results[slot] = { error: `prediction failed: ${(err as Error).message}` };
    }
  });
  return results.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

export async function predictLines(input: Readable, output: Writable, predict: LinePredictor, opts: StreamOptions = {}): Promise<number> {
  const batchSize = opts.batchSize ?? 512;
  let pending: Buffer = Buffer.alloc(0);
  let batch: ({ text: string } | { error: string })[] = [];
  let lines = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const text = predictBatch(predict, batch);
    batch = [];
    await write(output, text);
  };
  for await (const chunk of input) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    let data = pending.length > 0 ? Buffer.concat([pending, buf]) : buf;
    let nl: number;
    while ((nl = data.indexOf(NEWLINE)) >= 0) {
      batch.push(decodeLine(data.subarray(0, nl), lines === 0));
      lines++;
      data = data.subarray(nl + 1);
      if (batch.length >= batchSize) await flush();
    }
    pending = Buffer.from(data); // detach from the big chunk
  }
  if (pending.length > 0) {
    batch.push(decodeLine(pending, lines === 0));
    lines++;
  }
  await flush();
  return lines;
}
