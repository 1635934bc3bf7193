// A real tweet corpus (CSV with a header row, or JSONL) can replace the template generator. It is
// read from the given path at run time; nothing from it is stored in the repository.
import { readFileSync } from 'node:fs';
import { parseCsv } from '../domain/csv';

export interface CorpusRow {
  text: string;
  username?: string;
  location?: string;
  lang?: string;
  tone?: 'positive' | 'neutral' | 'negative';
}

const TEXT_COLS = ['text', 'tweet', 'content', 'tweet_text'];
const USER_COLS = ['name', 'username', 'user', 'screen_name', 'author'];
const LOC_COLS = ['tweet_location', 'location', 'user_location'];
const TONE_COLS = ['airline_sentiment', 'sentiment', 'label'];

function tone(v: string | undefined): CorpusRow['tone'] {
  const s = (v ?? '').toLowerCase();
  if (s.startsWith('pos') || s === '2') return 'positive';
  if (s.startsWith('neg') || s === '0') return 'negative';
  if (s.startsWith('neu') || s === '1') return 'neutral';
  return undefined;
}

export function loadCorpus(path: string): CorpusRow[] {
  const src = readFileSync(path, 'utf8');
  const rows: CorpusRow[] = [];
  if (/\.jsonl?$/i.test(path)) {
    for (const line of src.split('\n')) {
      if (!line.trim()) continue;
      const o = JSON.parse(line) as Record<string, unknown>;
      const text = String(o.text ?? o.tweet ?? '');
      if (!text) continue;
      rows.push({
        text,
        username: typeof o.username === 'string' ? o.username : typeof o.name === 'string' ? o.name : undefined,
        location: typeof o.location === 'string' ? o.location : undefined,
        lang: typeof o.lang === 'string' ? o.lang : undefined,
        tone: tone(typeof o.sentiment === 'string' ? o.sentiment : typeof o.label === 'string' ? o.label : undefined),
      });
    }
  } else {
    const [header, ...body] = parseCsv(src);
    if (!header) throw new Error(`corpus ${path} is empty`);
    const col = (names: string[]) => header.findIndex((h) => names.includes(h.trim().toLowerCase()));
    const ti = col(TEXT_COLS);
    if (ti < 0) throw new Error(`corpus ${path} has no text column (one of ${TEXT_COLS.join(', ')})`);
    const ui = col(USER_COLS);
    const li = col(LOC_COLS);
    const si = col(TONE_COLS);
    for (const r of body) {
      const text = r[ti]?.trim();
      if (!text) continue;
      rows.push({
        text,
        username: ui >= 0 && r[ui] ? r[ui] : undefined,
        location: li >= 0 && r[li]?.trim() ? r[li]!.trim() : undefined,
        tone: si >= 0 ? tone(r[si]) : undefined,
      });
    }
  }
  if (!rows.length) throw new Error(`corpus ${path} has no usable rows`);
  return rows;
}
