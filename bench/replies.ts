// Benchmark of the reply reader: per-intent precision / recall / F1 on the labelled reply set and
// the later and held-out files (rules only; with the reply model's P(stop); with both it and the sentiment
// model's negativity, the way `chirpflow reply classify` uses them), and replies/s per path. Prints tables and
// writes bench/results/replies.json and bench/results/replies.md. Also opt-outs said in public tweets
// (the written tweet sets, rules only and with the reply model).
//   npm run bench:replies [-- --passes 20]
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readReply, type ReplyReading } from '../src/domain/conversation';
import { loadReplyStop } from '../src/ml/reply-stop';
import { publicOptOuts } from '../src/ingest/public-optouts';
import type { IncomingTweet } from '../src/x';
import { parseReplySet, scoreReplies, scoreTable, type LabelledReply, type SetScore } from '../src/domain/conversation/reply/score';

const ROOT = join(__dirname, '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'replies');
const OUT = join(ROOT, 'bench', 'results');
const BATCH = 256;

type Negativity = (texts: string[]) => number[];
type StopProbability = (texts: string[]) => number[];
/** The second opinions a path uses (none: rules only). */
interface Opinions { negativity?: Negativity; pStop?: StopProbability }

function loadModel(): Negativity | undefined {
  if (!existsSync(join(ROOT, 'models', 'sentiment', 'model.json'))) return undefined;
  const ml = require('../src/ml/index') as typeof import('../src/ml/index');
  const model = new ml.SentimentModel(ml.loadTaskModel('sentiment', ml.DEFAULT_SENTIMENT_PATH));
  return (texts) => model.predict(texts).map((r) => r.probs.negative);
}

function loadStopModel(): StopProbability | undefined {
  if (!existsSync(join(ROOT, 'models', 'replies', 'model.json'))) return undefined;
  const m = loadReplyStop();
  return (texts) => m.pStop(texts);
}

/** The CLI's path: the reply model on every reply, the sentiment model only for replies it could change (other, yes), in batches. */
function readAll(texts: readonly string[], o: Opinions): ReplyReading[] {
  const out: ReplyReading[] = [];
  for (let s = 0; s < texts.length; s += BATCH) {
    const batch = texts.slice(s, s + BATCH);
    const pStop = o.pStop ? o.pStop(batch) : undefined;
    const hint = (i: number) => (pStop ? { stopProbability: pStop[i] } : {});
    const readings = batch.map((t, i) => readReply(t, hint(i)));
    if (o.negativity) {
      const ask = readings.flatMap((r, i) => (r.intent === 'other' || r.intent === 'yes' ? [i] : []));
      if (ask.length) {
        const neg = o.negativity(ask.map((i) => batch[i]!));
        ask.forEach((i, j) => { readings[i] = readReply(batch[i]!, { ...hint(i), negativity: neg[j] }); });
      }
    }
    out.push(...readings);
  }
  return out;
}

function score(rows: LabelledReply[], o: Opinions): SetScore {
  const readings = new Map<string, ReplyReading>();
  readAll(rows.map((r) => r.text), o).forEach((g, i) => readings.set(rows[i]!.text, g));
  return scoreReplies(rows, (t) => readings.get(t)!);
}

function throughput(texts: readonly string[], passes: number, o: Opinions): number {
  readAll(texts, o); // warm-up: regex compilation and JIT
  const all = Array.from({ length: passes }, () => texts).flat();
  const t0 = performance.now();
  readAll(all, o);
  return all.length / ((performance.now() - t0) / 1000);
}

function main(): void {
  const argPasses = process.argv.indexOf('--passes');
  const passes = argPasses > 0 ? Number(process.argv[argPasses + 1]) : 20;
  // The enforced set, the sets written later (each scored once before it shaped any rule: see its
  // header line), and the first held-out file; a set missing from a checkout is skipped.
  const names = ['replies', 'holdout-2', 'holdout-3', 'holdout-4', 'holdout-5', 'holdout-6', 'holdout-7', 'holdout-8', 'holdout-9', 'holdout-10', 'holdout-12', 'holdout-14', 'holdout-15', 'holdout-16', 'holdout-17', 'holdout-19', 'holdout-21', 'holdout-23', 'holdout-25', 'holdout-27', 'holdout-29', 'holdout-31', 'holdout', 'holdout-11', 'holdout-13', 'holdout-18', 'holdout-20', 'holdout-22', 'holdout-24', 'holdout-26', 'holdout-28', 'holdout-30', 'holdout-32'].filter((n) => existsSync(join(FIXTURES, `${n}.tsv`)));
  const sets = Object.fromEntries(names.map((n) => [n, parseReplySet(readFileSync(join(FIXTURES, `${n}.tsv`), 'utf8'))]));
  const tLoad = performance.now();
  const negativity = loadModel();
  const modelLoadMs = performance.now() - tLoad;
  const pStop = loadStopModel();
  const paths: ({ name: string } & Opinions)[] = [{ name: 'rules' }];
  if (pStop) paths.push({ name: 'rules+reply model', pStop });
  else console.error('bench: models/replies missing; measuring without the reply model');
  if (negativity) paths.push({ name: 'rules+both models', negativity, ...(pStop ? { pStop } : {}) });
  else console.error('bench: models/sentiment missing; measuring without the sentiment model');

  const results: Record<string, unknown>[] = [];
  const md: string[] = [];
  for (const p of paths) {
    for (const [setName, rows] of Object.entries(sets)) {
      const s = score(rows, p);
      const title = `${setName}.tsv, ${p.name}: ${s.n} replies; language ${s.lang.right} right, ${s.lang.wrong} wrong, ${s.lang.unsure} unsure of ${s.lang.labelled}; opt-outs missed ${s.missedStops.length}, no read as yes ${s.noReadAsYes.length}`;
      console.log(`\n${title}\n${scoreTable(s)}`);
      md.push(`**${title}**\n\n${scoreTable(s)}\n`);
      results.push({ set: setName, path: p.name, n: s.n, accuracy: s.accuracy, perIntent: s.perIntent, lang: s.lang, missedStops: s.missedStops, noReadAsYes: s.noReadAsYes, misses: s.misses });
    }
  }
  const texts = Object.values(sets).flat().map((r) => r.text);
  const speed = paths.map((p) => ({ path: p.name, repliesPerSec: Math.round(throughput(texts, p.name === 'rules' ? passes : Math.max(1, Math.round(passes / 4)), p)) }));
  const speedTable = ['| path | replies/s |', '|---|---:|', ...speed.map((s) => `| ${s.path} | ${s.repliesPerSec.toLocaleString('en-US')} |`)].join('\n');
  console.log(`\nThroughput (${texts.length} distinct replies, batches of ${BATCH}; model load ${Math.round(modelLoadMs)} ms)\n${speedTable}`);
  md.push(`**Throughput** (${texts.length} distinct replies repeated, batches of ${BATCH}, one process; sentiment model load ${Math.round(modelLoadMs)} ms)\n\n${speedTable}\n`);
  const pub = publicTweets(passes);
  console.log(`\n${pub.md}`);
  md.push(pub.md);
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'replies.json'), JSON.stringify({ at: new Date().toISOString(), node: process.version, modelLoadMs, speed, results, publicTweets: pub.results }, null, 2));
  writeFileSync(join(OUT, 'replies.md'), md.join('\n'));
  console.log(`\nwrote bench/results/replies.json and bench/results/replies.md`);
}

