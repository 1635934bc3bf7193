// `chirpflow emotion predict` (and the shared predict command used by `sentiment predict`).
import type { Command } from 'commander';
import { UserError } from '../../errors';

export function registerPredict(program: Command, task: 'sentiment' | 'emotion'): void {
  const cmd = program.command(task).description(`${task} model commands`);
  cmd
    .command('predict')
    .description(`read one text per line on stdin, write one JSON ${task} result per line on stdout`)
    .option('--model <dir>', `model directory (default: models/${task})`)
    .action(async (flags: { model?: string }) => {
      const ml = require('../../ml/index') as typeof import('../../ml/index');
      const { predictLines } = require('../../ml/predictStream') as typeof import('../../ml/predictStream');
      const dir = flags.model ?? (task === 'sentiment' ? ml.DEFAULT_SENTIMENT_PATH : ml.DEFAULT_EMOTION_PATH);
      let model;
      try {
        model = ml.loadTaskModel(task, dir);
      } catch (err) {
        throw new UserError(`--model: ${(err as Error).message}`);
      }
      const predictor = task === 'sentiment' ? new ml.SentimentModel(model) : new ml.EmotionModel(model);
      await predictLines(process.stdin, process.stdout, (texts) => predictor.predict(texts));
    });
}

export function register(program: Command): void {
  registerPredict(program, 'emotion');
}
