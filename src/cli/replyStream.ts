// Line-in / JSON-line-out over streams for `chirpflow reply classify`. Output line i always answers
// input line i: input is split on raw bytes ('\n', an optional '\r' stripped) before decoding, so a
// broken byte sequence only affects its own line. Unlike the model predictors, a line that is not
// valid UTF-8 is still read (bad bytes become U+FFFD) — "STOP\xff" must still be an opt-out — and
// its answer says so. Each chunk read is answered before the next is read: it streams.
import type { Readable, Writable } from 'node:stream';

export interface ReplyLine { text: string; invalidUtf8: boolean }
/** Answers a batch of lines (one object per line, same order). */
export type ReplyBatch = (lines: ReplyLine[]) => object[];

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

function decode(bytes: Buffer, first: boolean): ReplyLine {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 0x0d) end--;
  const start = first && end >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0; // BOM
  const b = bytes.subarray(start, end);
  try {
    return { text: strict.decode(b), invalidUtf8: false };
  } catch {
    return { text: lenient.decode(b), invalidUtf8: true };
  }
}

function write(out: Writable, s: string): Promise<void> {
  if (out.write(s)) return Promise.resolve();
  return new Promise((resolve) => out.once('drain', () => resolve()));
}

/** Reads lines from `input`, answers them in batches of at most `batchSize`, returns the line count. */
export async function classifyLines(input: Readable, output: Writable, answer: ReplyBatch, batchSize = 256): Promise<number> {
  let pending: Buffer = Buffer.alloc(0);
  let batch: ReplyLine[] = [];
  let lines = 0;
  const flush = async () => {
    if (!batch.length) return;
    const answers = answer(batch);
    batch = [];
    await write(output, answers.map((a) => JSON.stringify(a)).join('\n') + '\n');
  };
  for await (const chunk of input) {
    let data = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
    let nl: number;
    while ((nl = data.indexOf(0x0a)) >= 0) {
      batch.push(decode(data.subarray(0, nl), lines === 0));
      lines++;
      data = data.subarray(nl + 1);
      if (batch.length >= batchSize) await flush();
    }
    pending = Buffer.from(data);
    await flush(); // answer what this chunk completed before reading more
  }
  if (pending.length) {
    batch.push(decode(pending, lines === 0));
    lines++;
  }
  await flush();
  return lines;
}
