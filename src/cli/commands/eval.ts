// `chirpflow eval sentiment|emotion --data PATH --format ...`: macro-recall, macro-F1, accuracy, confusion.
import type { Command } from 'commander';
import { EVAL_FORMATS, type TaskName } from '../../ml/data';
import { UserError } from '../../errors';
import { parseChoice } from '../../ml/options';

interface EvalFlags { data?: string; format?: string; model?: string; split?: string; json?: boolean }

export function register(program: Command): void {
  program
    .command('eval')
    .description('score a model on labeled tweets')
    .argument('<task>', 'sentiment | emotion')
    .requiredOption('--data <path>', 'labeled data (file, or TweetEval task folder)')
    .requiredOption('--format <format>', `data format: ${EVAL_FORMATS.join('|')}`)
    .option('--model <dir>', 'model directory (default: models/<task>)')
    .option('--split <split>', 'TweetEval split: train|val|test (default: test if present, else val)')
    .option('--json', 'print the metrics as JSON')
    .action(async (taskArg: string, flags: EvalFlags) => {
      const task = parseChoice<TaskName>('task', taskArg, ['sentiment', 'emotion']);
      const format = parseChoice('--format', flags.format, EVAL_FORMATS);
      const split = flags.split === undefined ? undefined : parseChoice('--split', flags.split, ['train', 'val', 'test'] as const);
      if (!flags.data) throw new UserError('--data: a path is required');
      const { loadEvalSet } = require('../../ml/data') as typeof import('../../ml/data');
      const set = loadEvalSet(flags.data, format, task, split);
      if (set.texts.length === 0) throw new UserError(`--data: no labeled rows found in ${flags.data}`);
      const { loadTaskModel, DEFAULT_EMOTION_PATH, DEFAULT_SENTIMENT_PATH } = require('../../ml/index') as typeof import('../../ml/index');
      const { evaluateModel } = require('../../ml/pipeline') as typeof import('../../ml/pipeline');
      const { formatMetrics } = require('../../ml/metrics') as typeof import('../../ml/metrics');
      const dir = flags.model ?? (task === 'sentiment' ? DEFAULT_SENTIMENT_PATH : DEFAULT_EMOTION_PATH);
      let model;
      try {
        model = loadTaskModel(task, dir);
      } catch (err) {
        throw new UserError(`--model: ${(err as Error).message}`);
      }
      const m = evaluateModel(model, set);
      if (flags.json) process.stdout.write(JSON.stringify({ model: model.meta.version, ...m }) + '\n');
      else process.stdout.write(`model ${model.meta.version}\n${formatMetrics(m)}\n`);
    });
}
