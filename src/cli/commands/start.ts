import type { Command } from 'commander';
import { startStack } from '../../stack/supervisor';

export function register(program: Command): void {
  program
    .command('start')
    .description('start the whole stack (embedded Temporal, FerretDB and X emulator unless env vars point elsewhere)')
    .option('--no-demo', 'do not start the demo campaign')
    .action(async (o: { demo: boolean }) => { await startStack({ demo: o.demo }); });
}
