// `chirpflow reply classify`: one reply per stdin line → one JSON reading per stdout line,
// {"intent","lang","why"}. Two models give second opinions when they load (--no-model skips both):
// the reply model turns a reply it finds clearly an opt-out into stop, and the sentiment model turns
// a reply the rules leave as `other` (or a weak yes) that it finds clearly negative into a decline.
import type { Command } from 'commander';
import { UserError } from '../../errors';

interface Flags { model: string | boolean }

type Negativity = (texts: string[]) => number[];

/** Loads the sentiment model; a missing default model means rules only (with a note), a bad --model is an error. */
function loadNegativity(flags: Flags): Negativity | undefined {
  if (flags.model === false) return undefined;
  const ml = require('../../ml/index') as typeof import('../../ml/index');
  const dir = typeof flags.model === 'string' ? flags.model : ml.DEFAULT_SENTIMENT_PATH;
  try {
    const model = new ml.SentimentModel(ml.loadTaskModel('sentiment', dir));
    return (texts) => model.predict(texts).map((r) => r.probs.negative);
  } catch (err) {
    if (typeof flags.model === 'string') throw new UserError(`--model: ${(err as Error).message}`);
    process.stderr.write(`chirpflow: sentiment model not loaded (${(err as Error).message}); reading replies by rules only\n`);
    return undefined;
  }
}

export function register(program: Command): void {
  const cmd = program.command('reply').description('reply reading commands');
  cmd
    .command('classify')
    .description('read one reply per line on stdin, write one JSON {"intent","lang","why"} per line on stdout')
    .option('--model <dir>', 'sentiment model directory for the second opinion (default: models/sentiment)')
    .option('--no-model', 'rules only: do not load the sentiment model or the reply model')
    .action(async (flags: Flags) => {
      const { readReply } = require('../../domain/conversation/classify') as typeof import('../../domain/conversation/classify');
      const { classifyLines } = require('../replyStream') as typeof import('../replyStream');
      const negativity = loadNegativity(flags);
      const { shippedStopProbabilities } = require('../../ml/reply-stop') as typeof import('../../ml/reply-stop');
      const stop = flags.model === false ? undefined : shippedStopProbabilities;
      await classifyLines(process.stdin, process.stdout, (lines) => {
        const pStop = stop?.(lines.map((l) => l.text));
        const hint = (i: number) => (pStop ? { stopProbability: pStop[i] } : {});
        const readings = lines.map((l, i) => readReply(l.text, hint(i)));
        // Only replies the model could change (other, yes) are scored: the rules' stop, decline and help stand.
        const ask = negativity ? readings.flatMap((r, i) => (r.intent === 'other' || r.intent === 'yes' ? [i] : [])) : [];
        if (ask.length && negativity) {
          const neg = negativity(ask.map((i) => lines[i]!.text));
          ask.forEach((i, j) => { readings[i] = readReply(lines[i]!.text, { ...hint(i), negativity: neg[j] }); });
        }
        return readings.map((r, i) => (lines[i]!.invalidUtf8 ? { ...r, note: 'invalid UTF-8 replaced' } : r));
      });
    });
}
