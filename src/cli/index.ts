// The `chirpflow` command. Each file in ./commands registers one subcommand, so features add
// commands without touching this file.
import { Command } from 'commander';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors';

const program = new Command('chirpflow')
  .description('Find the people talking about your brand on X and start real conversations.')
  .showHelpAfterError();

const dir = join(__dirname, 'commands');
for (const file of readdirSync(dir).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort()) {
  const mod = require(join(dir, file)) as { register?: (p: Command) => void };
  mod.register?.(program);
}

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof UserError) {
    process.stderr.write(`chirpflow: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
});
