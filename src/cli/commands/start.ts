import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('start')
    .description('start the whole stack (embedded Temporal, FerretDB and X emulator unless env vars point elsewhere)')
    .option('--no-demo', 'do not start the demo campaign')
    .action(async (o: { demo: boolean }) => {
      // Loaded on use: the stack's imports are heavy and other commands should start fast.
      const { startStack } = await import('../../stack/supervisor');
      await startStack({ demo: o.demo });
    });
}
