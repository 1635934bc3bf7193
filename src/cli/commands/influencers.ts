// `chirpflow influencers rising [--limit N]`: the rising-influencer forecasts from the stored
// influence history, one JSON object per person (largest predicted gain first). Reads the database
// (MONGODB_URI / MONGODB_DB like the services).
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { UserError } from '../../errors';
import { connectStore } from '../../store';
import { RISING_MAX, risingInfluencers } from '../../analytics/rising';

export function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return 50;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > RISING_MAX) throw new UserError(`--limit: a whole number from 1 to ${RISING_MAX}, got ${JSON.stringify(raw)}`);
  return n;
}

export function register(program: Command): void {
  const cmd = program.command('influencers').description('influencer forecasts from the stored influence history (needs database access)');
  cmd.command('rising')
    .description('people whose influence is forecast to grow most next period, with an 80 % interval')
    .option('--limit <n>', 'how many (1-500)', undefined)
    .action(async (o: { limit?: string }) => {
      const limit = parseLimit(o.limit);
      const config = loadConfig();
      const store = await connectStore(config.mongoUri, config.MONGODB_DB);
      try {
        const r = await risingInfluencers(store.db, limit);
        if (!r.period) process.stderr.write('no influence history yet: the influence schedule writes a snapshot per period after each run\n');
        else process.stderr.write(`period ${r.period}: ${r.items.length} people\n`);
        for (const item of r.items) process.stdout.write(`${JSON.stringify({ period: r.period, ...item })}\n`);
      } finally {
        await store.close();
      }
    });
}
