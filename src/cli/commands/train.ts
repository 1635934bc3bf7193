// `chirpflow train sentiment|emotion --data PATH --format ...`: trains and atomically writes a model.
import type { Command } from 'commander';
import { join } from 'node:path';
import { UserError } from '../../errors';
import { TRAIN_FORMATS, type TaskName } from '../../ml/data';
import { formatMetrics } from '../../ml/metrics';
import { parseChoice, parseFloatOption, parseIntOption } from '../../ml/options';

interface TrainFlags { members?: string; lr?: string; dropout?: string; balance?: string; initFrom?: string; data?: string; format?: string; out?: string; seed?: string; epochs?: string }

export function register(program: Command): void {
  program
    .command('train')
    .description('train the sentiment or emotion model on labeled tweets')
    .argument('<task>', 'sentiment | emotion')
    .requiredOption('--data <path>', 'labeled data: TweetEval task folder, Sentiment140 CSV, or CSV with text,label columns')
    .requiredOption('--format <format>', `data format: ${TRAIN_FORMATS.join('|')}`)
    .option('--out <dir>', 'model directory to write (default: models/<task>)')
    .option('--seed <n>', 'random seed (same seed + data = same weights)', '42')
    .option('--init-from <dir>', 'start from the embedding table of another model (e.g. models/sentiment for emotion)')
    .option('--epochs <n>', 'maximum epochs (early stopping may end sooner)', '6')
    .option('--members <n>', 'seed-ensemble size, merged into one model (default: sentiment 1, emotion 4)')
    .option('--lr <x>', 'Adam learning rate (default 0.003)')
    .option('--dropout <x>', 'dropout rate (default 0.3)')
    .option('--balance <x>', 'class balancing: 0 none … 1 fully balanced loss (default: sentiment 1, emotion 0.5)')
    .action(async (taskArg: string, flags: TrainFlags) => {
      const task = parseChoice<TaskName>('task', taskArg, ['sentiment', 'emotion']);
      const format = parseChoice('--format', flags.format, TRAIN_FORMATS);
      if (!flags.data) throw new UserError('--data: a path is required');
      const seed = parseIntOption('--seed', flags.seed, 0, 2 ** 31 - 1);
      const epochs = parseIntOption('--epochs', flags.epochs, 1, 1000);
      const members = parseIntOption('--members', flags.members, 1, 16);
      const hyper = {
        learningRate: parseFloatOption('--lr', flags.lr, 1e-6, 1),
        dropout: parseFloatOption('--dropout', flags.dropout, 0, 0.95),
        balance: parseFloatOption('--balance', flags.balance, 0, 2),
      };
      const outDir = flags.out ?? join(__dirname, '..', '..', '..', 'models', task);
      // Loaded lazily so that `chirpflow --help` does not pay for TensorFlow start-up.
      const { trainTask } = require('../../ml/pipeline') as typeof import('../../ml/pipeline');
      const { createProgressBar } = require('../../ml/progress') as typeof import('../../ml/progress');
      const bar = createProgressBar();
      const res = trainTask({
        task, data: flags.data, format, outDir, seed, epochs, members, initFrom: flags.initFrom, hyper,
        onProgress: (p) => bar.update(p),
        onEpoch: (e) => {
          bar.done();
          process.stderr.write(`${e.member ? `member ${e.member}/${e.members ?? 1} ` : ''}epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, validation ${task === 'sentiment' ? 'macro-recall' : 'macro-F1'} ${(100 * e.score).toFixed(2)}${e.best ? ' (best)' : ''}\n`);
        },
      });
      bar.done();
      process.stdout.write(`wrote ${outDir} (version ${res.meta.version}; ${res.trainRows} training rows, ${res.validRows} validation rows)\n`);
      process.stdout.write(formatMetrics(res.valid) + '\n');
    });
}
