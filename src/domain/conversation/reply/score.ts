// Scoring a labelled reply set (test/fixtures/replies/*.tsv): per-intent precision / recall / F1,
// language guesses, and the safety counts the reply-set test enforces. Pure: callers read the files.
import { REPLY_INTENTS, REPLY_LANGS, type ReplyIntent, type ReplyLang, type ReplyReading } from './types';

export interface LabelledReply { line: number; text: string; intent: ReplyIntent; lang: ReplyLang | null }
export interface IntentScore { intent: ReplyIntent; n: number; precision: number; recall: number; f1: number }
export interface Miss { line: number; text: string; want: ReplyIntent; got: ReplyIntent; why: string }
export interface SetScore {
  n: number;
  accuracy: number;
  perIntent: IntentScore[];
  /** Opt-outs read as anything but stop: must be zero. */
  missedStops: Miss[];
  /** Opt-outs or declines read as yes: must be zero. */
  noReadAsYes: Miss[];
  misses: Miss[];
  lang: { labelled: number; right: number; wrong: number; unsure: number };
}

/** Parses `text<TAB>intent<TAB>lang` lines; "#" lines and blank lines are skipped; lang "-" = none. */
export function parseReplySet(tsv: string): LabelledReply[] {
  const rows: LabelledReply[] = [];
  tsv.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) return;
    const [text, intent, lang] = line.split('\t');
    if (text === undefined || !REPLY_INTENTS.includes(intent as ReplyIntent)) throw new Error(`line ${i + 1}: intent must be one of ${REPLY_INTENTS.join(', ')}, got ${JSON.stringify(intent)}`);
    if (lang !== '-' && !REPLY_LANGS.includes(lang as ReplyLang)) throw new Error(`line ${i + 1}: lang must be one of ${REPLY_LANGS.join(', ')} or -, got ${JSON.stringify(lang)}`);
    rows.push({ line: i + 1, text, intent: intent as ReplyIntent, lang: lang === '-' ? null : (lang as ReplyLang) });
  });
  return rows;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

export function scoreReplies(rows: readonly LabelledReply[], read: (text: string) => ReplyReading): SetScore {
  const got = rows.map((r) => read(r.text));
  const misses: Miss[] = [];
  const lang = { labelled: 0, right: 0, wrong: 0, unsure: 0 };
  rows.forEach((r, i) => {
    const g = got[i]!;
    if (g.intent !== r.intent) misses.push({ line: r.line, text: r.text, want: r.intent, got: g.intent, why: g.why });
    if (r.lang) {
      lang.labelled++;
      if (g.lang === null) lang.unsure++;
      else if (g.lang === r.lang) lang.right++;
      else lang.wrong++;
    }
  });
  const perIntent = REPLY_INTENTS.map((intent): IntentScore => {
    const tp = rows.filter((r, i) => r.intent === intent && got[i]!.intent === intent).length;
    const predicted = got.filter((g) => g.intent === intent).length;
    const actual = rows.filter((r) => r.intent === intent).length;
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, actual);
    return { intent, n: actual, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
  });
  return {
    n: rows.length,
    accuracy: ratio(rows.length - misses.length, rows.length),
    perIntent,
    missedStops: misses.filter((m) => m.want === 'stop'),
    noReadAsYes: misses.filter((m) => (m.want === 'stop' || m.want === 'decline') && m.got === 'yes'),
    misses,
    lang,
  };
}

/** A markdown table of per-intent precision / recall / F1. */
export function scoreTable(s: SetScore): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const head = '| intent | n | precision | recall | F1 |\n|---|---:|---:|---:|---:|';
  const rows = s.perIntent.map((p) => `| ${p.intent} | ${p.n} | ${pct(p.precision)} | ${pct(p.recall)} | ${pct(p.f1)} |`);
  return [head, ...rows, `| **all** | ${s.n} | accuracy ${pct(s.accuracy)} | | |`].join('\n');
}