/**
 * Opt-outs said in public tweets (ingest's reading, src/ingest/public-optouts.ts): recall and
 * precision per written set, rules only and with the reply model, and tweets/s per path (median of
 * the passes, all sets' tweets in batches as ingest reads them).
 */
function publicTweets(passes: number): { md: string; results: Record<string, unknown>[] } {
  const dir = join(ROOT, 'test', 'fixtures', 'public-tweets');
  const results: Record<string, unknown>[] = [];
  const rows: string[] = ['| set | tweets | path | opt-out recall | precision | others read as opt-out |', '|---|---:|---|---:|---:|---:|'];
  const all: IncomingTweet[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.tsv')).sort()) {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
    const batch = lines.map((c, i) => ({ id: `${file}:${i}`, text: c[2]!, authorId: String(i), createdAt: '' }));
    all.push(...batch);
    for (const [path, model] of [['rules', null], ['rules+reply model', undefined]] as const) {
      const hit = new Set(publicOptOuts(batch, model).map((o) => o.tweet.id));
      let tp = 0, fn = 0, fp = 0;
      lines.forEach((c, i) => { const got = hit.has(`${file}:${i}`); if (c[0] === 'optout') { if (got) tp++; else fn++; } else if (got) fp++; });
      const r = { set: file, tweets: lines.length, path, recall: tp / (tp + fn), precision: tp / (tp + fp), falseOptOuts: fp };
      results.push(r);
      rows.push(`| ${file} | ${lines.length} | ${path} | ${(100 * r.recall).toFixed(1)} % | ${(100 * r.precision).toFixed(1)} % | ${fp} |`);
    }
  }
  const rate = (model: null | undefined) => {
    const perPass: number[] = [];
    for (let i = 0; i < Math.max(3, Math.round(passes / 4)); i++) {
      const t0 = performance.now();
      for (let s = 0; s < all.length; s += 500) publicOptOuts(all.slice(s, s + 500), model);
      perPass.push(all.length / ((performance.now() - t0) / 1000));
    }
    return Math.round(perPass.sort((a, b) => a - b)[Math.floor(perPass.length / 2)]!);
  };
  const speed = { rules: rate(null), withModel: rate(undefined) };
  results.push({ speed });
  const md = `**Opt-outs in public tweets** (the held-out-* sets were never tuned on)\n\n${rows.join('\n')}\n\nThroughput, ${all.length} tweets in batches of 500: rules ${speed.rules.toLocaleString('en-US')} tweets/s, rules + reply model ${speed.withModel.toLocaleString('en-US')} tweets/s\n`;
  return { md, results };
}

main();
